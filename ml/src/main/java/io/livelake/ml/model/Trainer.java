package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.Settings;
import io.livelake.indicators.Indicator;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.MinMaxScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains the performance model of paper 001 on prepared rows ({@link TrainingInput}): a seeded
 * split, the paper's network as a regression ({@link RegressionNetwork}; chosen over MLlib's
 * classifier over outcome grades by measurement, docs/perceptron-choice.md), the MLlib baselines
 * (linear regression, random forest, gradient-boosted trees with MLlib's default sizes) on the same
 * split and features, held-out MAE/RMSE/R2, loss curves and indicator weights.
 * Below model.cv.below sessions, one split is too small to judge a model by, so every model is also
 * cross-validated over model.cv.folds seeded folds of all rows.
 */
public final class Trainer {
  private static final String PREDICTION = "prediction";
  private static final String TEST = "is_test";
  private static final long SPLIT_BUCKETS = 1_000_000L;

  private Trainer() {}

  /** Runs the whole training; {@code log} receives one line per stage. */
  public static TrainingResult train(TrainingInput.Prepared input, ModelParams p, Consumer<String> log) {
    List<Indicator> indicators = input.indicators();
    Dataset<Row> prepared = input.rows();
    Dataset<Row> complete = prepared.na().drop();
    Dataset<Row> all = complete.withColumn(TEST, split(p));
    long total = prepared.count();
    Dataset<Row> train = ordered(all.filter(not(col(TEST))), p).cache();
    Dataset<Row> test = ordered(all.filter(col(TEST)), p).cache();
    long trainRows = train.count();
    long testRows = test.count();
    long dropped = total - trainRows - testRows;
    if (trainRows < 10 || testRows < 2) {
      throw new IllegalArgumentException("too few rows to train on: " + trainRows + " for training and " + testRows
          + " held out (of " + total + ", " + dropped + " with missing or infinite values)");
    }
    Row outcomes = test.agg(min(TrainingInput.LABEL), max(TrainingInput.LABEL)).first();
    if (outcomes.getDouble(0) == outcomes.getDouble(1)) {
      // Before the fits, not after them: every held-out R2 would be 1 - MSE / 0.
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the %,d held-out rows all have the same outcome "
          + "(%s), so the models' held-out R2 and the permutation weights are undefined: %,d rows are too few to judge "
          + "a model by. Train on more sessions, or split them otherwise with %s (now %s) or %s (now %d)", testRows,
          outcomes.getDouble(0), trainRows + testRows, Settings.MODEL_TEST_FRACTION.key(), p.testFraction(),
          Settings.MODEL_SEED.key(), p.seed()));
    }
    log.accept(String.format(Locale.ROOT, "split: %,d training and %,d held-out rows (seed %d%s)", trainRows, testRows,
        p.seed(), dropped > 0 ? String.format(Locale.ROOT, "; %,d rows with missing or infinite values left out", dropped) : ""));

    Fit fit = fit(train, test, indicators, p, log);
    PerformanceModel model = new PerformanceModel(indicators, fit.scaler(), fit.network(),
        Grading.fit(train, TrainingInput.LABEL, p.grades()));
    List<HistoryPoint> history = new ArrayList<>();
    double[] objective = fit.network().objectiveHistory();
    for (int i = 0; i < objective.length; i++) {
      history.add(new HistoryPoint(ModelMetrics.MLP, i, "train", objective[i], "squared_error"));
    }
    double[] lrObjective = fit.lr().summary().objectiveHistory();
    for (int i = 0; i < lrObjective.length; i++) {
      history.add(new HistoryPoint(ModelMetrics.LINEAR_REGRESSION, i, "train", lrObjective[i], "objective"));
    }
    for (String part : List.of("train", "test")) {
      double[] errors = fit.gbt().evaluateEachIteration(part.equals("train") ? fit.trainX() : fit.testX(), "squared");
      for (int i = 0; i < errors.length; i++) history.add(new HistoryPoint(ModelMetrics.GBT, i, part, errors[i], "squared_error"));
    }
    List<ModelMetrics> metrics = fit.metrics();
    if (trainRows + testRows < p.cvBelow()) metrics = crossValidated(complete, metrics, indicators, p, log);

    log.accept(String.format(Locale.ROOT, "indicator weights: permutation and connection weights, %d bootstrap rounds",
        p.bootstrapRounds()));
    List<IndicatorWeight> weights = importance(model, fit.testX(), testRows, p, log);
    fit.trainX().unpersist();
    fit.testX().unpersist();
    train.unpersist();
    test.unpersist();
    return new TrainingResult(model, p, List.copyOf(metrics), List.copyOf(history), weights, input.leftOut(), trainRows,
        testRows, dropped);
  }

  /** The perceptron and the baselines fitted on one part and measured on the other. */
  private record Fit(MinMaxScalerModel scaler, RegressionNetwork network, LinearRegressionModel lr, GBTRegressionModel gbt, List<ModelMetrics> metrics,
      Dataset<Row> trainX, Dataset<Row> testX) {}

  private static Fit fit(Dataset<Row> train, Dataset<Row> test, List<Indicator> indicators, ModelParams p,
      Consumer<String> log) {
    MinMaxScalerModel scaler = new MinMaxScaler().setInputCol(PerformanceModel.RAW_FEATURES)
        .setOutputCol(PerformanceModel.FEATURES).fit(PerformanceModel.assemble(train, indicators));
    Dataset<Row> trainX = scaler.transform(PerformanceModel.assemble(train, indicators))
        .select(col(TrainingInput.KEY), col(PerformanceModel.FEATURES), col(TrainingInput.LABEL)).cache();
    trainX.count();
    Dataset<Row> testX = scaler.transform(PerformanceModel.assemble(test, indicators))
        .select(col(TrainingInput.KEY), col(PerformanceModel.FEATURES), col(TrainingInput.LABEL)).cache();

    log.accept("perceptron " + layersText(p.layers(indicators.size())) + " (sigmoid hidden units, linear output), squared "
        + "error, L-BFGS: " + p.restarts() + " random starts, then up to " + p.maxIter() + " iterations");
    long t0 = System.nanoTime();
    RegressionNetwork network = RegressionNetwork.fit(trainX, PerformanceModel.FEATURES, TrainingInput.LABEL, p.network());
    double mlpSeconds = seconds(t0);
    List<ModelMetrics> metrics = new ArrayList<>();
    metrics.add(evaluate(ModelMetrics.MLP, testX.withColumn(PREDICTION, network.predict(col(PerformanceModel.FEATURES))),
        mlpSeconds));
    log.accept(String.format(Locale.ROOT, "perceptron: %d iterations in %.1f s", network.objectiveHistory().length,
        mlpSeconds));

    log.accept("baselines: linear regression, random forest, gradient-boosted trees");
    t0 = System.nanoTime();
    LinearRegressionModel lr = new LinearRegression().setFeaturesCol(PerformanceModel.FEATURES)
        .setLabelCol(TrainingInput.LABEL).fit(trainX);
    metrics.add(evaluate(ModelMetrics.LINEAR_REGRESSION, lr.transform(testX), seconds(t0)));
    t0 = System.nanoTime();
    var rf = new RandomForestRegressor().setFeaturesCol(PerformanceModel.FEATURES).setLabelCol(TrainingInput.LABEL)
        .setSeed(p.seed()).fit(trainX);
    metrics.add(evaluate(ModelMetrics.RANDOM_FOREST, rf.transform(testX), seconds(t0)));
    t0 = System.nanoTime();
    GBTRegressionModel gbt = new GBTRegressor().setFeaturesCol(PerformanceModel.FEATURES).setLabelCol(TrainingInput.LABEL)
        .setSeed(p.seed()).fit(trainX);
    metrics.add(evaluate(ModelMetrics.GBT, gbt.transform(testX), seconds(t0)));
    return new Fit(scaler, network, lr, gbt, metrics, trainX, testX);
  }

  /**
   * {@code metrics} with each model's R2 over {@code p.cvFolds()} seeded folds of {@code rows}: the
   * mean and its 95% interval (Student's t over the folds' R2). A fold that holds out one outcome only has
   * no R2 (its variance is 0) and is left out, said in the log; the folds counted are those with one.
   * Fewer than two such folds give no cross-validation.
   */
  private static List<ModelMetrics> crossValidated(Dataset<Row> rows, List<ModelMetrics> metrics, List<Indicator> indicators,
      ModelParams p, Consumer<String> log) {
    int folds = p.cvFolds();
    Dataset<Row> folded = rows.withColumn("_fold", pmod(xxhash64(col(TrainingInput.KEY), lit(p.seed() + 7)), lit(folds)));
    double[][] r2 = new double[metrics.size()][folds];
    int k = 0;
    for (int f = 0; f < folds; f++) {
      log.accept("cross-validation: fold " + (f + 1) + " of " + folds);
      Dataset<Row> in = ordered(folded.filter(col("_fold").notEqual(f)).drop("_fold"), p).cache();
      Dataset<Row> out = ordered(folded.filter(col("_fold").equalTo(f)).drop("_fold"), p).cache();
      Row outcomes = out.agg(min(TrainingInput.LABEL), max(TrainingInput.LABEL)).first();
      if (outcomes.isNullAt(0) || outcomes.getDouble(0) == outcomes.getDouble(1)) {
        log.accept("cross-validation: fold " + (f + 1) + " holds out " + (outcomes.isNullAt(0) ? "no row"
            : "one outcome only (" + outcomes.getDouble(0) + ")") + ": it has no R2 and is left out of the mean");
      } else {
        Fit fold = fit(in, out, indicators, p, line -> {});
        for (int m = 0; m < metrics.size(); m++) r2[m][k] = fold.metrics().get(m).r2();
        k++;
        fold.trainX().unpersist();
        fold.testX().unpersist();
      }
      in.unpersist();
      out.unpersist();
    }
    if (k < 2) {
      log.accept("cross-validation: fewer than 2 of the " + folds + " folds have an R2, so there is none to report");
      return metrics;
    }
    List<ModelMetrics> out = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      double mean = 0;
      for (int f = 0; f < k; f++) mean += r2[m][f] / k;
      double var = 0;
      for (int f = 0; f < k; f++) var += (r2[m][f] - mean) * (r2[m][f] - mean) / (k - 1);
      double half = new TDistribution(k - 1).inverseCumulativeProbability(0.975) * Math.sqrt(var / k);
      ModelMetrics held = metrics.get(m);
      out.add(held.withCrossValidation(new ModelMetrics.CrossValidation(k, mean, mean - half, mean + half)));
      log.accept(String.format(Locale.ROOT, "cross-validation: %s R2 %.3f [%.3f, %.3f]", held.model(), mean, mean - half,
          mean + half));
    }
    return out;
  }

  /** Whether a row is held out: a seeded hash of its key, so the split ignores partitioning and row order. */
  static Column split(ModelParams p) {
    return pmod(xxhash64(col(TrainingInput.KEY), lit(p.seed())), lit(SPLIT_BUCKETS))
        .lt(lit(Math.round(p.testFraction() * SPLIT_BUCKETS)));
  }

  /** A fixed partitioning and order, since MLlib's results depend on both. */
  private static Dataset<Row> ordered(Dataset<Row> rows, ModelParams p) {
    return rows.repartition(p.partitions(), col(TrainingInput.KEY)).sortWithinPartitions(TrainingInput.KEY);
  }

  private static List<IndicatorWeight> importance(PerformanceModel model, Dataset<Row> testX, long testRows, ModelParams p,
      Consumer<String> log) {
    Dataset<Row> sample = testRows <= p.importanceRows() ? testX
        : testX.orderBy(xxhash64(col(TrainingInput.KEY), lit(p.seed() + 1))).limit(p.importanceRows());
    List<Row> rows = sample.orderBy(TrainingInput.KEY).select(PerformanceModel.FEATURES, TrainingInput.LABEL)
        .collectAsList();
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = ((Vector) rows.get(i).get(0)).toArray();
      y[i] = rows.get(i).getDouble(1);
    }
    int step = Math.max(1, p.bootstrapRounds() / 4);
    return new IndicatorImportance(model.network().network(), model.indicators(), x, y).compute(p.bootstrapRounds(), p.seed(),
        done -> {
          if (done % step == 0) log.accept("bootstrap: " + done + "/" + p.bootstrapRounds() + " rounds");
        });
  }

  /** MAE, RMSE and R2 of {@code prediction} against the outcome, R2 relative to the held-out mean. */
  static ModelMetrics evaluate(String model, Dataset<Row> scored, double trainSeconds) {
    Column err = col(TrainingInput.LABEL).minus(col(PREDICTION));
    Row r = scored.agg(avg(abs(err)), avg(err.multiply(err)), var_pop(col(TrainingInput.LABEL))).first();
    double mse = r.getDouble(1);
    return new ModelMetrics(model, r.getDouble(0), Math.sqrt(mse), 1 - mse / r.getDouble(2), trainSeconds, null);
  }

  static String layersText(int[] layers) {
    return String.join("-", java.util.Arrays.stream(layers).mapToObj(Integer::toString).toList());
  }

  private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }
}
