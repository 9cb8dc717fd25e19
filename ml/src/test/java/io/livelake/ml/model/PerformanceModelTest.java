package io.livelake.ml.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.apache.spark.sql.functions.col;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.Indicator;
import io.livelake.ml.registry.ModelMetadata;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.ml.testing.GroundTruth;
import io.livelake.ml.testing.Ranks;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import io.livelake.ml.weights.Network;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The performance model on sessions whose outcome is a known non-linear function of the indicators,
 * trained once through the job with the default (paper) setting: a 14-5-1 network.
 */
class PerformanceModelTest {
  static final int SESSIONS = 3000;
  static Lake lake;
  static LiveLakeConfig config;
  static Dataset<Row> sessions;
  static TrainJob.Trained trained;

  @BeforeAll
  static void trainOnGroundTruth() {
    SparkSession spark = TestSpark.session();
    Path dir = TestSpark.newDir("model");
    config = TestSpark.config(dir);
    lake = new Lake(spark, io.livelake.spark.LakePaths.of(config));
    sessions = GroundTruth.sessions(spark, SESSIONS, 7);
    lake.ensure(Tables.SESSION_INDICATORS);
    GroundTruth.asGold(sessions).write().format("delta").mode("append").save(lake.path(Tables.SESSION_INDICATORS));
    trained = TrainJob.run(lake, config, TrainJob.Input.lake(), s -> {});
  }

  @Test
  void defaultsAreThePapers14By5By1Network() {
    assertArrayEquals(new int[] {14, 5, 1}, trained.metadata().layers());
  }

  @Test
  void recoversTheKnownFunctionBetterThanLinearRegression() {
    TrainingResult r = trained.result();
    ModelMetrics mlp = r.metrics(ModelMetrics.MLP);
    ModelMetrics lr = r.metrics(ModelMetrics.LINEAR_REGRESSION);
    assertTrue(mlp.r2() >= 0.9, "held-out R2 of the perceptron " + mlp.r2());
    assertTrue(mlp.r2() > lr.r2(), "perceptron " + mlp.r2() + " vs linear regression " + lr.r2());
    assertTrue(mlp.rmse() < lr.rmse() && mlp.mae() < lr.mae(), r.metrics().toString());
    assertEquals(4, r.metrics().size());
    assertEquals(SESSIONS, r.trainRows() + r.testRows());
    assertEquals(0.2, r.testRows() / (double) SESSIONS, 0.03);
  }

  @Test
  void permutationRankingMatchesTheTrueRanking() {
    int[] truth = Ranks.descending(GroundTruth.WEIGHTS);
    double rho = Ranks.spearman(truth, ranks(IndicatorImportance.PERMUTATION));
    assertTrue(rho >= 0.8, "Spearman of the permutation ranking " + rho);
    assertEquals(Indicator.A41, top(IndicatorImportance.PERMUTATION));
  }

  /**
   * Olden's connection weights ignore how saturated each hidden unit is, so with 5 hidden units they
   * rank less exactly than permutation: the ranking still follows the truth and separates the strongest
   * indicators from the weakest, but it is the permutation ranking that meets 0.8.
   */
  @Test
  void connectionWeightRankingFollowsTheTrueRanking() {
    int[] truth = Ranks.descending(GroundTruth.WEIGHTS);
    int[] cw = ranks(IndicatorImportance.CONNECTION_WEIGHT);
    double rho = Ranks.spearman(truth, cw);
    String ranking = "truth " + java.util.Arrays.toString(truth) + ", connection weights " + java.util.Arrays.toString(cw);
    assertTrue(rho >= 0.6, "Spearman " + rho + ": " + ranking);
    // Each of the 3 strongest indicators ranks above each of the 3 weakest.
    for (Indicator strong : List.of(Indicator.A41, Indicator.A31, Indicator.A51)) {
      for (Indicator weak : List.of(Indicator.A42, Indicator.A43, Indicator.A13)) {
        assertTrue(cw[strong.ordinal()] < cw[weak.ordinal()], strong + " vs " + weak + ": " + ranking);
      }
    }
  }

