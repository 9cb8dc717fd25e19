package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import java.util.List;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The trained performance model: the indicators it reads (those the training data supports, in code
 * order), the min-max scaler fitted on the training part, paper 001's network as a regression
 * ({@link RegressionNetwork}), and the grading of the training outcome that labels each score with
 * its grade.
 */
public record PerformanceModel(List<Indicator> indicators, MinMaxScalerModel scaler, RegressionNetwork network,
    Grading grading) {
  /** The scaled feature vector the models read. */
  public static final String FEATURES = "features";
  static final String RAW_FEATURES = "raw_features";
  /** The predicted outcome. */
  public static final String SCORE = "score";
  /** The grade the score falls in, 1-based: its quantile band of the training outcome. */
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
    Dataset<Row> scored = features(prepared).withColumn(SCORE, network.predict(col(FEATURES)));
    return grading.grade(scored, SCORE, "_grade").withColumn(GRADE, col("_grade").cast("int").plus(1))
        .drop(FEATURES, "_grade");
  }
}
