package io.livelake.app;

import static io.livelake.testing.LakeAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.simulator.Manifest;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly once across crashes: the ingestion runs as its own process (bin/livelake's main class)
 * and is killed with SIGKILL three times at different points; after a final run the tables equal
 * those of an uninterrupted run, row for row. Once with the cleaning state on the driver, once in
 * Spark's state store (ingest.cleaning.state = store), both against the same uninterrupted run.
 */
@IntegrationTest
class RestartTest {
  private static final String TOPIC = "events-restart";
  private static final String KEY = "test-key-0123456789";
  private static KafkaFixture kafka;
  private static Path dir;
  private static Manifest manifest;
  private static Lake reference;

  @BeforeAll
  static void produceAndIngestUninterrupted() throws Exception {
    kafka = new KafkaFixture();
    dir = TestSpark.newDir("restart");
    manifest = kafka.produce(TOPIC, 2, 33, 20_000, 4, dir);
    reference = lake(dir.resolve("reference"));
    DimensionLoader.load(reference, dir.resolve("dimensions"));
    IngestionJob.start(reference, config(dir.resolve("reference")),
        new IngestionJob.Options("kafka", kafka.cluster(), TOPIC, null, true), b -> { }).awaitTermination();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) kafka.close();
  }

  @Test
  void killedThreeTimesTheIngestionEndsWithTheTablesOfAnUninterruptedRun() throws Exception {
    killThreeTimesAndFinish("driver");
  }

  @Test
  void killedThreeTimesWithItsCleaningInTheStateStoreTheIngestionEndsWithTheTablesOfAnUninterruptedRun()
      throws Exception {
    killThreeTimesAndFinish("store");
  }

  /** Kills the ingestion of a lake of its own three times, lets a last run finish, and compares with the reference. */
  private static void killThreeTimesAndFinish(String cleaningState) throws Exception {
    Path crashed = dir.resolve("crashed-" + cleaningState);
    Path checkpoint = crashed.resolve("_checkpoints/ingest-kafka-" + TOPIC);
    Path commits = checkpoint.resolve("commits");
    Path offsets = checkpoint.resolve("offsets");
    // 1: while the first batch is being written; 2: just after a commit; 3: half-way through a later batch.
    killWhen(crashed, cleaningState, () -> files(offsets) >= 1, 2_500);
    int committed = files(commits);
    killWhen(crashed, cleaningState, () -> files(commits) >= committed + 1, 0);
    int committedAgain = files(commits);
    killWhen(crashed, cleaningState, () -> files(commits) >= committedAgain + 1, 1_200);
    Process last = ingest(crashed, cleaningState);
    assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the final run finishes");
    assertEquals(0, last.exitValue(), "the final run succeeds; see " + crashed.resolve("ingest.log"));
    assertEquals(cleaningState.equals("store"), Files.isDirectory(checkpoint.resolve("state")),
        "the checkpoint has a state store exactly when the cleaning state is kept in one");

    Lake after = lake(crashed);
    assertEquals(manifest.recordsWritten(), after.read(Tables.EVENTS_RAW).count(), "no record lost or written twice");
    assertSameRows(reference, after, Tables.EVENTS_OBT, "ingest_time", "ingest_batch_id");
    assertSameRows(reference, after, Tables.QUARANTINE, "ingest_time", "ingest_batch_id", "ingest_date");
    assertSameRows(reference, after, Tables.EVENTS_RAW, "ingest_time", "ingest_batch_id", "ingest_date");
    assertSameRows(reference, after, Tables.REALTIME_KPIS, "updated_at");
    Row ops = after.read(Tables.INGEST_BATCHES).selectExpr("count(DISTINCT batch_id)", "count(*)", "sum(records_in)").first();
    assertEquals(ops.getLong(0), ops.getLong(1), "each batch accounted once");
    assertEquals(manifest.recordsWritten(), ops.getLong(2));
    if (cleaningState.equals("store")) {
      // status --state shows what Spark's state data source reads from the checkpoint's state store.
      Map<String, Long> stored = IngestionJob.storedCleaningState(after, "kafka-" + TOPIC);
      assertTrue(stored.get("event keys") > 0 && stored.get("rate buckets") > 0, stored.toString());
      String line = String.format(java.util.Locale.ROOT, "  cleaning state   %,d event keys, %,d cart-add series, "
          + "%,d rate buckets in Spark's state store (its last committed batch)", stored.get("event keys"),
          stored.get("cart-add series"), stored.get("rate buckets"));
      CliRun status = CliRun.of("--lake", crashed.toString(), "status", "--state");
      assertTrue(status.out().lines().anyMatch(line::equals), status.out() + status.err());
      String quick = CliRun.of("--lake", crashed.toString(), "status").out();
      String where = "  cleaning state   - (in Spark's state store: status --state counts it)";
      assertTrue(quick.lines().anyMatch(where::equals), quick);
    }
  }

  private static void killWhen(Path lake, String cleaningState, BooleanSupplier ready, long delayMs) throws Exception {
    Process p = ingest(lake, cleaningState);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (!ready.getAsBoolean()) {
      assertTrue(p.isAlive(), "ingestion ended before it could be killed; see " + lake.resolve("ingest.log"));
      assertTrue(System.nanoTime() < deadline, "timed out waiting for the kill point");
      Thread.sleep(100);
    }
    Thread.sleep(delayMs);
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
  }

  private static Process ingest(Path lake, String cleaningState) throws IOException {
    Files.createDirectories(lake);
    return CliProcess.start(lake.resolve("ingest.log"), Map.of("LIVELAKE_HMAC_KEY", KEY),
        "--lake", lake.toString(), "--set", "kafka.max.offsets.per.trigger=3000", "--set", "spark.master=local[2]",
        "--set", "spark.shuffle.partitions=2", "--set", "ingest.cleaning.state=" + cleaningState,
        "ingest", "--bootstrap-servers", kafka.bootstrap(), "--topic", TOPIC, "--available-now",
        "--dimensions", dir.resolve("dimensions").toString());
  }


  private static int files(Path dir) {
    File[] f = dir.toFile().listFiles((d, name) -> name.matches("\\d+"));
    return f == null ? 0 : f.length;
  }

  private static LiveLakeConfig config(Path lakeDir) {
    return TestSpark.config(lakeDir, Map.of("kafka.max.offsets.per.trigger", "3000"));
  }

  private static Lake lake(Path lakeDir) {
    return new Lake(TestSpark.session(), LakePaths.of(config(lakeDir)));
  }
}