  @Test
  void weightsAreSharesWithIntervals() {
    for (String method : List.of(IndicatorImportance.PERMUTATION, IndicatorImportance.CONNECTION_WEIGHT)) {
      List<IndicatorWeight> ws = trained.result().weights().stream().filter(w -> w.method().equals(method)).toList();
      assertEquals(14, ws.size());
      assertEquals(1.0, ws.stream().mapToDouble(IndicatorWeight::weight).sum(), 1e-9);
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
          ws.stream().map(IndicatorWeight::rank).sorted().toList());
      for (IndicatorWeight w : ws) {
        assertTrue(w.ciLow() <= w.ciHigh() && w.ciLow() >= 0 && w.ciHigh() <= 1, w.toString());
      }
      // The top indicator's interval excludes the weight of the least important one: the ranking is not noise.
      IndicatorWeight first = ws.stream().filter(w -> w.rank() == 1).findFirst().orElseThrow();
      IndicatorWeight last = ws.stream().filter(w -> w.rank() == 14).findFirst().orElseThrow();
      assertTrue(first.ciLow() > last.ciHigh(), first + " vs " + last);
    }
  }

  @Test
  void sameSeedAndDataGiveTheSameMetricsAndRanking() {
    ModelParams p = ModelParams.from(config);
    TrainingResult again = Trainer.train(TrainingInput.labelled(lake.read(Tables.SESSION_INDICATORS), "outcome", "t", 0.1),
        p, s -> {});
    TrainingResult first = trained.result();
    for (ModelMetrics m : first.metrics()) {
      ModelMetrics n = again.metrics(m.model());
      assertEquals(m.mae(), n.mae(), 0.0, m.model());
      assertEquals(m.rmse(), n.rmse(), 0.0, m.model());
      assertEquals(m.r2(), n.r2(), 0.0, m.model());
    }
    assertEquals(first.weights(), again.weights());
    assertEquals(first.history(), again.history());
  }

  @Test
  void tablesHoldTheVersionsMetricsHistoryAndWeights() {
    String v = trained.metadata().version();
    Dataset<Row> metrics = lake.read(Tables.MODEL_METRICS).filter("model_version = '" + v + "'");
    assertEquals(List.of("gbt", "linear_regression", "mlp", "random_forest"),
        metrics.select("model").orderBy("model").collectAsList().stream().map(r -> r.getString(0)).toList());
    double r2 = metrics.filter("model = 'mlp'").select("r2").first().getDouble(0);
    assertEquals(trained.result().metrics(ModelMetrics.MLP).r2(), r2, 0.0);

    List<Row> mlpLoss = lake.read(Tables.TRAINING_HISTORY)
        .filter("model_version = '" + v + "' and model = 'mlp'").orderBy("iteration").collectAsList();
    assertTrue(mlpLoss.size() > 10, "iterations " + mlpLoss.size());
    assertTrue(mlpLoss.get(mlpLoss.size() - 1).<Double>getAs("loss") < mlpLoss.get(0).<Double>getAs("loss") / 2);
    assertTrue(lake.read(Tables.TRAINING_HISTORY).filter("model = 'gbt' and dataset = 'test'").count() > 0);

    Dataset<Row> weights = lake.read(Tables.INDICATOR_WEIGHTS).filter("model_version = '" + v + "'");
    assertEquals(28, weights.count());
    Row top = weights.filter("method = 'permutation' and rank = 1").first();
    assertEquals("A41", top.getAs("indicator"));
    assertEquals("comments and ratings", top.getAs("name"));
  }

  @Test
  void registryRoundTripAndScores() {
    ModelRegistry registry = ModelRegistry.of(lake);
    ModelMetadata meta = trained.metadata();
    assertEquals(meta.version(), registry.latest().orElseThrow().version());
    assertTrue(meta.version().matches("m\\d{8}-\\d{6}-[0-9a-f]{8}"), meta.version());
    assertEquals(Tables.SESSION_INDICATORS.fullName(), meta.input());
    assertEquals(lake.delta(Tables.SESSION_INDICATORS).history(1).first().<Long>getAs("version"), meta.inputDeltaVersion());
    assertEquals(42L, meta.seed());
    assertEquals(trained.result().metrics(), registry.get(meta.version()).metrics());
    assertThrows(IllegalArgumentException.class, () -> registry.get("m19990101-000000-00000000"));

    PerformanceModel loaded = registry.load(meta);
    ScoreJob.Scored s = ScoreJob.run(lake, null, x -> {});
    assertEquals(SESSIONS, s.sessions());
    assertEquals(meta.version(), s.model().version());
    Dataset<Row> scores = lake.read(Tables.PERFORMANCE_SCORES);
    assertEquals(SESSIONS, scores.count());
    assertEquals(0, scores.filter("grade < 1 or grade > 10 or model_version <> '" + meta.version() + "'").count());

    // The loaded model's Spark scores equal the network's own forward pass (the basis of the weights).
    Network net = loaded.network().network();
    IndicatorImportance local = new IndicatorImportance(net, loaded.indicators(), new double[2][14], new double[2]);
    double[] min = loaded.scaler().originalMin().toArray();
    double[] max = loaded.scaler().originalMax().toArray();
    for (Row r : scores.join(sessions, "session_id").orderBy("session_id").limit(50).collectAsList()) {
      double[] x = new double[14];
      for (int i = 0; i < 14; i++) {
        x[i] = (r.<Double>getAs(Indicator.values()[i].normalizedColumn()) - min[i]) / (max[i] - min[i]);
      }
      assertEquals(local.score(x), r.<Double>getAs("score"), 1e-9);
    }
    assertEquals(SESSIONS * 14L, s.levers());
    Dataset<Row> levers = lake.read(Tables.SESSION_LEVERS);
    assertEquals(SESSIONS * 14L, levers.count());
    assertEquals(0, levers.groupBy("session_id").agg(org.apache.spark.sql.functions.max("rank").alias("m"))
        .where("m <> 14").count());
    // Scoring again replaces the sessions' rows instead of adding to them.
    ScoreJob.run(lake, meta.version(), x -> {});
    assertEquals(SESSIONS, lake.read(Tables.PERFORMANCE_SCORES).count());
  }

  /**
   * Levers on planted sessions. Anchor "planted" on platform x: "best" has every indicator at 0.9,
   * "mid" all at 0.5, where the true outcome is steepest, so each indicator's gain follows its true
   * weight and A41 (the largest) comes first. Anchor "other" on platform y: "a12" and "a12best" are at
   * 0.5 everywhere but A12, 0.1 and 0.9: A12 is the only indicator "a12" can raise, and the one lever.
   */
  @Test
  void leversRankTheIndicatorWhoseMoveRaisesTheScoreMost() {
    StructType schema = new StructType().add("session_id", DataTypes.StringType).add("anchor_id", DataTypes.StringType)
        .add("platform", DataTypes.StringType);
    for (String c : Indicator.normalizedColumns()) schema = schema.add(c, DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (String id : List.of("best", "mid", "a12", "a12best")) {
      boolean other = id.startsWith("a12");
      Object[] v = new Object[3 + 14];
      v[0] = id;
      v[1] = other ? "other" : "planted";
      v[2] = other ? "y" : "x";
      for (int i = 0; i < 14; i++) {
        v[3 + i] = id.equals("best") ? 0.9 : other && i == Indicator.A12.ordinal() ? (id.equals("a12") ? 0.1 : 0.9) : 0.5;
      }
      rows.add(RowFactory.create(v));
    }
    Map<String, List<Row>> bySession = new java.util.TreeMap<>();
    for (Row r : Levers.of(trained.result().model(), lake.spark().createDataFrame(rows, schema)).orderBy("session_id", "rank")
        .collectAsList()) {
      bySession.computeIfAbsent(r.getAs("session_id"), k -> new ArrayList<>()).add(r);
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
        bySession.get("mid").stream().map(r -> r.<Integer>getAs("rank")).toList());
    Row first = bySession.get("mid").get(0);
    assertEquals(List.of("A41", "comments and ratings", 0.5, 0.9), List.of(first.getAs("indicator"), first.getAs("name"),
        first.getAs("value"), first.getAs("anchor_best")));
    // The 75th percentile of platform x's 0.5 and 0.9 is 0.8.
    assertEquals(0.8, first.<Double>getAs("platform_p75"), 1e-12);
    assertTrue(first.<Double>getAs("gain_anchor_best") > 0.05, first.toString());
    Row a12 = bySession.get("a12").get(0);
    assertEquals("A12", a12.getAs("indicator"));
    assertTrue(a12.<Double>getAs("gain_anchor_best") > 0, a12.toString());
    for (Row r : bySession.get("a12").subList(1, 14)) assertEquals(0.0, r.<Double>getAs("gain_anchor_best"), 0.0, r.toString());
    for (Row r : bySession.get("best")) {
      assertEquals(0.0, r.<Double>getAs("gain_anchor_best"), 0.0, "already the anchor's best: " + r);
      assertEquals(0.0, r.<Double>getAs("gain_platform_p75"), 0.0, "already at the platform's 75th percentile: " + r);
    }
  }

  @Test
  void externalInputWithBadColumnsIsOneClearError() throws Exception {
    Path csv = TestSpark.newDir("input").resolve("survey.csv");
    StringBuilder sb = new StringBuilder("A11,A12,A13,A14,A21,A22,A23,A31,A32,A33,A41,A43,A51,outcome\n");
    sb.append("1,2,3,4,5,6,7,8,9,x,1,2,3,4\n");
    Files.writeString(csv, sb.toString());
    InputTable.Loaded t = InputTable.read(lake.spark(), csv.toString(), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingInput.labelled(t.table(), "outcome", "--input " + csv, 0.1));
    assertEquals("--input " + csv + ": non-numeric columns: A33 (string, e.g. 'x') (found: A11, A12, A13, A14, A21, A22, A23, A31, "
        + "A32, A33, A41, A43, A51, outcome)", e.getMessage());
    IllegalArgumentException noOutcome = assertThrows(IllegalArgumentException.class,
        () -> TrainingInput.labelled(t.table(), "gmv", "--input " + csv, 0.1));
    assertTrue(noOutcome.getMessage().contains("missing columns: gmv (outcome); non-numeric columns: A33 (string, e.g. 'x')"),
        noOutcome.getMessage());
    // One row: no indicator can be trained on; each is named with its reason.
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> TrainingInput.labelled(t.table().drop("A33"), "outcome", "--input " + csv, 0.1));
    assertTrue(none.getMessage().startsWith("--input " + csv + ": no indicator can be trained on, since the data supports "
        + "none of them: A11 viewing duration: there is only 1 session, and a model learns from differences between "
        + "sessions"), none.getMessage());
    assertTrue(none.getMessage().contains("; A33 click rate of goods: the input has no column for it; "), none.getMessage());
    assertTrue(none.getMessage().endsWith(" (found: A11, A12, A13, A14, A21, A22, A23, A31, A32, A41, A43, A51, outcome)"),
        "the columns found, since some indicators have none: " + none.getMessage());
    // Every indicator has its column: the values are the reason, and the columns are not listed.
    Path all = Files.writeString(csv.resolveSibling("all.csv"), String.join(",", CODES) + ",outcome\n" + TWOS + ",1\n"
        + TWOS + ",3\n");
    IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> TrainingInput.labelled(
        InputTable.read(lake.spark(), all.toString(), null).table(), "outcome", "--input " + all, 0.1));
    assertTrue(same.getMessage().endsWith("; A51 advertising CTR: the same value (2) in all 2 sessions, so it tells no "
        + "session from another (measured as ad clicks / ad impressions)"), same.getMessage());
    // One row with every column: one reason for all, said once.
    Path one = Files.writeString(csv.resolveSibling("one.csv"), String.join(",", CODES) + ",outcome\n" + TWOS + ",1\n");
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> TrainingInput.labelled(
        InputTable.read(lake.spark(), one.toString(), null).table(), "outcome", "--input " + one, 0.1));
    assertEquals("--input " + one + ": no indicator can be trained on, since the data supports none of them: there is only "
        + "1 session, and a model learns from differences between sessions", single.getMessage());
    assertThrows(IllegalArgumentException.class, () -> InputTable.read(lake.spark(), csv + ".missing", null));
  }

  /** The indicators' codes, the columns of a platform's own table. */
  private static final List<String> CODES = java.util.Arrays.stream(Indicator.values()).map(Indicator::name).toList();
  /** A row of that table with every indicator 2. */
  private static final String TWOS = String.join(",", CODES.stream().map(c -> "2").toList());

  /** {@code rows} (each indicators and a score) under the codes' header, prepared for training on score. */
  private static TrainingInput.Prepared platformTable(String name, String rows) throws Exception {
    Path csv = TestSpark.newDir("input").resolve(name);
    Files.writeString(csv, String.join(",", CODES) + ",score\n" + rows);
    return TrainingInput.labelled(InputTable.read(lake.spark(), csv.toString(), "csv").table(), "score", "csv", 0.1);
  }

  @Test
  void measuredIndicatorsAreReadByCodeAndMadeForward() throws Exception {
    // Two rows, so every indicator varies and is supported.
    TrainingInput.Prepared p = platformTable("platform.csv", TWOS + ",0.5\n" + TWOS.replace("2", "3") + ",0.7\n");
    Row r = p.rows().orderBy("label").first();
    assertEquals(2.0, r.<Double>getAs("n_a41"), 0.0);
    assertEquals(-2.0, r.<Double>getAs("n_a42"), 0.0);
    assertEquals(0.5, r.<Double>getAs(TrainingInput.LABEL), 0.0);
    assertEquals(CODES, p.sourceColumns());
  }

  @Test
  void infiniteValuesAreMissingAsNaNIs() throws Exception {
    // A CSV's 1e400 is read as Infinity: one such value made the network's scaled features degenerate.
    TrainingInput.Prepared p = platformTable("infinite.csv", TWOS + ",0.5\n" + TWOS.replace("2", "3") + ",0.7\n"
        + TWOS.replaceFirst("2", "1e400") + ",0.6\n" + TWOS.replaceFirst("2", "-Infinity") + ",0.6\n"
        + TWOS + ",Infinity\n" + TWOS.replaceFirst("2", "NaN") + ",0.6\n");
    assertEquals(6, p.rows().count());
    assertEquals(List.of(0.5, 0.7), p.rows().na().drop().orderBy("label").select("label").as(
        org.apache.spark.sql.Encoders.DOUBLE()).collectAsList(), "the rows with an infinite or NaN value are left out");
    assertEquals(3, p.rows().where(col("n_a11").isNull()).count() + p.rows().where(col("label").isNull()).count());
  }

  private static int[] ranks(String method) {
    int[] r = new int[14];
    trained.result().weights().stream().filter(w -> w.method().equals(method))
        .forEach(w -> r[w.indicator().ordinal()] = w.rank());
    return r;
  }

  private static Indicator top(String method) {
    return trained.result().weights().stream().filter(w -> w.method().equals(method) && w.rank() == 1)
        .findFirst().orElseThrow().indicator();
  }
}
