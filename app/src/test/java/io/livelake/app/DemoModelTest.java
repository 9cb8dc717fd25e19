package io.livelake.app;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.IndicatorsJob;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.ml.model.ModelMetrics;
import io.livelake.ml.model.TrainJob;
import io.livelake.ml.weights.GroundTruthCheck;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.progress.Progress;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * What `demo` shows a new user about the model, on the demo's own generator settings (its 200,000
 * events, seed and market) through the real ingestion, indicators and train: the perceptron where it
 * truly stands, and the simulator's ground truth recovered.
 */
@IntegrationTest
class DemoModelTest {
  @Test
  void thePerceptronLeadsOnTheDemosDataAndRecoversTheTrueDrivers() throws Exception {
    Path dir = TestSpark.newDir("demo-model");
    Manifest manifest;
    try (JsonlFileSink sink = new JsonlFileSink(dir.resolve("events"), false, 250_000)) {
      manifest = new Simulator(SimulatorOptions.demo(Long.parseLong(DemoCommand.DEFAULT_SEED),
          Long.parseLong(DemoCommand.DEFAULT_EVENTS)))
          .run(sink, dir, Progress.silent());
    }
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    DimensionLoader.load(lake, dir.resolve("dimensions"));
    IngestionJob.start(lake, config, new IngestionJob.Options("files", null, null, dir.resolve("events").toString(), true),
        b -> {}).awaitTermination();
    IndicatorsJob.run(lake, config, false, s -> {});
    // The simulator's refunds and ratings come days after their session and carry it: its live minutes leave them
    // out, so each session's windows span its live hours and add up to what its orders paid.
    Dataset<Row> live = lake.read(Tables.REALTIME_KPIS).groupBy("session_id").agg(expr("sum(gmv)").alias("gmv"),
        expr("(max(unix_seconds(window_start)) - min(unix_seconds(window_start))) / 3600").alias("hours"));
    Dataset<Row> sessions = lake.read(Tables.SESSION_INDICATORS).select("session_id", "gmv_paid");
    assertTrue(sessions.count() >= 500 && live.count() == sessions.count(), live.count() + " sessions with live minutes");
    assertEquals(List.of(), live.join(sessions, "session_id").where("abs(gmv - gmv_paid) > 0.005 OR hours >= 12")
        .collectAsList());
    assertTrue(lake.read(Tables.EVENTS_OBT).where("session_id IS NOT NULL AND event_type IN ('order_refunded', 'rating')"
        + " AND event_time > session_end + INTERVAL 1 DAY").count() > 0, "refunds and ratings days after their session");
    TrainJob.Trained t = TrainJob.run(lake, config, TrainJob.Input.lake(), line -> {});

    long trained = t.result().trainRows() + t.result().testRows();
    assertTrue(trained >= 500, trained + " sessions: paper 001's setting needs at least 500");
    Map<String, ModelMetrics> m = t.result().metrics().stream()
        .collect(Collectors.toMap(ModelMetrics::model, Function.identity()));
    double mlp = m.get(ModelMetrics.MLP).r2();
    assertTrue(mlp >= 0.8, "perceptron held-out R2 " + mlp);
    for (String baseline : List.of(ModelMetrics.LINEAR_REGRESSION, ModelMetrics.RANDOM_FOREST, ModelMetrics.GBT)) {
      assertTrue(mlp > m.get(baseline).r2(), "perceptron " + mlp + " ahead of " + baseline + " " + m.get(baseline).r2());
    }
    assertEquals(List.of(), t.warnings(), "no warning on the demo's data");

    GroundTruthCheck permutation = GroundTruthCheck.of(manifest.outcomeTruth(), t.result().weights()).stream()
        .filter(c -> c.method().equals(IndicatorImportance.PERMUTATION)).findFirst().orElseThrow();
    assertEquals(5, permutation.drivers().size());
    assertEquals(5, permutation.inTop(), "the five true drivers are the permutation ranking's top five");
    assertTrue(permutation.spearman() >= 0.7, "Spearman " + permutation.spearman());
  }
}
