package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.ingestion.kpis.RealtimeKpis;
import io.livelake.ingestion.upkeep.TableUpkeep;
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
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;

/**
 * A continuous ingestion (not available-now) runs its layers' queries beside it: while they run, the
 * retraction layer takes the bot bursts' earlier rows out of the OBT, so it and the quarantine reach the
 * simulator's manifest, and gold.realtime_kpis reaches the aggregate of the OBT, without a catch-up at the end.
 */
@IntegrationTest
class ContinuousIngestionTest {

  @Test
  void theLayersBesideARunningIngestionKeepTheObtAndItsWindowsExact() throws Exception {
    Path dir = TestSpark.newDir("continuous-ingest");
    Manifest manifest;
    try (JsonlFileSink sink = new JsonlFileSink(dir.resolve("events"), true, 2_000)) {
      manifest = new Simulator(SimulatorOptions.defaults(5, 6_000)).run(sink, dir, Progress.silent());
    }
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"),
        Map.of("ingest.trigger", "1s", "ingest.kpi.interval", "1s", "ingest.retraction.interval", "1s",
            "ingest.upkeep.interval", "1s", "ingest.compact.every.batches", "1"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    DimensionLoader.load(lake, dir.resolve("dimensions"));
    List<LayerBatch> layerBatches = new CopyOnWriteArrayList<>();
    RunningIngestion q = IngestionJob.start(lake, config,
        new IngestionJob.Options("files", null, null, dir.resolve("events").toString(), false), b -> { },
        layerBatches::add);
    assertEquals(List.of("livelake-retractions", "livelake-kpi-windows", "livelake-table-upkeep"),
        q.layerQueries().stream().map(StreamingQuery::name).toList(), "the layers start with a continuous ingestion");
    long deadline = System.currentTimeMillis() + 180_000;
    List<String> expected = List.of();
    List<String> actual = List.of("not read yet");
    try {
      while (System.currentTimeMillis() < deadline) {
        Thread.sleep(2_000);
        // Until the retraction layer has moved every burst, the OBT holds more.
        if (lake.read(Tables.EVENTS_OBT).count() != manifest.expectedObtRows()) continue;
        expected = independentAggregate(lake);
        actual = kpis(lake);
        if (expected.equals(actual) && compacted(layerBatches)) break;
      }
      assertNull(q.layerFailure());
    } finally {
      q.stop();
    }
    assertEquals(manifest.expectedObtRows(), lake.read(Tables.EVENTS_OBT).count());
    assertFalse(expected.isEmpty());
    assertEquals(expected, actual, "the KPI layer reached the OBT's windows while the ingestion ran");
    Map<String, Long> quarantine = new TreeMap<>();
    for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      quarantine.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.expectedQuarantine(), quarantine);
    assertTrue(layerBatches.stream().anyMatch(b -> b.layer().equals(RealtimeKpis.LAYER)), layerBatches.toString());
    // The tables were compacted beside the stream (by the upkeep layer), and the counts above still hold;
    // the OBT only in the dates still open to on-time events, which the simulator's past days are not.
    assertTrue(compacted(layerBatches), layerBatches.toString());
    assertTrue(lake.delta(Tables.EVENTS_RAW).history().where("operation = 'OPTIMIZE'").count() > 0, layerBatches.toString());
  }

  /** Whether the upkeep layer has compacted the tables. */
  private static boolean compacted(List<LayerBatch> layerBatches) {
    return layerBatches.stream().anyMatch(b -> b.layer().equals(TableUpkeep.LAYER) && b.did().startsWith("compacted "));
  }

  /**
   * Per session and minute of its room's activity (refunds and ratings, days later, are none), from the OBT by plain
   * SQL: viewers, comments, likes, orders, buyers, gmv.
   */
  private static List<String> independentAggregate(Lake lake) {
    lake.read(Tables.EVENTS_OBT).createOrReplaceTempView("obt_now");
    return rows(lake.spark().sql("SELECT session_id, event_minute, count(DISTINCT user_id), "
        + "count_if(event_type = 'comment'), count_if(event_type = 'like'), count_if(event_type = 'order_paid'), "
        + "count(DISTINCT CASE WHEN event_type = 'order_paid' THEN user_id END), "
        + "round(coalesce(sum(CASE WHEN event_type = 'order_paid' THEN CAST(amount_reporting AS DECIMAL(38,10)) END), 0), 2) "
        + "FROM obt_now WHERE session_id IS NOT NULL AND event_type NOT IN ('order_refunded', 'rating') "
        + "GROUP BY session_id, event_minute ORDER BY 1, 2").collectAsList());
  }

  private static List<String> kpis(Lake lake) {
    return rows(lake.read(Tables.REALTIME_KPIS).selectExpr("session_id", "window_start", "viewers", "comments", "likes",
        "orders", "buyers", "CAST(gmv AS DECIMAL(38,2))").orderBy("session_id", "window_start").collectAsList());
  }

  private static List<String> rows(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }
}
