package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One micro-batch at a time, called directly: the watermark, the KPI windows and replay of a batch. */
class IngestBatchTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = 60_000L;
  private static final StructType SOURCE = new StructType()
      .add("payload", DataTypes.StringType).add("source_topic", DataTypes.StringType)
      .add("source_partition", DataTypes.IntegerType).add("source_offset", DataTypes.LongType)
      .add("source_timestamp", DataTypes.TimestampType).add("source_file", DataTypes.StringType)
      .add("source_line", DataTypes.LongType);
  private static Lake lake;
  private static IngestBatch batch;
  private static final List<BatchOutcome> outcomes = new ArrayList<>();
  private static long offset;

  @BeforeAll
  static void setUp() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-batch"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    lake.ensure(IngestBatch.tables());
    batch = new IngestBatch(lake, "test", CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(HmacKeys.pseudonymizer(config)), 0, outcomes::add);
  }

  private static String event(String id, String type, long time, String user, String extra) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":" + time
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\",\"session_id\":\"s1\",\"anchor_id\":\"a1\"" + extra + "}";
  }

  private static Dataset<Row> records(String... payloads) {
    List<Row> rows = new ArrayList<>();
    for (String p : payloads) {
      rows.add(RowFactory.create(p, "events", 0, offset++, new Timestamp(T), null, null));
    }
    return TestSpark.session().createDataFrame(rows, SOURCE);
  }

  private static Map<Long, String> kpis() {
    Map<Long, String> m = new TreeMap<>();
    for (Row r : lake.read(Tables.REALTIME_KPIS).orderBy("window_start").collectAsList()) {
      m.put((r.<Timestamp>getAs("window_start").getTime() - T) / MIN,
          "viewers=" + r.getAs("viewers") + " comments=" + r.getAs("comments") + " likes=" + r.getAs("likes"));
    }
    return m;
  }

  @Test
  void lateEventsAreQuarantinedOnTimeOnesUpdateTheirWindowAndReplaysChangeNothing() {
    String text = ",\"text\":\"hi\"";
    batch.call(records(
        event("e1", "enter_room", T, "u1", ""),
        event("e2", "comment", T + 10_000, "u1", text),
        event("e3", "enter_room", T + 30_000, "u2", ""),
        event("e4", "heartbeat", T + 6 * MIN, "u1", ""),
        event("e5", "like", T + 15 * MIN + 5_000, "u2", "")), 0L);
    assertEquals(Map.of(0L, "viewers=2 comments=1 likes=0", 6L, "viewers=1 comments=0 likes=0",
        15L, "viewers=1 comments=0 likes=1"), kpis());

    batch.call(records(
        event("e6", "comment", T + 20_000, "u3", text),                // 15 min behind the newest: late
        event("e7", "comment", T + 6 * MIN + 20_000, "u4", text),      // 9 min behind: on time
        event("e8", "comment", T + 5 * MIN, "u5", text)), 1L);         // 10 min 5 s behind: late
    assertEquals(Map.of(0L, "viewers=2 comments=1 likes=0", 6L, "viewers=2 comments=1 likes=0",
        15L, "viewers=1 comments=0 likes=1"), kpis());
    List<Row> late = lake.read(Tables.QUARANTINE).orderBy("event_id").select("event_id", "reason", "detail").collectAsList();
    assertEquals(2, late.size());
    assertEquals("e6", late.get(0).getString(0));
    assertEquals("e8", late.get(1).getString(0));
    for (Row r : late) {
      assertEquals("late", r.getString(1));
      assertEquals("older than the newest event time of its source partition by more than ingest.watermark.delay"
          + " = 600000 ms", r.getString(2));
    }
    assertEquals(6, lake.read(Tables.EVENTS_OBT).count());
    assertEquals(2L, outcomes.get(1).late());

    // A replay of batch 1 (as after a crash) finds its writes done and changes nothing.
    offset -= 3;
    batch.call(records(
        event("e6", "comment", T + 20_000, "u3", text),
        event("e7", "comment", T + 6 * MIN + 20_000, "u4", text),
        event("e8", "comment", T + 5 * MIN, "u5", text)), 1L);
    assertEquals(6, lake.read(Tables.EVENTS_OBT).count());
    assertEquals(2, lake.read(Tables.QUARANTINE).count());
    assertEquals(8, lake.read(Tables.EVENTS_RAW).count());
    assertEquals(2, lake.read(Tables.INGEST_BATCHES).count());
    assertEquals(Map.of(0L, "viewers=2 comments=1 likes=0", 6L, "viewers=2 comments=1 likes=0",
        15L, "viewers=1 comments=0 likes=1"), kpis());
    Row ops = lake.read(Tables.INGEST_BATCHES).where("batch_id = 1").first();
    assertEquals(Map.of(0, T + 15 * MIN + 5_000), ops.getJavaMap(ops.fieldIndex("partition_watermarks")));
  }
}
