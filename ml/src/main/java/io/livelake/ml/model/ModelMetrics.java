package io.livelake.ml.model;

/** Held-out quality of one model of a training run (a row of the paper's Table 7). */
public record ModelMetrics(String model, double mae, double rmse, double r2, double trainSeconds) {
  public static final String MLP = "mlp";
  public static final String LINEAR_REGRESSION = "linear_regression";
  public static final String RANDOM_FOREST = "random_forest";
  public static final String GBT = "gbt";
}
