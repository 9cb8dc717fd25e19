package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingest.cleaning.state = store: the cleaning rules judge in Spark's state store on the executors, inside the
 * ingestion's streaming plan. On the same faulty stream it must give the tables the driver's state gives, row
 * for row, also when the ingestion stops half way and resumes from its checkpoint with its last batch to run
 * again (as a crash between that batch's writes and Spark's commit leaves it), and when a recovery switches a
 * pipeline from the driver's state to the store half way; and a checkpoint keeps its state where it started.
 */
@IntegrationTest
class StateStoreCleaningTest {
  /** When a row was written, or under which batch number: not what it holds. */
  private static final String[] WRITE_TIMES = {"ingest_time", "ingest_date", "ingest_batch_id"};

  private static Path dir;
  private static Manifest manifest;
  /** The faulty stream's files in arrival order. */
  private static List<Path> files;
  /** The stream ingested in one go with the driver's state. */
  private static Lake driver;

  @BeforeAll
  static void ingestWithTheDriversState() throws Exception {
    dir = TestSpark.newDir("store-cleaning");
    try (JsonlFileSink sink = new JsonlFileSink(dir.resolve("events"), true, 3_000)) {
      manifest = new Simulator(SimulatorOptions.defaults(13, 6_000).withFaults(FaultRates.defaults().scaled(5)))
          .run(sink, dir, Progress.silent());
    }
    files = inArrivalOrder(dir.resolve("events"));
    assertTrue(files.size() >= 4, files.toString());
    driver = ingest("driver", "driver", dir.resolve("events"), new ArrayList<>());
  }

