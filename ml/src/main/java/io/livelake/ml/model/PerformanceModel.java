package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import io.livelake.ml.weights.Network;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The trained performance model: the indicators it reads (those the training data supports, in code
 * order), the min-max scaler fitted on the training part, the perceptron over the grades, and the
 * grading that turns grade probabilities into an expected score.
 */
public record PerformanceModel(List<Indicator> indicators, MinMaxScalerModel scaler,
    MultilayerPerceptronClassificationModel mlp, Grading grading) {
  /** The scaled feature vector the models read. */
  public static final String FEATURES = "features";
  static final String RAW_FEATURES = "raw_features";
  /** Expected outcome over the predicted grade probabilities. */
  public static final String SCORE = "score";
  /** Most probable grade, 1-based. */
  public static final String GRADE = "grade";

  /** The {@code indicators}' columns of prepared rows as one vector column, unscaled. */
  static Dataset<Row> assemble(Dataset<Row> prepared, List<Indicator> indicators) {
    return new VectorAssembler().setInputCols(TrainingInput.featureColumns(indicators).toArray(String[]::new))
        .setOutputCol(RAW_FEATURES).transform(prepared);
  }

  /** Adds the scaled {@link #FEATURES} vector to prepared rows. */
  public Dataset<Row> features(Dataset<Row> prepared) {
    return scaler.transform(assemble(prepared, indicators)).drop(RAW_FEATURES);
  }

  /** Adds {@link #SCORE} and {@link #GRADE} to prepared rows. */
  public Dataset<Row> score(Dataset<Row> prepared) {
    Dataset<Row> p = mlp.transform(features(prepared));
    return p.withColumn(SCORE, grading.expectedScore(org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64")))
        .withColumn(GRADE, col("prediction").cast("int").plus(1))
        .drop(FEATURES, "rawPrediction", "probability", "prediction");
  }

  /** The perceptron as plain arrays for the indicator weights. */
  public Network network() { return Network.of(mlp); }
}
