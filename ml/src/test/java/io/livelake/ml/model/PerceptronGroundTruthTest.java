package io.livelake.ml.model;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.Indicator;
import io.livelake.ml.testing.AdditiveTruth;
import io.livelake.ml.testing.Ranks;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paper 001's 14-5-1 network as a regression ({@link RegressionNetwork}) against a known non-linear
 * truth ({@link AdditiveTruth}) that linear regression cannot fit: at 500 and 5,000 rows, two data and
 * model seeds each, it must come close to the truth's own held-out R2 (about 0.97), beat MLlib's
 * linear regression on the same 80/20 split, and rank the indicators by permutation importance as the
 * truth does.
 */
class PerceptronGroundTruthTest {
  static final String FEATURES = "features";
  static final String LABEL = "label";
  /** Results per (rows, data seed, model seed), so the forward-pass check reuses a fit. */
  static final Map<List<Long>, Result> RESULTS = new ConcurrentHashMap<>();

  record Split(double[][] trainX, double[] trainY, double[][] testX, double[] testY) {}

  record Result(Split split, RegressionNetwork net, double r2, double lrR2, double truthR2, double spearman, double seconds) {}

  static Stream<Arguments> cases() {
    return Stream.of(Arguments.of(500, 1L, 42L), Arguments.of(500, 2L, 7L), Arguments.of(5000, 1L, 42L),
        Arguments.of(5000, 2L, 7L));
  }

  @ParameterizedTest(name = "{0} rows, data seed {1}, model seed {2}")
  @MethodSource("cases")
  void fitsTheTruthBeatsLinearRegressionAndRanksTheIndicators(int rows, long dataSeed, long modelSeed) {
    Result r = result(rows, dataSeed, modelSeed);
    String text = String.format(Locale.ROOT, "%d rows, seeds %d/%d: network R2 %.4f, linear regression %.4f, truth %.4f, "
        + "Spearman %.3f, fit %.1f s", rows, dataSeed, modelSeed, r.r2(), r.lrR2(), r.truthR2(), r.spearman(), r.seconds());
    System.out.println(text);
    double needed = rows >= 5000 ? 0.95 : 0.9;
    assertAll(
        // The truth is honest: a line explains little of it, and the noise leaves about 0.97 reachable.
        () -> assertTrue(r.lrR2() < 0.8, "linear regression should not fit the truth: " + text),
        () -> assertTrue(r.truthR2() > 0.96, "the truth itself: " + text),
        () -> assertTrue(r.r2() >= needed, "network R2 below " + needed + ": " + text),
        () -> assertTrue(r.r2() > r.lrR2(), "network behind linear regression: " + text),
        () -> assertTrue(r.spearman() >= 0.9, "permutation ranking vs true ranking: " + text));
  }

  /** A short fit (fewer iterations than the defaults, to keep the test quick) repeated on the same rows and seed. */
  @Test
  void sameSeedsGiveTheSameNetwork() {
    Split s = split(AdditiveTruth.draw(500, 3), 3);
    RegressionNetwork.Params p = new RegressionNetwork.Params(5, 0.5, 40, 2, 20, 0.2, 1e-7, 11, 0);
    RegressionNetwork first = RegressionNetwork.fit(frame(s.trainX(), s.trainY()), FEATURES, LABEL, p);
    RegressionNetwork again = RegressionNetwork.fit(frame(s.trainX(), s.trainY()), FEATURES, LABEL, p);
    for (double[] x : s.testX()) assertEquals(first.score(x), again.score(x), 0.0);
    assertArrayEquals(first.objectiveHistory(), again.objectiveHistory(), 0.0);
  }

