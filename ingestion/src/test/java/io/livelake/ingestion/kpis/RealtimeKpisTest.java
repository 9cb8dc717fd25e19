package io.livelake.ingestion.kpis;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Maintenance;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.LayerCheckpoints;
import io.livelake.ingestion.StaleCheckpoints;
import io.livelake.testing.TestSpark;
import java.io.File;
import java.net.URI;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class RealtimeKpisTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = RealtimeKpis.WINDOW_MS;
  private static final long DAY = 86_400_000L;

  @Test
  void aWindowCountsDistinctViewersAndBuyersAndSumsExactly() {
    List<Row> obt = List.of(
        obt("s1", "u1", "comment", T + 1_000, null, null, "taobao"),
        obt("s1", "u1", "like", T + 2_000, null, null, "douyin"),
        obt("s1", "u2", "gift", T + 3_000, 0.1, null, "douyin"),
        obt("s1", "u2", "gift", T + 4_000, 0.2, null, "douyin"),
        obt("s1", "u3", "order_paid", T + 5_000, null, 19.99, "douyin"),
        obt("s1", "u3", "order_paid", T + 6_000, null, 5.01, "douyin"),
        obt("s1", "u4", "order_refunded", T + 7_000, null, 1.0, "douyin"),
        obt("s1", "u5", "like", T + MIN, null, null, "douyin"),
        obt(null, "u6", "order_paid", T + 8_000, null, 7.0, "douyin"),
        // Two days after the live: u3's refund and rating carry its session, but are no activity of its room.
        obt("s1", "u3", "order_refunded", T + 2 * DAY, null, 5.01, "douyin"),
        obt("s1", "u3", "rating", T + 2 * DAY + 1_000, null, null, "douyin"));
    Lake lake = TestSpark.newLake("kpi-windows");
    Timestamp now = new Timestamp(T + 10 * MIN);
    List<Row> rows = RealtimeKpis.windows(lake.spark().createDataFrame(obt, Tables.EVENTS_OBT.schema()), now)
        .orderBy("window_start").collectAsList();
    assertEquals(2, rows.size(), "one window per session minute; an event without a session, a refund and a rating have none");
    Row w = rows.get(0);
    assertEquals(new Timestamp(T), w.getAs("window_start"));
    assertEquals(new Timestamp(T + MIN), w.getAs("window_end"));
    assertEquals("douyin", w.getAs("platform"), "the smallest platform of the session's events");
    assertEquals("a1", w.getAs("anchor_id"));
    assertEquals(3L, (long) w.getAs("viewers"), "u1, u2 and u3; u4 only asked for a refund");
    assertEquals(1L, (long) w.getAs("comments"));
    assertEquals(1L, (long) w.getAs("likes"));
    assertEquals(0L, (long) w.getAs("shares"));
    assertEquals(2L, (long) w.getAs("gifts"));
    assertEquals(0.3, (double) w.getAs("gift_value"), 0.0, "0.1 + 0.2 as decimals");
    assertEquals(2L, (long) w.getAs("orders"));
    assertEquals(1L, (long) w.getAs("buyers"));
    assertEquals(25.0, (double) w.getAs("gmv"), 0.0, "19.99 + 5.01, what the room sold");
    assertEquals(1.0 / 3, (double) w.getAs("conversion"), 0.0);
    assertEquals(now, w.getAs("updated_at"));
    assertEquals(1L, (long) rows.get(1).getAs("viewers"));
    assertEquals(0.0, (double) rows.get(1).getAs("conversion"), 0.0);
  }

  @Test
  void theQueryFollowsAppendsAndDeletesOfTheObtAndAReplayedBatchWritesNothingTwice() throws Exception {
    Lake lake = TestSpark.newLake("kpi-query");
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    append(lake, List.of(
        obt("s1", "u1", "comment", T + 1_000, null, null, "douyin"),
        obt("s1", "u1", "comment", T + 2_000, null, null, "douyin"),
        obt("s1", "u2", "like", T + 3_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake);
    assertEquals(Map.of(0L, "viewers=2 comments=2 likes=1"), kpis(lake));

    append(lake, List.of(obt("s1", "u3", "like", T + MIN + 1_000, null, null, "douyin"),
        obt("s2", "u3", "comment", T + 2 * MIN + 1_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake);
    assertEquals(Map.of(0L, "viewers=2 comments=2 likes=1", 1L, "viewers=1 comments=0 likes=1",
        2L, "viewers=1 comments=1 likes=0"), kpis(lake));

    // A retraction deletes u1's comments: minute 0 loses them and u1; an erasure of u3 empties minutes 1 and 2.
    lake.delta(Tables.EVENTS_OBT).delete("user_id = 'u1'");
    lake.delta(Tables.EVENTS_OBT).delete("user_id = 'u3'");
    RealtimeKpis.catchUp(lake);
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=1"), kpis(lake));

    // The last batch replayed, as after a crash between its write and its checkpoint's commit: the
    // write's transaction id is already in the table, so no second commit, and the same rows.
    long version = lake.delta(Tables.REALTIME_KPIS).history(1).first().getLong(0);
    LayerCheckpoints.forgetLastBatch(lake, RealtimeKpis.LAYER);
    RealtimeKpis.catchUp(lake);
    assertEquals(version, lake.delta(Tables.REALTIME_KPIS).history(1).first().getLong(0), "no second commit");
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=1"), kpis(lake));
  }

  @Test
  void aMinuteWhoseStateWasDroppedIsRecountedFromTheObtWhenItChangesAgain() {
    Lake lake = TestSpark.newLake("kpi-dropped");
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    Duration instant = Duration.ofMillis(1);
    List<LayerBatch> batches = new ArrayList<>();
    append(lake, List.of(
        obt("s1", "u1", "comment", T + 1_000, null, null, "douyin"),
        obt("s1", "u2", "like", T + 2_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake, instant, batches::add);
    // The next batch fires minute 0's timer: its state is dropped while minute 3 is counted.
    append(lake, List.of(obt("s1", "u3", "like", T + 3 * MIN, null, null, "douyin")));
    RealtimeKpis.catchUp(lake, instant, batches::add);
    lake.delta(Tables.EVENTS_OBT).delete("user_id = 'u1'");
    RealtimeKpis.catchUp(lake, instant, batches::add);
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=1", 3L, "viewers=1 comments=0 likes=1"), kpis(lake));
    append(lake, List.of(obt("s1", "u4", "comment", T + 5_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake, instant, batches::add);
    assertEquals(Map.of(0L, "viewers=2 comments=1 likes=1", 3L, "viewers=1 comments=0 likes=1"), kpis(lake));
    assertEquals(List.of(
            "2 OBT changes → 1 minutes replaced (0 recounted from the OBT)",
            "1 OBT changes → 1 minutes replaced (0 recounted from the OBT)",
            "1 OBT changes → 1 minutes replaced (1 recounted from the OBT)",
            "1 OBT changes → 1 minutes replaced (1 recounted from the OBT)"),
        batches.stream().map(b -> b.did().replaceAll("; state .*", "")).toList());
  }

  /**
   * The table equals the aggregate of the OBT, value by value, after each of a series of appends and
   * deletes (as retractions and erasures make), some minutes counted in the state, some dropped from it
   * between batches and recounted; and a lake whose layer lost its checkpoint is counted afresh.
   */
  @Test
  void theTableEqualsTheObtsAggregateAfterEveryBatchOfAppendsAndDeletes() {
    Lake lake = TestSpark.newLake("kpi-random");
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    Random random = new Random(20261204);
    String[] types = {"comment", "like", "share", "gift", "product_click", "order_paid", "order_refunded", "rating", "view"};
    for (int round = 0; round < 6; round++) {
      List<Row> rows = new ArrayList<>();
      // Round 4 changes the first and the last minute only: the write carries those between over.
      for (int i = 0; i < 60; i++) {
        int minute = round == 4 ? 14 * random.nextInt(2) : 2 * random.nextInt(8);
        String type = types[random.nextInt(types.length)];
        String session = random.nextInt(10) == 0 ? null : "s" + random.nextInt(3);
        rows.add(obt(session, "u" + random.nextInt(8), type, T + minute * MIN + round * 100 + i,
            type.equals("gift") ? random.nextInt(1000) / 100.0 : null,
            type.startsWith("order") ? random.nextInt(10_000) / 100.0 : null,
            random.nextInt(8) == 0 ? "taobao" : "douyin"));
      }
      append(lake, rows);
      if (round % 2 == 1) lake.delta(Tables.EVENTS_OBT).delete("user_id = 'u" + random.nextInt(8) + "'");
      if (round == 3) lake.delta(Tables.EVENTS_OBT).delete("event_type = 'gift' AND session_id = 's1'");
      int windowsBefore = figures(lake.read(Tables.REALTIME_KPIS)).size();
      RealtimeKpis.catchUp(lake, round % 3 == 2 ? Duration.ofMillis(1) : Duration.ofHours(1), b -> { });
      assertEquals(aggregate(lake), figures(lake.read(Tables.REALTIME_KPIS)), "round " + round);
      if (round == 4) assertTrue(windowsBefore > 6, "minutes 2 to 12 had windows to carry over: " + windowsBefore);
    }
    LayerCheckpoints.forget(lake, RealtimeKpis.LAYER);
    lake.delta(Tables.EVENTS_OBT).delete("session_id = 's2'");
    RealtimeKpis.catchUp(lake);
    assertEquals(aggregate(lake), figures(lake.read(Tables.REALTIME_KPIS)), "counted afresh");
    assertFalse(figures(lake.read(Tables.REALTIME_KPIS)).stream().anyMatch(w -> w.startsWith("s2 ")),
        "the windows of a session the OBT lost meanwhile are gone");
  }

  @Test
  void aCheckpointLeftBehindByAVacuumOfTheObtIsSetAsideAndTheTableCountedAgain() throws Exception {
    Lake lake = TestSpark.newLake("kpi-vacuumed");
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    append(lake, List.of(obt("s1", "u1", "comment", T + 1_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake);
    // While the layer is down, the OBT grows, its new files are compacted and the originals vacuumed:
    // the change feed the checkpoint would read next is gone.
    append(lake, List.of(obt("s1", "u2", "like", T + 2_000, null, null, "douyin")));
    assertNull(StaleCheckpoints.setAsideIfStale(lake, RealtimeKpis.LAYER, Tables.EVENTS_OBT),
        "a checkpoint whose next files are all there goes on");
    append(lake, List.of(obt("s1", "u3", "like", T + MIN + 1_000, null, null, "douyin")));
    new Maintenance(lake).compact(Tables.EVENTS_OBT, null);
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    lake.spark().conf().set(check, "false");
    try {
      lake.delta(Tables.EVENTS_OBT).vacuum(0);
    } finally {
      lake.spark().conf().unset(check);
    }
    List<LayerBatch> did = new ArrayList<>();
    RealtimeKpis.catchUp(lake, did::add);
    assertEquals(Map.of(0L, "viewers=2 comments=1 likes=1", 1L, "viewers=1 comments=0 likes=1"), kpis(lake));
    assertEquals(aggregate(lake), figures(lake.read(Tables.REALTIME_KPIS)));
    File checkpoints = new File(URI.create(lake.paths().checkpoint(RealtimeKpis.LAYER))).getParentFile();
    assertEquals(1, checkpoints.list((d, n) -> n.startsWith(RealtimeKpis.LAYER + ".unreadable-")).length,
        "the unreadable checkpoint is kept aside: " + String.join(", ", checkpoints.list()));
  }

  /**
   * A table an earlier version counted, refunds and ratings in its windows, is counted again from the OBT, once: its
   * checkpoint is set aside, and the table then carries the rule.
   */
  @Test
  void aTableCountedWithRefundsAndRatingsIsCountedAgainOnce() throws Exception {
    Lake lake = TestSpark.newLake("kpi-upgrade");
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    append(lake, List.of(obt("s1", "u1", "order_paid", T + 1_000, null, 10.0, "douyin"),
        obt("s1", "u1", "order_refunded", T + DAY, null, 10.0, "douyin")));
    RealtimeKpis.catchUp(lake);
    assertEquals(RealtimeKpis.RULE, lake.property(Tables.REALTIME_KPIS, RealtimeKpis.COUNTED_BY));
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=0"), kpis(lake));
    // As an earlier version left it: no rule, and the refund's window a day after the live.
    lake.spark().sql("ALTER TABLE delta.`" + lake.path(Tables.REALTIME_KPIS) + "` UNSET TBLPROPERTIES ('"
        + RealtimeKpis.COUNTED_BY + "')");
    lake.spark().sql("INSERT INTO delta.`" + lake.path(Tables.REALTIME_KPIS) + "` SELECT 's1', timestamp_millis("
        + (T + DAY) + "), timestamp_millis(" + (T + DAY + MIN) + "), 'douyin', 'a1', 1, 0, 0, 0, 0, 0.0, 0, 0, 0,"
        + " -10.0, 0.0, current_timestamp()");
    assertEquals(2, kpis(lake).size());

    RealtimeKpis.catchUp(lake);
    assertEquals(aggregate(lake), figures(lake.read(Tables.REALTIME_KPIS)));
    assertEquals(Map.of(0L, "viewers=1 comments=0 likes=0"), kpis(lake), "the refund's window is gone");
    assertEquals(RealtimeKpis.RULE, lake.property(Tables.REALTIME_KPIS, RealtimeKpis.COUNTED_BY));
    RealtimeKpis.catchUp(lake);
    File checkpoints = new File(URI.create(lake.paths().checkpoint(RealtimeKpis.LAYER))).getParentFile();
    assertEquals(1, checkpoints.list((d, n) -> n.startsWith(RealtimeKpis.LAYER + ".counted-otherwise-")).length,
        "set aside once: " + String.join(", ", checkpoints.list()));
  }

  @Test
  void aLakeMovedElsewhereGoesOnCountingFromItsCheckpoint() throws Exception {
    // transformWithState wrote its state schemas' absolute paths: the moved lake's layer read the old place's
    // files, and failed once they were gone ("File .../_stateSchema/default/0_... does not exist").
    java.nio.file.Path before = TestSpark.newDir("kpi-moved-from");
    Lake lake = TestSpark.lake(before);
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    append(lake, List.of(obt("s1", "u1", "comment", T + 1_000, null, null, "douyin")));
    RealtimeKpis.catchUp(lake);
    java.nio.file.Path after = TestSpark.newDir("kpi-moved-to");
    java.nio.file.Files.delete(after);
    java.nio.file.Files.move(before, after);
    Lake moved = TestSpark.lake(after);
    append(moved, List.of(obt("s1", "u2", "like", T + MIN + 1_000, null, null, "douyin")));
    List<LayerBatch> did = new ArrayList<>();
    RealtimeKpis.catchUp(moved, did::add);
    assertEquals(Map.of(0L, "viewers=1 comments=1 likes=0", 1L, "viewers=1 comments=0 likes=1"), kpis(moved));
    assertEquals(1, did.size(), "one batch, of the new row only: " + did);
    assertTrue(did.get(0).did().startsWith("1 OBT changes"), did.get(0).did());
    assertFalse(java.nio.file.Files.exists(before), "nothing written where the lake was");
  }

  private static List<String> aggregate(Lake lake) {
    return figures(RealtimeKpis.windows(lake.read(Tables.EVENTS_OBT), new Timestamp(0)));
  }

  /** Every column but updated_at, a line per window, sorted. */
  private static List<String> figures(Dataset<Row> kpis) {
    List<String> lines = new ArrayList<>();
    for (Row r : kpis.drop("updated_at").collectAsList()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) line.append(r.get(i)).append(' ');
      lines.add(line.toString());
    }
    lines.sort(null);
    return lines;
  }

  private static void append(Lake lake, List<Row> rows) {
    lake.spark().createDataFrame(rows, Tables.EVENTS_OBT.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.EVENTS_OBT));
  }

  private static Map<Long, String> kpis(Lake lake) {
    Map<Long, String> m = new HashMap<>();
    for (Row r : lake.read(Tables.REALTIME_KPIS).collectAsList()) {
      m.put((r.<Timestamp>getAs("window_start").getTime() - T) / MIN,
          "viewers=" + r.getAs("viewers") + " comments=" + r.getAs("comments") + " likes=" + r.getAs("likes"));
    }
    return m;
  }

  /** An OBT row with the fields the KPIs read (anchor a1), the others null. */
  private static Row obt(String session, String user, String type, long time, Double gift, Double amount,
      String platform) {
    Map<String, Object> v = new HashMap<>();
    v.put("event_id", user + "-" + type + "-" + time);
    v.put("event_type", type);
    v.put("event_time", new Timestamp(time));
    v.put("event_minute", new Timestamp(Math.floorDiv(time, MIN) * MIN));
    v.put("event_date", new Date(Math.floorDiv(time, 86_400_000L) * 86_400_000L));
    v.put("session_id", session);
    v.put("anchor_id", session == null ? null : "a1");
    v.put("platform", platform);
    v.put("user_id", user);
    v.put("gift_value", gift);
    v.put("amount_reporting", amount);
    List<Object> values = new ArrayList<>();
    for (StructField f : Tables.EVENTS_OBT.schema().fields()) values.add(v.get(f.name()));
    return RowFactory.create(values.toArray());
  }
}