  @Test
  void theStateStoreJudgesAsTheDriverDoesAcrossARestart() throws Exception {
    // The state store's pipeline gets the first files, stops, then gets the rest and resumes.
    Path input = Files.createDirectories(dir.resolve("events-store"));
    int half = files.size() / 2;
    arrive(files.subList(0, half), input);
    Lake store = ingest("store", "store", input, new ArrayList<>());
    assertEquals(half, store.read(Tables.INGEST_BATCHES).count(), "one batch per file before the stop");
    // As a crash after the last batch's writes and before Spark's commit leaves it: that batch runs again
    // from the state store's version before it, and its writes are found done.
    long last = half - 1;
    Path checkpoint = Path.of(new org.apache.hadoop.fs.Path(StreamCheckpoint.dir(store, "files")).toUri().getPath());
    Files.delete(checkpoint.resolve("commits").resolve(Long.toString(last)));
    Files.deleteIfExists(checkpoint.resolve("commits").resolve("." + last + ".crc"));
    arrive(files.subList(half, files.size()), input);
    List<BatchOutcome> resumed = new ArrayList<>();
    ingest("store", "store", input, resumed);
    assertEquals(last, resumed.get(0).batchId(), "the uncommitted batch ran again");

    assertSameAsTheDrivers(store);
    assertEquals(rows(driver.read(Tables.INGEST_BATCHES).select("batch_id")),
        rows(store.read(Tables.INGEST_BATCHES).select("batch_id")), "the batches as the driver's state cut them");
    assertEquals(0, store.read(Tables.INGEST_BATCHES).where(col("state_events").isNotNull()).count(),
        "the state store's size is Spark's figure, not counted by the batch");

    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> IngestionJob.start(store, config("store", "driver"), options(input), b -> { }));
    assertTrue(e.getMessage().startsWith("ingest.cleaning.state = driver, but the checkpoint "), e.getMessage());
    assertTrue(e.getMessage().contains("--recover"), e.getMessage());
  }

  @Test
  void aRecoveryIntoTheStateStoreStartsItFromWhatTheDriversStateLeftInTheTables() throws Exception {
    // ingest --recover switches a pipeline's cleaning state: half the stream with the driver's, the rest in the
    // state store, which must know the events before the switch (duplicates, rate buckets, cart adds).
    Path input = Files.createDirectories(dir.resolve("events-switched"));
    int half = files.size() / 2;
    arrive(files.subList(0, half), input);
    Lake switched = ingest("switched", "driver", input, new ArrayList<>());
    CheckpointRecovery.Result recovery = CheckpointRecovery.recover(switched, options(input));
    assertEquals(half, recovery.firstBatch());
    arrive(files.subList(half, files.size()), input);
    ingest("switched", "store", input, new ArrayList<>());
    assertSameAsTheDrivers(switched);
    assertEquals(half, switched.read(Tables.INGEST_BATCHES).where(col("state_events").isNotNull()).count(),
        "the batches before the switch kept the state on the driver, the later ones in the state store");
  }

  /** The tables of {@code lake} are those of {@link #driver}, row for row, and the manifest's counts hold. */
  private static void assertSameAsTheDrivers(Lake lake) {
    assertEquals(manifest.expectedObtRows(), lake.read(Tables.EVENTS_OBT).count());
    Map<String, Long> quarantine = new TreeMap<>();
    for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      quarantine.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.expectedQuarantine(), quarantine);
    for (TableDef t : List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT, Tables.REALTIME_KPIS)) {
      assertEquals(rows(driver, t), rows(lake, t), t.fullName() + " as the driver's state gives it");
    }
    // Without batch ids: a recovered file pipeline's first batches find their files ingested and come out empty.
    String[] accounting = {"records_in", "accepted", "quarantined", "duplicates", "late", "retracted",
        "quarantined_by_reason", "duplicates_by_rule", "max_event_time", "partition_watermarks", "watermark"};
    assertEquals(rows(driver.read(Tables.INGEST_BATCHES).selectExpr(accounting)),
        rows(lake.read(Tables.INGEST_BATCHES).selectExpr(accounting)), "ops.ingest_batches' accounting");
    assertEquals(manifest.expectedDuplicates(),
        lake.read(Tables.INGEST_BATCHES).agg(sum("duplicates")).first().getLong(0));
  }

  /** Copies {@code arriving} into the input directory {@code input}, keeping their modification times. */
  private static void arrive(List<Path> arriving, Path input) throws Exception {
    for (Path f : arriving) Files.copy(f, input.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
  }

  /** The files in the order a file stream takes them (by modification time), each a second after the one before. */
  private static List<Path> inArrivalOrder(Path dir) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    long t = System.currentTimeMillis() - files.size() * 1_000L;
    for (Path f : files) Files.setLastModifiedTime(f, FileTime.fromMillis(t += 1_000));
    return files;
  }

  /** The configuration of the lake named {@code lakeName}, with {@code cleaningState}. */
  private static LiveLakeConfig config(String lakeName, String cleaningState) {
    return TestSpark.config(dir.resolve("lake-" + lakeName),
        Map.of("ingest.cleaning.state", cleaningState, "ingest.max.files.per.trigger", "1"));
  }

  private static IngestionJob.Options options(Path input) {
    return new IngestionJob.Options("files", null, null, input.toString(), true);
  }

  /** An available-now ingestion of {@code input} into the lake {@code lakeName}, each batch's outcome added to {@code outcomes}. */
  private static Lake ingest(String lakeName, String cleaningState, Path input, List<BatchOutcome> outcomes)
      throws Exception {
    LiveLakeConfig config = config(lakeName, cleaningState);
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    DimensionLoader.load(lake, dir.resolve("dimensions"));
    IngestionJob.start(lake, config, options(input), outcomes::add).awaitTermination();
    return lake;
  }

  /** A table's rows as sorted strings, without write times, its files named without their directory. */
  private static List<String> rows(Lake lake, TableDef t) {
    Dataset<Row> d = lake.read(t);
    d = d.drop(Arrays.stream(WRITE_TIMES).filter(c -> Arrays.asList(t.schema().fieldNames()).contains(c))
        .toArray(String[]::new));
    if (Arrays.asList(d.columns()).contains("source_file")) {
      d = d.withColumn("source_file", regexp_extract(col("source_file"), "[^/]+$", 0));
    }
    if (t == Tables.REALTIME_KPIS) d = d.drop("updated_at");
    return rows(d);
  }

  private static List<String> rows(Dataset<Row> d) {
    List<String> out = new ArrayList<>(d.collectAsList().stream().map(Row::toString).toList());
    out.sort(null);
    return out;
  }
}