  /**
   * The driver's L-BFGS (below model.local.below rows) takes MLlib's path: same validation part, same
   * iterations and objective values, the same network up to rounding.
   */
  @Test
  void localFitFollowsTheDistributedFit() {
    Split s = split(AdditiveTruth.draw(500, 3), 3);
    RegressionNetwork distributed = RegressionNetwork.fit(frame(s.trainX(), s.trainY()), FEATURES, LABEL,
        new RegressionNetwork.Params(5, 0.5, 60, 3, 20, 0.2, 1e-7, 11, 0));
    RegressionNetwork local = RegressionNetwork.fit(frame(s.trainX(), s.trainY()), FEATURES, LABEL,
        new RegressionNetwork.Params(5, 0.5, 60, 3, 20, 0.2, 1e-7, 11, Integer.MAX_VALUE));
    double[] expected = distributed.objectiveHistory();
    double[] actual = local.objectiveHistory();
    assertEquals(expected.length, actual.length, "iterations");
    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), "objective " + i);
    for (double[] x : s.testX()) assertEquals(distributed.score(x), local.score(x), 1e-6);
  }

  @Test
  void networkColumnAndScoreAreTheSameForwardPass() {
    Result r = result(500, 1, 42);
    Split s = r.split();
    List<Row> scored = frame(s.testX(), s.testY()).withColumn("p", r.net().predict(functions.col(FEATURES)))
        .select(FEATURES, "p").collectAsList();
    IndicatorImportance importance = new IndicatorImportance(r.net().network(), List.of(Indicator.values()),
        s.testX(), s.testY());
    for (Row row : scored) {
      double[] x = ((org.apache.spark.ml.linalg.Vector) row.get(0)).toArray();
      assertEquals(r.net().score(x), row.getDouble(1), 1e-12);
      assertEquals(r.net().score(x), importance.score(x), 1e-12);
    }
    assertArrayEquals(new int[] {14, 5, 1}, r.net().layers());
  }

  static Result result(int rows, long dataSeed, long modelSeed) {
    return RESULTS.computeIfAbsent(List.of((long) rows, dataSeed, modelSeed), k -> run(rows, dataSeed, modelSeed));
  }

  static Result run(int rows, long dataSeed, long modelSeed) {
    Split s = split(AdditiveTruth.draw(rows, dataSeed), dataSeed);
    Dataset<Row> train = frame(s.trainX(), s.trainY()).cache();
    train.count();
    long t0 = System.nanoTime();
    RegressionNetwork net = RegressionNetwork.fit(train, FEATURES, LABEL, RegressionNetwork.Params.defaults(modelSeed));
    double seconds = (System.nanoTime() - t0) / 1e9;
    LinearRegressionModel lr = new LinearRegression().setFeaturesCol(FEATURES).setLabelCol(LABEL).fit(train);
    train.unpersist();
    List<IndicatorWeight> weights = new IndicatorImportance(net.network(), List.of(Indicator.values()),
        s.testX(), s.testY()).compute(0, modelSeed, done -> {});
    int[] ranks = new int[Indicator.values().length];
    for (IndicatorWeight w : weights) {
      if (w.method().equals(IndicatorImportance.PERMUTATION)) ranks[w.indicator().ordinal()] = w.rank();
    }
    double rho = Ranks.spearman(Ranks.descending(AdditiveTruth.importance()), ranks);
    return new Result(s, net, r2(net::score, s), r2(x -> lr.predict(Vectors.dense(x)), s), r2(AdditiveTruth::truth, s), rho,
        seconds);
  }

  /** A seeded 80/20 split of the drawn rows. */
  static Split split(AdditiveTruth.Table t, long seed) {
    int n = t.y().length;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) order.add(i);
    java.util.Collections.shuffle(order, new Random(seed));
    int nTrain = n * 8 / 10;
    double[][] trainX = new double[nTrain][];
    double[] trainY = new double[nTrain];
    double[][] testX = new double[n - nTrain][];
    double[] testY = new double[n - nTrain];
    for (int i = 0; i < n; i++) {
      int k = order.get(i);
      if (i < nTrain) {
        trainX[i] = t.x()[k];
        trainY[i] = t.y()[k];
      } else {
        testX[i - nTrain] = t.x()[k];
        testY[i - nTrain] = t.y()[k];
      }
    }
    return new Split(trainX, trainY, testX, testY);
  }

  static Dataset<Row> frame(double[][] x, double[] y) {
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add(FEATURES, SQLDataTypes.VectorType()).add(LABEL, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) rows.add(RowFactory.create(Vectors.dense(x[i]), y[i]));
    // One partition: at these sizes each L-BFGS step is one small Spark job, and fewer tasks keep the test quick.
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  /** Held-out R2 of a scoring function, relative to the held-out mean. */
  static double r2(java.util.function.ToDoubleFunction<double[]> f, Split s) {
    double mean = Arrays.stream(s.testY()).average().orElseThrow();
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < s.testY().length; i++) {
      double e = s.testY()[i] - f.applyAsDouble(s.testX()[i]);
      sse += e * e;
      sst += (s.testY()[i] - mean) * (s.testY()[i] - mean);
    }
    return 1 - sse / sst;
  }
}
