package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.kpis.RealtimeKpis;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.ingestion.retractions.Retractions;
import io.livelake.ingestion.upkeep.TableUpkeep;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One micro-batch at a time, called directly: the watermark, the KPI windows and replay of a batch. */
@IntegrationTest
class IngestBatchTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = 60_000L;
  private static Lake lake;
  private static IngestBatch batch;
  private static final List<BatchOutcome> outcomes = new ArrayList<>();
  private static long offset;

  @BeforeAll
  static void setUp() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-batch"), Map.of());
    lake = lakeOf(config);
    batch = ingestBatch(lake, config, outcomes::add);
  }

  /** A lake with the ingestion's tables, where {@code config} puts it. */
  private static Lake lakeOf(LiveLakeConfig config) {
    Lake l = new Lake(TestSpark.session(), LakePaths.of(config));
    l.ensure(IngestBatch.tables());
    return l;
  }

  /** The batch function the stream runs, with the test's configuration. */
  private static IngestBatch ingestBatch(Lake lake, LiveLakeConfig config, Consumer<BatchOutcome> listener) {
    return new IngestBatch(lake, "test", CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(HmacKeys.pseudonymizer(config)), listener);
  }

  private static String event(String id, String type, long time, String user, String extra) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":" + time
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\",\"session_id\":\"s1\",\"anchor_id\":\"a1\"" + extra + "}";
  }

  private static Dataset<Row> records(String... payloads) {
    Dataset<Row> d = SourceRecords.kafka(offset, new Timestamp(T), payloads);
    offset += payloads.length;
    return d;
  }

  private static Map<Long, String> kpis() { return kpis(batch, lake); }

  /**
   * gold.realtime_kpis by minute since T, once the retraction layer and then the KPI layer have caught
   * up with what {@code writer} wrote.
   */
  private static Map<Long, String> kpis(IngestBatch writer, Lake lake) {
    Retractions.catchUp(lake);
    RealtimeKpis.catchUp(lake);
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
          + " = 600000 ms: events of a past period go in with livelake import --format jsonl, in time order",
          r.getString(2));
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

  @Test
  void anAbnormalValueArrivingLateIsCountedOnceByTheReasonTheQuarantineKeeps() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-abnormal-late"), Map.of());
    Lake own = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    IngestBatch writer = ingestBatch(own, config, seen::add);
    writer.call(SourceRecords.kafka(0, new Timestamp(T), event("a1", "enter_room", T + 20 * MIN, "u1", "")), 0L);
    // 20 minutes behind its partition's newest event, and 51 items in a cart: late and abnormal.
    writer.call(SourceRecords.kafka(1, new Timestamp(T),
        event("a2", "cart_add", T, "u2", ",\"product_id\":\"p1\",\"quantity\":51")), 1L);
    BatchOutcome o = seen.get(1);
    assertEquals(List.of(1L, 0L, 1L, 0L, 0L), List.of(o.recordsIn(), o.accepted(), o.quarantined(), o.duplicates(),
        o.late()));
    assertEquals(Map.of("abnormal_cart_quantity", 1L), o.quarantinedByReason());
    assertEquals("abnormal_cart_quantity", own.read(Tables.QUARANTINE).select("reason").first().getString(0));
  }

  @Test
  void aUserEnteringTwoRoomsInTheSameMillisecondKeepsBothVisitsAlsoAfterARestart() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-visits"), Map.of());
    Lake visitLake = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    ingestBatch(visitLake, config, seen::add).call(records(
        visit("v1", "s1"),
        visit("v2", "s2"),
        visit("v3", "s1")), 0L);                       // the same room at the same time: a duplicate
    assertEquals(Map.of("access_log", 1L), seen.get(0).duplicatesByRule());
    assertEquals(List.of("v1", "v2"), ids(visitLake, Tables.EVENTS_OBT));

    IngestBatch restarted = ingestBatch(visitLake, config, seen::add);
    restarted.call(records(visit("v4", "s2"), visit("v5", "s3")), 1L);
    assertEquals(Map.of("access_log", 1L), seen.get(1).duplicatesByRule(), "the rebuilt state knows v2's room");
    assertEquals(List.of("v1", "v2", "v5"), ids(visitLake, Tables.EVENTS_OBT));
    assertEquals(List.of("s1", "s2", "s3"), visitLake.read(Tables.EVENTS_OBT).orderBy("session_id")
        .select("session_id").collectAsList().stream().map(r -> r.getString(0)).toList());
    assertEquals(0, visitLake.read(Tables.QUARANTINE).count());
  }

  /** User u1 entering live room {@code session} at T. */
  private static String visit(String id, String session) {
    return event(id, "enter_room", T, "u1", "").replace("\"session_id\":\"s1\"", "\"session_id\":\"" + session + "\"");
  }

  @Test
  void kpiWindowsFollowRetractionsAndRestartsAndEqualAnAggregateOfTheObt() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-kpis"), Map.of("cleaning.max.comments.per.minute", "2"));
    Lake kpiLake = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    IngestBatch first = ingestBatch(kpiLake, config, seen::add);
    String text = ",\"text\":\"hi\"";
    first.call(records(
        event("k1", "comment", T + 1_000, "u1", text),
        event("k2", "comment", T + 2_000, "u1", text),
        event("k3", "gift", T + 3_000, "u2", ",\"gift_value\":0.1"),
        event("k4", "gift", T + 4_000, "u2", ",\"gift_value\":0.2"),
        event("k5", "like", T + MIN + 1_000, "u3", "")), 0L);
    assertEquals("viewers=2 comments=2 likes=0", kpis(first, kpiLake).get(0L));

    // u1's third comment in minute 0 completes a bot burst: its two comments of batch 0 leave the OBT
    // and the window, with u1 as a viewer (u1 did nothing else in that minute).
    first.call(records(event("k6", "comment", T + 5_000, "u1", text)), 1L);
    assertEquals(2L, seen.get(1).retracted());
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=0", 1L, "viewers=1 comments=0 likes=1"), kpis(first, kpiLake));
    Row gifts = kpiLake.read(Tables.REALTIME_KPIS).where("gifts > 0").first();
    assertEquals(0.3, gifts.<Double>getAs("gift_value"), 0.0, "exact decimal sum of 0.1 and 0.2");

    // A restarted process carries on; the KPI layer recomputes the minutes the new rows touch.
    IngestBatch restarted = ingestBatch(kpiLake, config, seen::add);
    restarted.call(records(
        event("k7", "like", T + MIN + 2_000, "u4", ""),
        event("k8", "comment", T + MIN + 3_000, "u3", text)), 2L);
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=0", 1L, "viewers=2 comments=1 likes=2"), kpis(restarted, kpiLake));

    // Independently: the same figures as Spark's aggregate of the OBT.
    List<String> expected = kpiLake.read(Tables.EVENTS_OBT).groupBy("session_id", "event_minute")
        .agg(org.apache.spark.sql.functions.expr("count(DISTINCT user_id)").alias("viewers"),
            org.apache.spark.sql.functions.expr("count_if(event_type = 'comment')").alias("comments"),
            org.apache.spark.sql.functions.expr("count_if(event_type = 'like')").alias("likes"),
            org.apache.spark.sql.functions.expr("count_if(event_type = 'gift')").alias("gifts"))
        .orderBy("event_minute").collectAsList().stream().map(Row::toString).toList();
    List<String> actual = kpiLake.read(Tables.REALTIME_KPIS).orderBy("window_start")
        .selectExpr("session_id", "window_start", "viewers", "comments", "likes", "gifts")
        .collectAsList().stream().map(Row::toString).toList();
    assertEquals(expected, actual);

    // A stream whose checkpoint was lost starts again at batch 0: refused, naming the table and the batches.
    IngestBatch stale = ingestBatch(kpiLake, config, seen::add);
    UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
        () -> stale.call(records(event("k9", "like", T + MIN + 4_000, "u5", "")), 0L));
    assertEquals("bronze.events_raw already holds batch 2 of livelake-ingest-test, later than batch 0 the checkpoint is"
        + " about to run: the checkpoint (none) does not belong to these tables (was it deleted, moved or replaced?);"
        + " nothing was written. Run `livelake ingest --recover` with the same options to set the checkpoint aside and"
        + " resume exactly after what the tables hold.", e.getMessage());
    assertEquals(3, kpiLake.read(Tables.INGEST_BATCHES).count());
  }

  @Test
  void aMoveThatACrashCutShortIsFinishedByTheRetractionLayerWithoutLossOrDuplicates() {
    String text = ",\"text\":\"hi\"";
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-half-retracted"),
        Map.of("cleaning.max.comments.per.minute", "2"));
    Lake halfLake = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    IngestBatch writer = ingestBatch(halfLake, config, seen::add);
    writer.call(records(
        event("h1", "comment", T + 1_000, "u1", text),
        event("h2", "comment", T + 2_000, "u1", text),
        event("h3", "like", T + 3_000, "u3", "")), 0L);
    // u1's third comment in minute 0 retracts h1 and h2.
    writer.call(records(
        event("h4", "comment", T + 4_000, "u1", text),
        event("h5", "comment", T + MIN + 1_000, "u2", text)), 1L);
    assertEquals(2L, seen.get(1).retracted());
    assertEquals(List.of("h1", "h2", "h3", "h5"), ids(halfLake, Tables.EVENTS_OBT), "until the layer runs");
    Map<Long, String> windows = Map.of(0L, "viewers=1 comments=0 likes=1", 1L, "viewers=1 comments=1 likes=0");
    assertEquals(windows, kpis(writer, halfLake));
    assertEquals(List.of("h3", "h5"), ids(halfLake, Tables.EVENTS_OBT));
    assertEquals(List.of("h1", "h2", "h4"), ids(halfLake, Tables.QUARANTINE));
    Row moved = halfLake.read(Tables.QUARANTINE).where("event_id = 'h1'").first();
    assertEquals("bot_burst", moved.getAs("reason"));
    assertEquals("moved from silver.events_obt: more than 2 comments by one user in one minute"
        + " (cleaning.max.comments.per.minute = 2)", moved.getAs("detail"));
    assertEquals(1, layerCommits(halfLake));

    // The layer moves rows to quarantine, then deletes them from the OBT. A crash between the two,
    // before its checkpoint's commit: the OBT put back with Delta's RESTORE, the commit forgotten. The
    // replayed batch finds its append's transaction id in the quarantine, and only deletes.
    long beforeTheDelete = halfLake.delta(Tables.EVENTS_OBT).history().where("operation = 'DELETE'")
        .select("version").first().getLong(0) - 1;
    halfLake.delta(Tables.EVENTS_OBT).restoreToVersion(beforeTheDelete);
    assertEquals(List.of("h1", "h2", "h3", "h5"), ids(halfLake, Tables.EVENTS_OBT));
    LayerCheckpoints.forgetLastBatch(halfLake, Retractions.LAYER);
    assertEquals(windows, kpis(writer, halfLake));
    assertEquals(List.of("h3", "h5"), ids(halfLake, Tables.EVENTS_OBT));
    assertEquals(List.of("h1", "h2", "h4"), ids(halfLake, Tables.QUARANTINE), "each once");
    assertEquals(1, layerCommits(halfLake), "the replay's append was skipped");

    // The same crash, and the checkpoint lost too: the layer starts over and searches the whole
    // quarantine; the rows it moved before are not quarantined twice.
    halfLake.delta(Tables.EVENTS_OBT).restoreToVersion(beforeTheDelete);
    LayerCheckpoints.forget(halfLake, Retractions.LAYER);
    assertEquals(windows, kpis(writer, halfLake));
    assertEquals(List.of("h3", "h5"), ids(halfLake, Tables.EVENTS_OBT));
    assertEquals(List.of("h1", "h2", "h4"), ids(halfLake, Tables.QUARANTINE), "each once");

    // A restarted ingestion carries on: the bucket it reloads is over, so u1's next comment there is
    // quarantined, and no retraction is decided again.
    IngestBatch restarted = ingestBatch(halfLake, config, seen::add);
    restarted.call(records(
        event("h6", "comment", T + 5_000, "u1", text),
        event("h7", "like", T + 2 * MIN + 1_000, "u4", "")), 2L);
    assertEquals(0L, seen.get(2).retracted());
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=1", 1L, "viewers=1 comments=1 likes=0",
        2L, "viewers=1 comments=0 likes=1"), kpis(restarted, halfLake));
    assertEquals(List.of("h3", "h5", "h7"), ids(halfLake, Tables.EVENTS_OBT));
    assertEquals(List.of("h1", "h2", "h4", "h6"), ids(halfLake, Tables.QUARANTINE));
  }

  /** Commits of the retraction layer to the quarantine. */
  private static long layerCommits(Lake lake) {
    return lake.delta(Tables.QUARANTINE).history()
        .where(org.apache.spark.sql.functions.col("userMetadata").startsWith("livelake-" + Retractions.LAYER + ":")).count();
  }

  @Test
  void aLoginStormRetractedAnHourBackTakesItsRowsOutOfTheirWindows() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-login-storm"), Map.of("cleaning.max.logins.per.hour", "2"));
    Lake stormLake = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    IngestBatch storm = ingestBatch(stormLake, config, seen::add);
    storm.call(records(
        event("g1", "login", T + 1_000, "u9", ""),
        event("g2", "like", T + 2_000, "u1", ""),
        event("g3", "login", T + MIN + 1_000, "u9", ""),
        event("g4", "like", T + 30 * MIN + 1_000, "u2", "")), 0L);
    assertEquals(Map.of(0L, "viewers=2 comments=0 likes=1", 1L, "viewers=1 comments=0 likes=0",
        30L, "viewers=1 comments=0 likes=1"), kpis(storm, stormLake));

    // u9's third log-in of the hour: the hour's bucket goes over, and its log-ins of minutes 0 and 1,
    // behind the watermark (minute 20), leave the OBT and their windows.
    storm.call(records(event("g5", "login", T + 25 * MIN, "u9", "")), 1L);
    assertEquals(2L, seen.get(1).retracted());
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=1", 30L, "viewers=1 comments=0 likes=1"),
        kpis(storm, stormLake));
    assertEquals(List.of("g2", "g4"), ids(stormLake, Tables.EVENTS_OBT));
    assertEquals(List.of("g1", "g3", "g5"), ids(stormLake, Tables.QUARANTINE));
  }

  private static List<String> ids(Lake lake, io.livelake.catalog.TableDef t) {
    return lake.read(t).orderBy("event_id").select("event_id").collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void aBatchTouchingManyMinutesKeepsTheWindowsOfTheMinutesBetweenThemItDidNotTouch() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-kpi-span"));
    Lake spanLake = lakeOf(config);
    IngestBatch spans = ingestBatch(spanLake, config, b -> { });
    spans.call(records(event("m5", "like", T + 5 * MIN + 1_000, "v5", "")), 0L);
    // 70 minutes around minute 5, not minute 5 itself: more than a short list of minutes.
    List<String> around = new ArrayList<>();
    for (int m = 0; m <= 70; m++) {
      if (m != 5) around.add(event("n" + m, "like", T + m * MIN + 2_000, "w" + m, ""));
    }
    spans.call(records(around.toArray(String[]::new)), 1L);
    Map<Long, String> windows = kpis(spans, spanLake);
    assertEquals(71, windows.size());
    assertEquals("viewers=1 comments=0 likes=1", windows.get(5L), "minute 5 keeps its window from batch 0");
    assertEquals("viewers=1 comments=0 likes=1", windows.get(70L));
  }

  @Test
  void retractionsOfBatchesInARowAllLeaveTheObtInOneMove() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-moves"), Map.of("cleaning.max.comments.per.minute", "2"));
    Lake movesLake = lakeOf(config);
    List<BatchOutcome> seen = new ArrayList<>();
    IngestBatch stream = ingestBatch(movesLake, config, seen::add);
    String text = ",\"text\":\"hi\"";
    stream.call(records(
        event("m1", "comment", T + 1_000, "u1", text), event("m2", "comment", T + 2_000, "u1", text),
        event("m3", "comment", T + MIN + 1_000, "u1", text), event("m4", "comment", T + MIN + 2_000, "u1", text),
        event("m5", "comment", T + 2 * MIN + 1_000, "u1", text), event("m6", "comment", T + 2 * MIN + 2_000, "u1", text),
        event("m7", "comment", T + 3_000, "u2", text)), 0L);
    // Each batch completes one of u1's minutes; the retraction layer then moves the three buckets at once.
    for (long b = 1; b <= 3; b++) {
      stream.call(records(event("n" + b, "comment", T + (b - 1) * MIN + 5_000, "u1", text)), b);
    }
    List<LayerBatch> moves = new ArrayList<>();
    Retractions.catchUp(movesLake, moves::add);
    assertEquals(List.of("3 bucket(s) over their limit → 6 OBT rows moved to quarantine"),
        moves.stream().map(b -> b.did().replaceAll("; read and append .*", "")).toList());
    assertEquals(List.of(2L, 2L, 2L), seen.subList(1, 4).stream().map(BatchOutcome::retracted).toList());
    assertEquals(List.of("m7"), movesLake.read(Tables.EVENTS_OBT).select("event_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    List<String> quarantined = movesLake.read(Tables.QUARANTINE).orderBy("event_id")
        .selectExpr("concat(event_id, ' ', reason)").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(List.of("m1 bot_burst", "m2 bot_burst", "m3 bot_burst", "m4 bot_burst", "m5 bot_burst", "m6 bot_burst",
        "n1 bot_burst", "n2 bot_burst", "n3 bot_burst"), quarantined);
  }

  @Test
  void theUpkeepLayerCompactsSmallFilesOnItsTurnWithoutChangingARow() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("ingest-compact"), Map.of());
    Lake compacted = lakeOf(config);
    IngestBatch stream = ingestBatch(compacted, config, b -> { });
    List<String> did = new ArrayList<>();
    for (long b = 0; b < 3; b++) {
      stream.call(records(event("c" + b, "comment", T + b * MIN, "u" + b, ",\"text\":\"hi\""),
          event("l" + b, "like", T + b * MIN + 500, "u" + b, "")), b);
      // Every 2 batches: batch 1 is not a turn, batch 2 is. Each batch wrote two files (two source partitions).
      TableUpkeep.catchUp(compacted, 2, l -> did.add(l.did()));
    }
    assertEquals(List.of("compacted silver.events_obt (6 files into 1), bronze.events_raw (6 files into 1), "
        + "bronze.quarantine (0 files into 0), ops.ingest_batches (3 files into 1)"), did);
    for (var t : List.of(Tables.EVENTS_OBT, Tables.EVENTS_RAW, Tables.INGEST_BATCHES)) {
      List<String> ops = compacted.delta(t).history().select("operation").as(org.apache.spark.sql.Encoders.STRING())
          .collectAsList();
      assertEquals(1, ops.stream().filter("OPTIMIZE"::equals).count(), t.fullName() + ": " + ops);
    }
    assertEquals(1L, compacted.delta(Tables.EVENTS_OBT).detail().first().<Long>getAs("numFiles"));
    assertEquals(6, compacted.read(Tables.EVENTS_OBT).count());
    assertEquals(6, compacted.read(Tables.EVENTS_RAW).count());
    assertEquals(List.of(0L, 1L, 2L), compacted.read(Tables.INGEST_BATCHES).orderBy("batch_id").select("batch_id")
        .as(org.apache.spark.sql.Encoders.LONG()).collectAsList());
    String one = "viewers=1 comments=1 likes=1";
    assertEquals(Map.of(0L, one, 1L, one, 2L, one), kpis(stream, compacted));
  }
}
