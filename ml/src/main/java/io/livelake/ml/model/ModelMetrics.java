package io.livelake.ml.model;

/**
 * Quality of one model of a training run (a row of the paper's Table 7): held out by the seeded split,
 * and cross-validated when the data is small ({@code cv}, else null).
 */
public record ModelMetrics(String model, double mae, double rmse, double r2, double trainSeconds, CrossValidation cv) {
  public static final String MLP = "mlp";
  public static final String LINEAR_REGRESSION = "linear_regression";
  public static final String RANDOM_FOREST = "random_forest";
  public static final String GBT = "gbt";

  /** R2 over {@code folds} folds: their mean and its 95% interval (Student's t over the folds). */
  public record CrossValidation(int folds, double r2, double r2Low, double r2High) {}

  /** These metrics with a cross-validation. */
  public ModelMetrics withCrossValidation(CrossValidation c) { return new ModelMetrics(model, mae, rmse, r2, trainSeconds, c); }
}
