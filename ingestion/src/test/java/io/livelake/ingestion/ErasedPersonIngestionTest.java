package io.livelake.ingestion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.privacy.Eraser;
import io.livelake.privacy.HmacKeys;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What arrives of a person after their erasure while the ingestion runs: events from before it (a device's
 * buffer, a replayed topic, an old export) are kept out with reason erased and nothing of them stored, while
 * what the person does after it is ingested as anyone's. On both cleaning paths, since the state store's plan is
 * made once, before the erasure.
 */
@IntegrationTest
class ErasedPersonIngestionTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final int PER_FILE = 40;
  private static final int USERS = 8;

  @ParameterizedTest
  @ValueSource(strings = {"driver", "store"})
  void recordsOfAnErasedPersonFromBeforeTheErasureAreKeptOut(String cleaningState) throws Exception {
    Path dir = TestSpark.newDir("erased-person-" + cleaningState);
    Path events = Files.createDirectories(dir.resolve("events"));
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"), Map.of("ingest.cleaning.state", cleaningState,
        "ingest.trigger", "500ms", "ingest.layers", "apart", "ingest.max.files.per.trigger", "1"));
    Lake lake = TestSpark.lake(dir.resolve("lake"));
    String u2 = HmacKeys.pseudonymizer(config).pseudonym("u2");
    RunningIngestion q = IngestionJob.start(lake, config,
        new IngestionJob.Options("files", null, null, events.toString(), false), b -> { });
    String erasureId;
    try {
      write(events.resolve("a.jsonl"), login("e1", T0, "u1") + login("e2", T0 + 60_000, "u2"));
      awaitBatches(lake, q, 1);
      erasureId = new Eraser(lake).erase(u2, false).erasureId();

      write(events.resolve("b.jsonl"), login("e3", T0 + 120_000, "u2")
          + "{\"event_type\":\"login\",\"user_id\":\"u2\",\"event_id\":\"e-cut\n" + login("e4", T0 + 180_000, "u1"));
      awaitBatches(lake, q, 2);
      write(events.resolve("c.jsonl"), login("e5", System.currentTimeMillis(), "u2"));
      awaitBatches(lake, q, 3);
    } finally {
      q.stop();
    }

    assertEquals(List.of("e1", "e4", "e5"), lake.read(Tables.EVENTS_OBT).orderBy("event_id").select("event_id")
        .as(Encoders.STRING()).collectAsList(), "e2 erased, e3 kept out, e5 done after the erasure");
    List<Row> keptOut = lake.read(Tables.QUARANTINE).orderBy("source_line")
        .select("reason", "payload", "event_id", "event_time", "user_id", "source_line").collectAsList();
    assertEquals(2, keptOut.size(), keptOut.toString());
    for (int i = 0; i < 2; i++) {
      Row r = keptOut.get(i);
      assertEquals("erased", r.getString(0));
      for (int c = 1; c <= 4; c++) assertTrue(r.isNullAt(c), "nothing of the record kept: " + r);
      assertEquals(i + 1, r.getLong(5), "e3's line, then the cut record's");
    }
    assertTrue(lake.read(Tables.QUARANTINE).first().<String>getAs("detail").contains("erasure " + erasureId),
        "the detail cites the erasure");
    assertEquals(6, lake.read(Tables.EVENTS_RAW).count(), "every record received has its bronze row");
    assertEquals(3, lake.read(Tables.EVENTS_RAW).where(col("payload").isNull()).count(), "e2 emptied, e3 and the cut one");
    assertEquals(List.of("e5"), lake.read(Tables.EVENTS_RAW).where(col("payload").contains(u2))
        .selectExpr("get_json_object(payload, '$.event_id')").as(Encoders.STRING()).collectAsList());
    Row second = lake.read(Tables.INGEST_BATCHES).where(col("batch_id").equalTo(1))
        .select("records_in", "accepted", "quarantined", "quarantined_by_reason").first();
    assertEquals(3L, second.getLong(0));
    assertEquals(1L, second.getLong(1));
    assertEquals(2L, second.getLong(2));
    assertEquals(Map.of("erased", 2L), second.getJavaMap(3));
  }

  /**
   * An erasure beside an ingestion that commits a batch every few hundred milliseconds: every delete of the
   * erasure conflicted with the batches' appends (Delta's tables commit as Serializable), so it failed on all its
   * attempts. It now commits between two batches, and no record of the person from before it stays or comes back:
   * each is either a bronze row the erasure emptied or a quarantine row of reason erased.
   */
  @Test
  void anErasureBesideABusyIngestionCommitsBetweenItsBatchesAndThePersonDoesNotComeBack() throws Exception {
    Path dir = TestSpark.newDir("erased-beside-busy");
    Path events = Files.createDirectories(dir.resolve("events"));
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"),
        Map.of("ingest.trigger", "200ms", "ingest.layers", "apart"));
    Lake lake = TestSpark.lake(dir.resolve("lake"));
    String u0 = HmacKeys.pseudonymizer(config).pseudonym("u0");
    RunningIngestion q = IngestionJob.start(lake, config,
        new IngestionJob.Options("files", null, null, events.toString(), false), b -> { });
    AtomicInteger files = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    Eraser.Result erased;
    try {
      writeLikes(events, files.getAndIncrement());
      awaitRecords(lake, q, PER_FILE);  // past the first batch's cold start
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          while (writing.get()) {
            writeLikes(events, files.getAndIncrement());
            Thread.sleep(300);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      awaitRecords(lake, q, 5 * PER_FILE);
      erased = new Eraser(lake).erase(u0, false);
      int afterErasure = files.get() + 5;
      while (files.get() < afterErasure) Thread.sleep(50);
      writing.set(false);
      writer.get();
      awaitRecords(lake, q, (long) files.get() * PER_FILE);
    } finally {
      writing.set(false);
      q.stop();
    }

    long records = (long) files.get() * PER_FILE;
    assertEquals(0, lake.read(Tables.EVENTS_OBT).where(col("user_id").equalTo(u0)).count(), "u0 is not in the OBT");
    assertEquals(0, lake.read(Tables.EVENTS_RAW).where(col("payload").contains(u0)).count(), "nor in bronze's payloads");
    long keptOut = lake.read(Tables.QUARANTINE).where(col("reason").equalTo("erased")).count();
    long emptied = erased.rowsRemoved().get("bronze.events_raw");
    assertTrue(emptied > 0 && keptOut > 0, "records of u0 came before and after the erasure: " + emptied + ", " + keptOut);
    assertEquals(records / USERS, emptied + keptOut, "each of u0's records emptied by the erasure or kept out after it");
    assertEquals(emptied, erased.rowsRemoved().get("silver.events_obt"), "u0's rows in the OBT were those in bronze");
    assertEquals(records, lake.read(Tables.EVENTS_RAW).count());
    assertEquals(records - emptied, lake.read(Tables.EVENTS_OBT).count() + lake.read(Tables.QUARANTINE).count(),
        "every other record in the OBT: " + lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList());
  }

  /** File number {@code f} of likes: events f * PER_FILE on, 250 ms apart, of users u0 to u7 in turn. */
  private static void writeLikes(Path events, int f) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < PER_FILE; i++) {
      int n = f * PER_FILE + i;
      lines.append(like("e" + n, T0 + n * 250L, "u" + n % USERS));
    }
    write(events.resolve("f" + f + ".jsonl"), lines.toString());
  }

  /** Waits until the ingestion has read {@code n} records. */
  private static void awaitRecords(Lake lake, RunningIngestion q, long n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(q.query().isActive(), () -> "the ingestion stopped: " + q.query().exception());
      Row read = lake.exists(Tables.INGEST_BATCHES) ? lake.read(Tables.INGEST_BATCHES).agg(sum("records_in")).first() : null;
      if (read != null && !read.isNullAt(0) && read.getLong(0) >= n) return;
      Thread.sleep(300);
    }
    fail("the ingestion did not read " + n + " records in 180 s");
  }

  /** Waits until the ingestion has accounted for {@code n} batches of records. */
  private static void awaitBatches(Lake lake, RunningIngestion q, long n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(q.query().isActive(), () -> "the ingestion stopped: " + q.query().exception());
      if (lake.exists(Tables.INGEST_BATCHES) && lake.read(Tables.INGEST_BATCHES).count() >= n) return;
      Thread.sleep(300);
    }
    fail("the ingestion did not account for " + n + " batches in 120 s");
  }

  private static String like(String id, long time, String user) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"like\",\"event_time\":" + time
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\",\"session_id\":\"s1\",\"anchor_id\":\"a1\"}\n";
  }

  private static String login(String id, long time, String user) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"login\",\"event_time\":" + time
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\"}\n";
  }

  /** Writes a file whole, then moves it in, so the file source never lists it half written. */
  private static void write(Path file, String lines) throws Exception {
    Path tmp = Files.writeString(file.resolveSibling("." + file.getFileName() + ".tmp"), lines);
    Files.move(tmp, file);
  }
}
