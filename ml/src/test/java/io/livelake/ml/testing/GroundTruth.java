package io.livelake.ml.testing;

import io.livelake.indicators.Indicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic session indicators with a known truth: the 14 normalized indicators uniform in [0, 1] and
 * an outcome that is a steep sigmoid of their weighted sum plus a little noise, so every indicator's
 * effect is proportional to its weight (the true ranking) while the response is clearly non-linear.
 */
public final class GroundTruth {
  /** True relative importances in indicator order A11..A51: all distinct, A41 first as in paper 001's Fig. 4. */
  public static final double[] WEIGHTS = {11, 5, 3, 4, 9, 6, 8, 13, 10, 7, 14, 1, 2, 12};
  /** Steepness of the sigmoid: about 2 standard deviations of the weighted sum per unit of the logit. */
  public static final double STEEPNESS = 25;
  public static final double NOISE = 0.02;

  private GroundTruth() {}

  /** {@code n} sessions (session_id, n_a11..n_a51, outcome) drawn with {@code seed}. */
  public static Dataset<Row> sessions(SparkSession spark, int n, long seed) {
    StructType schema = new StructType().add("session_id", DataTypes.StringType);
    for (String c : Indicator.normalizedColumns()) schema = schema.add(c, DataTypes.DoubleType);
    schema = schema.add("outcome", DataTypes.DoubleType);
    double total = 0;
    for (double w : WEIGHTS) total += w;
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      Object[] v = new Object[WEIGHTS.length + 2];
      v[0] = String.format("s%07d", s);
      double sum = 0;
      for (int i = 0; i < WEIGHTS.length; i++) {
        double x = rnd.nextDouble();
        v[i + 1] = x;
        sum += WEIGHTS[i] / total * x;
      }
      v[v.length - 1] = 1 / (1 + Math.exp(-STEEPNESS * (sum - 0.5))) + NOISE * rnd.nextGaussian();
      rows.add(RowFactory.create(v));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * {@code sessions} as gold.session_indicators holds them: each indicator also as measured (its gold
   * column; A42, negative, as 1 - n), since whether the data supports an indicator is judged on that.
   */
  public static Dataset<Row> asGold(Dataset<Row> sessions) {
    Dataset<Row> out = sessions;
    for (Indicator i : Indicator.values()) {
      Column n = functions.col(i.normalizedColumn());
      out = out.withColumn(i.column(), i.positive() ? n : functions.lit(1.0).minus(n));
    }
    return out;
  }
}
