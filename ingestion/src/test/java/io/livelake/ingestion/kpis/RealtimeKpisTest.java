package io.livelake.ingestion.kpis;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.LayerCheckpoints;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class RealtimeKpisTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = RealtimeKpis.WINDOW_MS;

  @Test
  void replacesRunsOfConsecutiveMinutesAsRangesAndNeverSpansAGap() {
    assertEquals("(window_start >= timestamp_millis(0) AND window_start <= timestamp_millis(120000))"
            + " OR window_start = timestamp_millis(300000)"
            + " OR (window_start >= timestamp_millis(420000) AND window_start <= timestamp_millis(480000))",
        RealtimeKpis.condition(List.of(0L, MIN, 2 * MIN, 5 * MIN, 7 * MIN, 8 * MIN)));
    assertEquals("window_start = timestamp_millis(60000)", RealtimeKpis.condition(List.of(MIN)));
  }

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
        obt(null, "u6", "order_paid", T + 8_000, null, 7.0, "douyin"));
    Lake lake = TestSpark.newLake("kpi-windows");
    Timestamp now = new Timestamp(T + 10 * MIN);
    List<Row> rows = RealtimeKpis.windows(lake.spark().createDataFrame(obt, Tables.EVENTS_OBT.schema()), now)
        .orderBy("window_start").collectAsList();
    assertEquals(2, rows.size(), "one window per session minute; an event without a session has none");
    Row w = rows.get(0);
    assertEquals(new Timestamp(T), w.getAs("window_start"));
    assertEquals(new Timestamp(T + MIN), w.getAs("window_end"));
    assertEquals("douyin", w.getAs("platform"), "the smallest platform of the session's events");
    assertEquals("a1", w.getAs("anchor_id"));
    assertEquals(4L, (long) w.getAs("viewers"));
    assertEquals(1L, (long) w.getAs("comments"));
    assertEquals(1L, (long) w.getAs("likes"));
    assertEquals(0L, (long) w.getAs("shares"));
    assertEquals(2L, (long) w.getAs("gifts"));
    assertEquals(0.3, (double) w.getAs("gift_value"), 0.0, "0.1 + 0.2 as decimals");
    assertEquals(2L, (long) w.getAs("orders"));
    assertEquals(1L, (long) w.getAs("buyers"));
    assertEquals(24.0, (double) w.getAs("gmv"), 0.0, "19.99 + 5.01 - 1.00");
    assertEquals(0.25, (double) w.getAs("conversion"), 0.0);
    assertEquals(now, w.getAs("updated_at"));
    assertEquals(1L, (long) rows.get(1).getAs("viewers"));
    assertEquals(0.0, (double) rows.get(1).getAs("conversion"), 0.0);
  }

  @Test
  void theQueryFollowsAppendsAndDeletesOfTheObtAndAReplayedBatchWritesNothingTwice() throws Exception {
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(TestSpark.config(TestSpark.newDir("kpi-query"))));
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
