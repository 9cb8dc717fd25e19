package io.livelake.ml.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.ml.testing.GroundTruth;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training on 80 sessions: every model is cross-validated, and the output says the data is small before any figure. */
class SmallDataTest {
  static Lake lake;
  static TrainJob.Trained trained;
  static final List<String> log = new ArrayList<>();

  @BeforeAll
  static void trainOn80Sessions() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("small"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    lake.ensure(Tables.SESSION_INDICATORS);
    GroundTruth.asGold(GroundTruth.sessions(lake.spark(), 80, 9)).write().format("delta").mode("append")
        .save(lake.path(Tables.SESSION_INDICATORS));
    trained = TrainJob.run(lake, config, TrainJob.Input.lake(), log::add);
  }

  @Test
  void everyModelHasAFiveFoldR2WithItsInterval() {
    assertEquals(4, trained.result().metrics().size());
    for (ModelMetrics m : trained.result().metrics()) {
      ModelMetrics.CrossValidation cv = m.cv();
      assertNotNull(cv, m.model());
      assertEquals(5, cv.folds());
      assertTrue(cv.r2Low() < cv.r2() && cv.r2() < cv.r2High(), m.toString());
      assertTrue(log.contains(String.format(java.util.Locale.ROOT, "cross-validation: %s R2 %.3f [%.3f, %.3f]", m.model(),
          cv.r2(), cv.r2Low(), cv.r2High())), log.toString());
    }
    Row mlp = lake.read(Tables.MODEL_METRICS).where(col("model").equalTo("mlp")).first();
    ModelMetrics.CrossValidation cv = trained.result().metrics(ModelMetrics.MLP).cv();
    assertEquals(List.of(5, cv.r2(), cv.r2Low(), cv.r2High()), List.of(mlp.getAs("cv_folds"), mlp.getAs("cv_r2"),
        mlp.getAs("cv_r2_low"), mlp.getAs("cv_r2_high")));
  }

  @Test
  void theSmallDataWarningComesWithTheModelAndItsCrossValidatedR2() {
    ModelMetrics.CrossValidation cv = trained.result().metrics(ModelMetrics.MLP).cv();
    String expected = String.format(java.util.Locale.ROOT, "only 80 sessions for a 14-5-1 network with 81 weights: one "
        + "split's held-out %d sessions are too few to judge a model by, so read the 5-fold cross-validated R2 and its 95%% "
        + "interval (perceptron %.2f [%.2f, %.2f]) rather than the single split", trained.result().testRows(), cv.r2(),
        cv.r2Low(), cv.r2High());
    assertEquals(expected, trained.warnings().get(0));
    assertEquals(trained.warnings(), ModelRegistry.of(lake).get(trained.metadata().version()).warnings(), "kept in the registry");
    assertTrue(log.contains("warning: " + expected), log.toString());
  }

  @Test
  void aHeldOutOutcomeOfOneValueIsRefusedBeforeAnyModelIsFitted() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("small-constant"));
    Lake constant = new Lake(TestSpark.session(), LakePaths.of(config));
    constant.ensure(Tables.SESSION_INDICATORS);
    // The sessions the seeded split holds out (keyed as TrainingInput keys them) all get the outcome 3.
    Column heldOut = Trainer.split(ModelParams.from(config));
    Dataset<Row> sessions = GroundTruth.sessions(constant.spark(), 80, 9)
        .withColumn(TrainingInput.KEY, xxhash64(col("session_id").cast("string")));
    long held = sessions.where(heldOut).count();
    GroundTruth.asGold(sessions.withColumn("outcome", when(heldOut, lit(3.0)).otherwise(col("outcome")))
        .drop(TrainingInput.KEY)).write().format("delta").mode("append").save(constant.path(Tables.SESSION_INDICATORS));
    List<String> lines = new ArrayList<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainJob.run(constant, config, TrainJob.Input.lake(), lines::add));
    assertEquals("the " + held + " held-out rows all have the same outcome (3.0), so the models' held-out R2 and the "
        + "permutation weights are undefined: 80 rows are too few to judge a model by. Train on more sessions, or split "
        + "them otherwise with model.test.fraction (now 0.2) or model.seed (now 42)", e.getMessage());
    assertTrue(held >= 2 && lines.stream().noneMatch(l -> l.startsWith("perceptron")), held + " held out; " + lines);
  }

  @Test
  void aFoldOfOneOutcomeIsLeftOutOfTheCrossValidation() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("small-fold"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    lake.ensure(Tables.SESSION_INDICATORS);
    // The first fold's sessions (as the cross-validation draws them from the keys) all get the outcome 3.
    ModelParams p = ModelParams.from(config);
    Column firstFold = pmod(xxhash64(col(TrainingInput.KEY), lit(p.seed() + 7)), lit(p.cvFolds())).equalTo(0);
    Dataset<Row> sessions = GroundTruth.sessions(lake.spark(), 80, 9)
        .withColumn(TrainingInput.KEY, xxhash64(col("session_id").cast("string")));
    GroundTruth.asGold(sessions.withColumn("outcome", when(firstFold, lit(3.0)).otherwise(col("outcome")))
        .drop(TrainingInput.KEY)).write().format("delta").mode("append").save(lake.path(Tables.SESSION_INDICATORS));
    List<String> lines = new ArrayList<>();
    TrainJob.Trained t = TrainJob.run(lake, config, TrainJob.Input.lake(), lines::add);
    assertTrue(lines.contains("cross-validation: fold 1 holds out one outcome only (3.0): it has no R2 and is left out "
        + "of the mean"), lines.toString());
    for (ModelMetrics m : t.result().metrics()) {
      ModelMetrics.CrossValidation cv = m.cv();
      assertEquals(4, cv.folds(), m.model());
      assertTrue(Double.isFinite(cv.r2Low()) && cv.r2Low() < cv.r2() && cv.r2() < cv.r2High()
          && Double.isFinite(cv.r2High()), m.toString());
    }
  }
}
