package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.Indicator;
import io.livelake.indicators.IndicatorSupport;
import io.livelake.ml.registry.ModelMetadata;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.ml.testing.GroundTruth;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A data set without comments, gifts or ads, and with reviews in few sessions (an access log of a
 * shop, say): the model is trained on the 10 indicators it supports, and the weights table names the
 * 4 it left out and why instead of giving them a weight and a rank.
 */
class UnsupportedIndicatorsTest {
  static final int SESSIONS = 500;
  static final List<Indicator> LEFT_OUT = List.of(Indicator.A12, Indicator.A13, Indicator.A41, Indicator.A51);
  static Lake lake;
  static TrainJob.Trained trained;
  static final List<String> log = new ArrayList<>();

  @BeforeAll
  static void trainOnALogWithoutComments() {
    // Cross-validation (below 500 sessions by default) is SmallDataTest's subject, not this one's.
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("unsupported"), Map.of("model.cv.below", "0"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Dataset<Row> gold = GroundTruth.asGold(GroundTruth.sessions(lake.spark(), SESSIONS, 3))
        // No comment and no gift events: 0 in every session, and so normalized to 0.
        .withColumn(Indicator.A12.column(), lit(0.0)).withColumn(Indicator.A12.normalizedColumn(), lit(0.0))
        .withColumn(Indicator.A13.column(), lit(0.0)).withColumn(Indicator.A13.normalizedColumn(), lit(0.0))
        // No ad impressions: no CTR at all.
        .withColumn(Indicator.A51.column(), lit(null).cast("double")).withColumn(Indicator.A51.normalizedColumn(), lit(0.0))
        // Reviews in the 15 sessions s0000000..s0000014 only (3%).
        .withColumn(Indicator.A41.column(), when(col("session_id").lt("s0000015"), col(Indicator.A41.column())))
        .withColumn(Indicator.A41.normalizedColumn(),
            when(col("session_id").lt("s0000015"), col(Indicator.A41.normalizedColumn())).otherwise(0.0));
    lake.ensure(Tables.SESSION_INDICATORS);
    gold.write().format("delta").mode("append").save(lake.path(Tables.SESSION_INDICATORS));
    trained = TrainJob.run(lake, config, TrainJob.Input.lake(), log::add);
  }

  @Test
  void theModelReadsOnlyTheSupportedIndicators() {
    List<Indicator> used = List.of(Indicator.A11, Indicator.A14, Indicator.A21, Indicator.A22, Indicator.A23,
        Indicator.A31, Indicator.A32, Indicator.A33, Indicator.A42, Indicator.A43);
    assertEquals(used, trained.result().model().indicators());
    ModelMetadata meta = trained.metadata();
    assertEquals(used.stream().map(Indicator::name).toList(), meta.indicators());
    assertEquals(TrainingInput.featureColumns(used), meta.featureColumns());
    assertEquals(10, meta.layers()[0]);
    assertEquals(used, ModelRegistry.of(lake).load(meta).indicators(), "as the registry loads it");
    // A version saved before indicators could be left out records none: it reads all 14.
    ModelMetadata old = new ModelMetadata("m1", "t", "in", "delta", 1L, "outcome", null, List.of(), new int[0], null,
        new double[0], new double[0], Map.of(), 1, 1, 1, List.of(), null);
    assertEquals(List.of(Indicator.values()), old.inputs());
  }

  @Test
  void theLeftOutIndicatorsAreNamedWithTheirReasonInTheLogAndTheResult() {
    Map<Indicator, String> why = new TreeMap<>();
    for (IndicatorSupport.Verdict v : trained.result().leftOut()) why.put(v.indicator(), v.reason());
    assertEquals(Map.of(
        Indicator.A12, "the same value (0) in all 500 sessions, so it tells no session from another (measured as comment events)",
        Indicator.A13, "the same value (0) in all 500 sessions, so it tells no session from another "
            + "(measured as gift events (gift value kept in gift_value))",
        Indicator.A41, "a value in only 15 of 500 sessions (3%), below indicators.support.min.coverage 10%",
        Indicator.A51, "no value in any of the 500 sessions (measured as ad clicks / ad impressions)"), why);
    for (Indicator i : LEFT_OUT) {
      assertTrue(log.contains("left out " + i.name() + " " + i.title() + ": " + why.get(i)), log.toString());
    }
  }

  @Test
  void theWeightsTableGivesTheUsedOnesWeightsAndTheOthersAReason() {
    Dataset<Row> w = lake.read(Tables.INDICATOR_WEIGHTS).where(col("model_version").equalTo(trained.metadata().version()));
    assertEquals(28, w.count());
    for (String method : IndicatorImportance.METHODS) {
      List<Row> used = w.where(col("method").equalTo(method).and(col("left_out").isNull())).orderBy("rank").collectAsList();
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), used.stream().map(r -> r.<Integer>getAs("rank")).toList());
      assertEquals(1.0, used.stream().mapToDouble(r -> r.<Double>getAs("weight")).sum(), 1e-9);
      List<Row> out = w.where(col("method").equalTo(method).and(col("left_out").isNotNull())).orderBy("indicator")
          .collectAsList();
      assertEquals(LEFT_OUT.stream().map(Indicator::name).toList(), out.stream().map(r -> r.<String>getAs("indicator")).toList());
      for (Row r : out) {
        for (String c : List.of("weight", "rank", "ci_low", "ci_high", "raw_importance")) {
          assertTrue(r.isNullAt(r.fieldIndex(c)), c + " of " + r);
        }
      }
      assertEquals("a value in only 15 of 500 sessions (3%), below indicators.support.min.coverage 10%",
          out.get(2).getAs("left_out"));
      assertEquals("comments and ratings", out.get(2).getAs("name"));
    }
    for (IndicatorWeight x : trained.result().weights()) assertFalse(LEFT_OUT.contains(x.indicator()), x.toString());
  }

  @Test
  void scoringUsesTheModelsIndicators() {
    ScoreJob.Scored s = ScoreJob.run(lake, null, x -> {});
    assertEquals(SESSIONS, s.sessions());
    assertEquals(0, s.skipped());
  }
}
