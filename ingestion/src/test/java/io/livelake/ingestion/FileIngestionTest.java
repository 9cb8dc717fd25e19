package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.progress.Progress;
import io.livelake.simulator.FaultRates;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@IntegrationTest
class FileIngestionTest {
  private static Lake lake;
  private static Manifest manifest;
  private static final List<BatchOutcome> outcomes = new ArrayList<>();

  @BeforeAll
  static void ingest() throws Exception {
    Path dir = TestSpark.newDir("file-ingest");
    try (JsonlFileSink sink = new JsonlFileSink(dir.resolve("events"), true, 8_000)) {
      manifest = new Simulator(SimulatorOptions.defaults(11, 30_000).withFaults(FaultRates.defaults().scaled(5)))
          .run(sink, dir, Progress.silent());
    }
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    DimensionLoader.load(lake, dir.resolve("dimensions"));
    RunningIngestion q = IngestionJob.start(lake, config,
        new IngestionJob.Options("files", null, null, dir.resolve("events").toString(), true), outcomes::add);
    q.awaitTermination();
  }

  @Test
  void obtQuarantineAndDuplicatesMatchTheManifest() {
    assertEquals(manifest.recordsWritten(), lake.read(Tables.EVENTS_RAW).count(), "bronze keeps every record");
    assertEquals(manifest.expectedObtRows(), lake.read(Tables.EVENTS_OBT).count());
    Map<String, Long> quarantine = new TreeMap<>();
    for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      quarantine.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.expectedQuarantine(), quarantine);
    long dups = outcomes.stream().mapToLong(BatchOutcome::duplicates).sum();
    assertEquals(manifest.expectedDuplicates(), dups);
    Map<String, Long> byType = new TreeMap<>();
    for (Row r : lake.read(Tables.EVENTS_OBT).groupBy("event_type").count().collectAsList()) {
      byType.put(r.getString(0), r.getLong(1));
    }
    assertEquals(new TreeMap<>(manifest.cleanByType()), byType);
  }
}
