package io.livelake.ingestion;

import static org.apache.spark.sql.functions.col;
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
import org.junit.jupiter.api.Test;

/**
 * A recovery resumes after what bronze holds: an erasure must not make it read the erased person's records from
 * the source again. Here the second file holds only that person's records, so a recovery that took bronze's
 * files for "what was ingested" would ingest it again once the erasure had deleted its rows.
 */
@IntegrationTest
class RecoveryAfterErasureTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  @Test
  void aRecoveryAfterAnErasureDoesNotBringThePersonBack() throws Exception {
    Path dir = TestSpark.newDir("recovery-erasure");
    Path events = Files.createDirectories(dir.resolve("events"));
    long now = System.currentTimeMillis();
    write(events.resolve("a.jsonl"), now - 10_000, login("e1", T0, "u1") + login("e2", T0 + 60_000, "u2"));
    write(events.resolve("b.jsonl"), now - 5_000, login("e3", T0 + 120_000, "u3") + login("e4", T0 + 180_000, "u3"));
    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"), Map.of("ingest.max.files.per.trigger", "1"));
    Lake lake = TestSpark.lake(dir.resolve("lake"));
    IngestionJob.Options files = new IngestionJob.Options("files", null, null, events.toString(), true);
    IngestionJob.start(lake, config, files, b -> { }).awaitTermination();
    assertEquals(4, lake.read(Tables.EVENTS_OBT).count());
    assertEquals(2, lake.read(Tables.INGEST_BATCHES).count(), "one batch per file");

    String u3 = HmacKeys.pseudonymizer(config).pseudonym("u3");
    Eraser.Result erased = new Eraser(lake).erase(u3, false);
    assertEquals(2L, erased.rowsRemoved().get("bronze.events_raw"));
    assertEquals(2L, erased.rowsRemoved().get("silver.events_obt"));

    CheckpointRecovery.Result recovered = CheckpointRecovery.recover(lake, files);
    assertEquals(1, recovered.lastBatch());
    IngestionJob.start(lake, config, files, b -> { }).awaitTermination();

    assertEquals(List.of("e1", "e2"), lake.read(Tables.EVENTS_OBT).orderBy("event_id").select("event_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), "u3's records were not read again");
    assertEquals(0, lake.read(Tables.EVENTS_RAW).where(col("payload").contains(u3)).count());
    assertEquals(4, lake.read(Tables.EVENTS_RAW).count(), "each record received once; u3's two emptied");
    assertEquals(2, lake.read(Tables.INGEST_BATCHES).count(), "the recovered run found nothing new to ingest");
  }

  private static String login(String id, long time, String user) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"login\",\"event_time\":" + time
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\"}\n";
  }

  /** A file of {@code lines}, modified at {@code modifiedMs}: the file source takes files in that order. */
  private static void write(Path file, long modifiedMs, String lines) throws Exception {
    Files.writeString(file, lines);
    assertTrue(file.toFile().setLastModified(modifiedMs));
  }
}
