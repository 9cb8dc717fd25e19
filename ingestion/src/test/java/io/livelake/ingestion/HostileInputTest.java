package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded fuzz run through the real streaming ingestion (file source, available-now): 10,500
 * hostile records of every kind mixed with valid events, in plain, gzip, truncated-gzip and
 * BOM-prefixed files. The run must end, account for every record exactly once, quarantine every
 * bad one with a reason, let the valid events after poison records through, and store no planted
 * personal value in any column of any table. The run keeps its cleaning state as {@link #cleaningState()}
 * says: on the driver here, in Spark's state store in {@link HostileInputInStateStoreTest}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private static final int HOSTILE = 10_500;
  private Lake lake;
  private HostileRecords input;
  private long records;
  private final List<BatchOutcome> outcomes = new ArrayList<>();

  /** The value of ingest.cleaning.state the run uses. */
  String cleaningState() {
    return "driver";
  }

  @BeforeAll
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void ingest() throws Exception {
    Path dir = TestSpark.newDir("hostile-" + cleaningState());
    Path in = Files.createDirectories(dir.resolve("in"));
    input = new HostileRecords(20261202L).generate(HOSTILE);
    List<byte[]> lines = input.lines;
    int third = lines.size() / 3;
    Files.write(in.resolve("part-1.jsonl"), joined(lines.subList(0, third)));
    Files.write(in.resolve("part-2.jsonl.gz"), gzip(lines.subList(third, 2 * third)));
    Files.write(in.resolve("part-3.jsonl"), joined(lines.subList(2 * third, lines.size())));
    // A valid event after a byte-order mark at the very start of a file.
    HostileRecords bom = new HostileRecords(7);
    String afterBom = bom.valid("bom-first", "like", "");
    input.planted.addAll(bom.planted);
    input.canaries.add("bom-first");
    Files.write(in.resolve("part-4.jsonl"), ("\uFEFF" + afterBom + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // A gzip file cut short: quarantined whole (one record), its neighbours land.
    byte[] gz = gzip(lines.subList(0, 50));
    Files.write(in.resolve("part-5-truncated.jsonl.gz"), Arrays.copyOf(gz, gz.length / 2));
    // 64 MB of text in a gzip of about 64 KB, over the bound set below: one record naming it, not an exhausted heap.
    Files.write(in.resolve("part-6-bomb.jsonl.gz"), gzip(List.of("x".repeat(1 << 26).getBytes(StandardCharsets.UTF_8))));
    records = lines.size() + 1 + 1 + 1;

    LiveLakeConfig config = TestSpark.config(dir.resolve("lake"), Map.of("ingest.max.record.bytes", "65536",
        "ingest.max.files.per.trigger", "100", "ingest.cleaning.state", cleaningState(),
        "ingest.max.file.bytes", Integer.toString(32 << 20)));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    IngestionJob.start(lake, config, new IngestionJob.Options("files", null, null, in.toString(), true), outcomes::add)
        .awaitTermination();
  }

  private static byte[] joined(List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] gzip(List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(joined(lines));
    }
    return out.toByteArray();
  }

  @Test
  void everyRecordIsAccountedForExactlyOnce() {
    assertEquals(records, lake.read(Tables.EVENTS_RAW).count(), "bronze keeps every record");
    long obt = lake.read(Tables.EVENTS_OBT).count();
    long quarantined = lake.read(Tables.QUARANTINE).count();
    long duplicates = outcomes.stream().mapToLong(BatchOutcome::duplicates).sum();
    assertEquals(records, obt + quarantined + duplicates, "OBT + quarantine + duplicates = input");
    assertEquals(records, outcomes.stream().mapToLong(BatchOutcome::recordsIn).sum());
    List<Column> coords = List.of(col("source_file"), col("source_line"));
    assertEquals(0, lake.read(Tables.EVENTS_OBT).select(coords.toArray(Column[]::new))
        .intersect(lake.read(Tables.QUARANTINE).select(coords.toArray(Column[]::new))).count(), "no record in two places");
  }

  @Test
  void theCleaningStateWasKeptWhereTheSettingSays() {
    Path checkpoint = Path.of(new org.apache.hadoop.fs.Path(StreamCheckpoint.dir(lake, "files")).toUri().getPath());
    assertEquals(cleaningState().equals("store"), Files.isDirectory(checkpoint.resolve("state")),
        "a state store in the checkpoint " + checkpoint);
  }

  @Test
  void everyQuarantineRowHasAReasonAndADetailAndEveryKindOfPoisonIsNamed() {
    assertEquals(0, lake.read(Tables.QUARANTINE).where(col("reason").isNull().or(col("detail").isNull())).count());
    Set<String> reasons = new HashSet<>();
    for (Row r : lake.read(Tables.QUARANTINE).select("reason").distinct().collectAsList()) reasons.add(r.getString(0));
    assertTrue(reasons.containsAll(Set.of("malformed_json", "schema_violation", "too_large", "future", "unknown_event_type",
        "unreadable_file", "abnormal_gift_value", "abnormal_order_amount")), reasons.toString());
    List<Row> unreadable = lake.read(Tables.QUARANTINE).where("reason = 'unreadable_file'")
        .select("source_file", "source_line", "payload", "detail").orderBy("source_file").collectAsList();
    assertEquals(2, unreadable.size());
    assertTrue(unreadable.get(0).getString(0).endsWith("part-5-truncated.jsonl.gz"), unreadable.get(0).getString(0));
    assertTrue(unreadable.get(0).isNullAt(1));
    assertTrue(unreadable.get(0).getString(3).startsWith("file cannot be read: "), unreadable.get(0).getString(3));
    assertTrue(unreadable.get(1).getString(0).endsWith("part-6-bomb.jsonl.gz"), unreadable.get(1).getString(0));
    assertTrue(unreadable.get(1).isNullAt(1) && unreadable.get(1).isNullAt(2));
    assertEquals("file decompresses to more than ingest.max.file.bytes = 33,554,432 bytes: split it into smaller files",
        unreadable.get(1).getString(3));
  }

  @Test
  void validEventsAfterPoisonRecordsLandAndFutureEventsNeverMoveTheWatermark() {
    Set<String> inObt = new HashSet<>();
    for (Row r : lake.read(Tables.EVENTS_OBT).where("event_id LIKE 'canary-%' OR event_id = 'bom-first'")
        .select("event_id").collectAsList()) {
      inObt.add(r.getString(0));
    }
    assertEquals(input.canaries, inObt);
    long newest = lake.read(Tables.EVENTS_OBT).agg(max(unix_millis(col("event_time")))).first().getLong(0);
    assertTrue(newest < HostileRecords.T + 86_400_000L, "no event of year 9999 in the OBT");
    for (Row r : lake.read(Tables.INGEST_BATCHES).select("partition_watermarks").collectAsList()) {
      for (Object t : r.getJavaMap(0).values()) assertTrue((Long) t < HostileRecords.T + 86_400_000L, "watermark " + t);
    }
  }

  @Test
  void noPlantedPersonalValueIsStoredInAnyColumnOfAnyTable() {
    // Every planted value carries one of these marks; full-width and dotted phones are planted too.
    String marks = "(?i)rawuid|leakmail|例子|(?<![0-9a-zA-Z])139[0-9]{8}(?![0-9])|１３９|139\\.[0-9]{4}\\.";
    for (TableDef t : IngestBatch.tables()) {
      List<Row> leaks = lake.read(t).select(to_json(struct(col("*"))).alias("row"))
          .where(col("row").rlike(marks)).limit(3).collectAsList();
      assertEquals(List.of(), leaks, t.fullName());
    }
    assertTrue(input.planted.size() > 3_000, "the run planted " + input.planted.size() + " values");
  }
}
