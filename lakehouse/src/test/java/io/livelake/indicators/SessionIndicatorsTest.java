package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each indicator of {@link SessionIndicators} against values computed by hand from {@link Fixture}. */
class SessionIndicatorsTest {
  private static final double EPS = 1e-12;
  private static final Map<String, Row> BY_SESSION = new HashMap<>();

  @BeforeAll
  static void compute() {
    Dataset<Row> obt = Fixture.events().dataset();
    for (Row r : SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC).collectAsList()) {
      BY_SESSION.put(r.getAs("session_id"), r);
    }
  }

  private static double v(String session, Indicator i) { return BY_SESSION.get(session).<Double>getAs(i.column()); }

  private static long n(String session, String column) { return BY_SESSION.get(session).<Long>getAs(column); }

  @Test
  void oneRowPerSessionWithItsAnchorPlatformAndSchedule() {
    assertEquals(4, BY_SESSION.size(), "S0..S3; shop orders make no session");
    Row s1 = BY_SESSION.get("S1");
    assertEquals("A1", s1.getAs("anchor_id"));
    assertEquals("name of A1", s1.getAs("anchor_name"));
    assertEquals("douyin", s1.getAs("platform"));
    assertEquals(ObtRows.ts("2024-05-01T10:00:00Z"), s1.getAs("session_start"));
    assertEquals(ObtRows.ts("2024-05-01T11:00:00Z"), s1.getAs("session_end"));
    assertEquals(java.sql.Date.valueOf("2024-05-01"), s1.getAs("session_date"));
    assertEquals(52L, n("S1", "events"));
  }

  @Test
  void aSessionIdThatStandsForTwoBroadcastsIsFlaggedNamingWhatItsEventsCarry() {
    assertNull(BY_SESSION.get("S1").getAs(SessionIndicators.CONFLICT), "one anchor, one platform");
    // Two platforms' exports that both number their sessions from 1001, and a third export under one anchor.
    Dataset<Row> obt = new ObtRows()
        .session("1001", "a1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("1002", "a1", "douyin", "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z")
        .session("1003", "c1", "kuaishou", "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z")
        .in("1001", "enter_room", "u1", "2024-05-01T10:00:00Z")
        .in("1001", "enter_room", "u2", "2024-05-01T10:01:00Z")
        .in("1001", "enter_room", "u3", "2024-05-01T10:02:00Z", "anchor_id", "b7", "platform", "taobao")
        .in("1001", "like", "u3", "2024-05-01T10:03:00Z", "anchor_id", "a9", "platform", "taobao")
        .in("1002", "enter_room", "u4", "2024-05-01T12:00:00Z")
        .in("1003", "enter_room", "u5", "2024-05-01T12:00:00Z")
        .in("1003", "enter_room", "u6", "2024-05-01T12:01:00Z", "anchor_id", "c2")
        .dataset();
    Map<String, Row> rows = new HashMap<>();
    for (Row r : SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC).collectAsList()) rows.put(r.getAs("session_id"), r);
    assertEquals("anchor_id a1 … b7; platform douyin … taobao", rows.get("1001").getAs(SessionIndicators.CONFLICT));
    assertEquals("b7", rows.get("1001").getAs("anchor_id"), "the greatest, as the row says");
    assertEquals(3L, rows.get("1001").<Long>getAs("viewers"), "the mixed row counts both broadcasts' viewers");
    assertNull(rows.get("1002").getAs(SessionIndicators.CONFLICT));
    assertEquals("anchor_id c1 … c2", rows.get("1003").getAs(SessionIndicators.CONFLICT));

    SessionIndicators.Conflicts found = SessionIndicators.conflicts(
        SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC));
    assertEquals(2, found.sessions());
    assertEquals("2 sessions of gold.session_indicators stand for more than one broadcast (1001: anchor_id a1 … b7; "
        + "platform douyin … taobao, 1003: anchor_id c1 … c2): the events under one session_id carry more than one "
        + "anchor_id or platform, so the row mixes them (column session_id_conflict). A session_id must name one broadcast "
        + "across platforms: prefix each platform's ids when merging exports (douyin-1001); train leaves these sessions "
        + "out", found.warning().orElseThrow());
    assertEquals(0, SessionIndicators.conflicts(SessionIndicators.compute(Fixture.events().dataset(),
        Fixture.events().dataset(), Fixture.events().dataset(), 7, ZoneOffset.UTC)).sessions());
  }

  @Test
  void a11ViewingDurationClosesOpenVisitsAtTheLastHeartbeat() {
    // u1 150 + 120 (second visit never left), u2 180 (never leaves), u3 90 (opened by a heartbeat), u4 0 (enter only).
    assertEquals(4L, n("S1", "viewers"), "u5 only left the room: no viewer");
    assertEquals(540.0, BY_SESSION.get("S1").<Double>getAs("watch_seconds"), EPS);
    assertEquals(135.0, v("S1", Indicator.A11), EPS);
    assertEquals(180.0, v("S0", Indicator.A11), EPS);
    assertEquals(60.0, v("S2", Indicator.A11), EPS);
    assertEquals(0L, n("S3", "viewers"));
    assertEquals(0.0, v("S3", Indicator.A11), EPS, "no viewers: 0 by definition");
  }

  @Test
  void a12Barrages() {
    assertEquals(4.0, v("S1", Indicator.A12), EPS, "comments of non-viewers count too");
    assertEquals(2.0, v("S2", Indicator.A12), EPS);
    assertEquals(1.0, v("S3", Indicator.A12), EPS);
    assertEquals(0.0, v("S0", Indicator.A12), EPS);
  }

  @Test
  void a13GiftsWithTheirValue() {
    assertEquals(2.0, v("S1", Indicator.A13), EPS);
    assertEquals(2L, n("S1", "gifts"));
    assertEquals(12.75, BY_SESSION.get("S1").<Double>getAs("gift_value"), EPS);
    assertEquals(0.0, BY_SESSION.get("S2").<Double>getAs("gift_value"), EPS);
  }

  @Test
  void a14LikesAndShares() {
    assertEquals(3L, n("S1", "likes"));
    assertEquals(1L, n("S1", "shares"));
    assertEquals(4.0, v("S1", Indicator.A14), EPS);
    assertEquals(0.0, v("S2", Indicator.A14), EPS);
  }

  @Test
  void a21CommodityDisplayEffectOnDistinctPairsAndZeroImpressions() {
    assertEquals(4L, n("S1", "impressions"));
    assertEquals(3L, n("S1", "impression_pairs"), "(u1,P1) twice counts once");
    assertEquals(2L, n("S1", "cart_pairs"), "(u1,P1) added twice counts once; (u2,P3) had no impression but counts");
    assertEquals(2.0 / 3.0, v("S1", Indicator.A21), EPS);
    assertEquals(1L, n("S2", "cart_pairs"));
    assertEquals(0L, n("S2", "impression_pairs"));
    assertEquals(0.0, v("S2", Indicator.A21), EPS, "zero impressions: 0 by definition");
  }

  @Test
  void a22AnchorProfessionalismIsTheMeanAnchorRatingOrNull() {
    assertEquals(2L, n("S1", "anchor_ratings"));
    assertEquals(4.5, v("S1", Indicator.A22), EPS);
    assertNull(BY_SESSION.get("S2").getAs(Indicator.A22.column()), "no anchor rating: undefined");
  }

  @Test
  void a22FallsBackToTheAnchorsSurveyMean() {
    Dataset<Row> obt = Fixture.events().dataset();
    Dataset<Row> scores = io.livelake.testing.TestSpark.session().createDataFrame(java.util.List.of(
            org.apache.spark.sql.RowFactory.create("A1", "A2", 5L, 3.25, "f", null),
            org.apache.spark.sql.RowFactory.create("A2", "A2", 4L, 3.75, "f", null),
            org.apache.spark.sql.RowFactory.create("A2", "A1", 4L, 1.0, "f", null)),
        io.livelake.catalog.Tables.SURVEY_ANCHOR_SCORES.schema());
    Map<String, Double> a22 = new HashMap<>();
    Dataset<Row> computed = SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC);
    for (Row r : SessionIndicators.withSurveyA22(computed, scores, "A2").collectAsList()) {
      a22.put(r.getAs("session_id"), r.getAs(Indicator.A22.column()));
    }
    assertEquals(4.5, a22.get("S1"), EPS, "ratings win");
    assertEquals(3.25, a22.get("S0"), EPS, "no ratings: the anchor's survey mean of the construct");
    assertEquals(3.75, a22.get("S2"), EPS);
  }

  @Test
  void a23InteractiveGameEffect() {
    assertEquals(2L, n("S1", "game_participants"));
    assertEquals(0.5, v("S1", Indicator.A23), EPS);
    assertEquals(0.0, v("S3", Indicator.A23), EPS);
  }

  @Test
  void a31PurchaseConversionRate() {
    assertEquals(2L, n("S1", "buyers"));
    assertEquals(2L, n("S1", "orders"));
    assertEquals(0.5, v("S1", Indicator.A31), EPS);
    assertEquals(0.0, v("S2", Indicator.A31), EPS);
  }

  @Test
  void a32SalesAreNetOfRefundsAndOnlyInSession() {
    assertEquals(150.0, BY_SESSION.get("S1").<Double>getAs("gmv_paid"), EPS);
    assertEquals(50.0, BY_SESSION.get("S1").<Double>getAs("gmv_refunded"), EPS);
    assertEquals(100.0, v("S1", Indicator.A32), EPS, "O1 100 + O2 50 - refund of O2 50; shop orders O3, O4 excluded");
    assertEquals(0.0, v("S0", Indicator.A32), EPS);
  }

  @Test
  void a33ClickRateOfGoods() {
    assertEquals(2L, n("S1", "product_clicks"));
    assertEquals(0.5, v("S1", Indicator.A33), EPS);
    assertEquals(1L, n("S2", "product_clicks"));
    assertEquals(0.0, v("S2", Indicator.A33), EPS, "a click with zero impressions: 0 by definition");
  }

  @Test
  void a41CommentsAndRatingsIsTheMeanProductRating() {
    assertEquals(3L, n("S1", "product_ratings"));
    assertEquals(3.0, v("S1", Indicator.A41), EPS);
    assertNull(BY_SESSION.get("S0").getAs(Indicator.A41.column()));
  }

  @Test
  void a42UnsubscribeRate() {
    assertEquals(1L, n("S1", "unfollows"));
    assertEquals(0.25, v("S1", Indicator.A42), EPS);
    assertEquals(0.0, v("S2", Indicator.A42), EPS);
  }

  @Test
  void a43UserGrowthRateUsesTheAnchorsEarlierSessions() {
    assertEquals(3L, n("S1", "first_time_viewers"), "u2 watched A1 in S0 the day before");
    assertEquals(0.75, v("S1", Indicator.A43), EPS);
    assertEquals(1.0, v("S0", Indicator.A43), EPS);
    assertEquals(1.0, v("S2", Indicator.A43), EPS);
    assertEquals(0.0, v("S3", Indicator.A43), EPS);
  }

  @Test
  void a43OfASessionAloneCountsEveryViewerAsNew() {
    // Without the anchor's history (only S1's own rows), u2 looks new: the history matters.
    Dataset<Row> obt = Fixture.events().dataset();
    Dataset<Row> s1 = obt.where("session_id = 'S1'");
    Row r = SessionIndicators.compute(s1, s1, obt, 7, ZoneOffset.UTC).first();
    assertEquals(4L, r.<Long>getAs("first_time_viewers"));
  }

  @Test
  void a51AdvertisingCtr() {
    assertEquals(4L, n("S1", "ad_impressions"));
    assertEquals(1L, n("S1", "ad_clicks"));
    assertEquals(0.25, v("S1", Indicator.A51), EPS);
    assertEquals(0.0, v("S2", Indicator.A51), EPS, "an ad click with zero ad impressions: 0 by definition");
  }

  @Test
  void outcomeIsViewersNetSpendOverTheSessionAndTheFollowingDays() {
    // S1 viewers u1..u4: u1 O1 100 + shop O3 40 (day 4), u2 50 - 50, u3's O4 on day 8 is outside 7 days.
    assertEquals(35.0, BY_SESSION.get("S1").<Double>getAs("outcome_gmv_per_viewer"), EPS);
    assertEquals(0.0, BY_SESSION.get("S0").<Double>getAs("outcome_gmv_per_viewer"), EPS, "u2's order refunded in the window");
    assertEquals(0.0, BY_SESSION.get("S3").<Double>getAs("outcome_gmv_per_viewer"), EPS);
    Dataset<Row> obt = Fixture.events().dataset();
    Map<String, Row> days0 = new HashMap<>();
    Map<String, Row> days8 = new HashMap<>();
    for (Row r : Outcome.perViewer(obt, obt, 0).collectAsList()) days0.put(r.getString(0), r);
    for (Row r : Outcome.perViewer(obt, obt, 8).collectAsList()) days8.put(r.getString(0), r);
    assertEquals(25.0, days0.get("S1").getDouble(1), EPS, "0 days: only O1 within the session");
    assertEquals(42.5, days8.get("S1").getDouble(1), EPS, "8 days: O4 of u3 counts too");
    assertEquals(0.0, days0.get("S1").getDouble(2), EPS, "later, 0 days: nothing after the end");
    assertEquals(17.5, days8.get("S1").getDouble(2), EPS, "later, 8 days: O3 40 and O4 30 over 4 viewers");
    assertEquals(4, days0.size());
  }

  /**
   * The default outcome counts only what the viewers spent after the session, and none of the
   * session's own orders: S1's O1 and O2 (paid and refunded in it) are its sales, A32, and stay out.
   */
  @Test
  void laterOutcomeLeavesOutTheSessionsOwnOrders() {
    assertEquals(10.0, BY_SESSION.get("S1").<Double>getAs("outcome_later_gmv_per_viewer"), EPS, "O3 40 over 4 viewers");
    assertEquals(0.0, BY_SESSION.get("S0").<Double>getAs("outcome_later_gmv_per_viewer"), EPS,
        "u2 paid 50 and got it back after S0, in S1");
    assertEquals(0.0, BY_SESSION.get("S2").<Double>getAs("outcome_later_gmv_per_viewer"), EPS);
    assertEquals(0.0, BY_SESSION.get("S3").<Double>getAs("outcome_later_gmv_per_viewer"), EPS);
    assertEquals(List.of(Indicator.A31, Indicator.A32), Outcome.Definition.GMV_PER_VIEWER.contains());
    assertEquals(List.of(), Outcome.Definition.LATER_GMV_PER_VIEWER.contains());
  }

  /**
   * A purchase in a later live room is that room's own sales, not what an earlier session led to:
   * x watches SA and SB, pays 300 in SB's room and 20 in the shop; y watches SA and pays 10 in the shop.
   */
  @Test
  void laterOutcomeLeavesOutPurchasesInOtherRooms() {
    ObtRows o = new ObtRows()
        .session("SA", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("SB", "A2", "douyin", "2024-05-02T10:00:00Z", "2024-05-02T11:00:00Z");
    o.in("SA", "enter_room", "x", "2024-05-01T10:00:00Z").in("SA", "enter_room", "y", "2024-05-01T10:05:00Z")
        .in("SB", "enter_room", "x", "2024-05-02T10:00:00Z")
        .in("SB", "order_paid", "x", "2024-05-02T10:30:00Z", "order_id", "OB", "amount_reporting", 300.0)
        .shop("order_paid", "x", "douyin", "2024-05-03T09:00:00Z", "order_id", "OX", "amount_reporting", 20.0)
        .shop("order_paid", "y", "douyin", "2024-05-01T12:00:00Z", "order_id", "OY", "amount_reporting", 10.0);
    Dataset<Row> obt = o.dataset();
    Map<String, Row> bySession = new HashMap<>();
    for (Row r : Outcome.perViewer(obt, obt, 7).collectAsList()) bySession.put(r.getString(0), r);
    assertEquals(15.0, bySession.get("SA").getDouble(2), EPS, "SA: OX 20 + OY 10 over 2 viewers, OB in SB's room left out");
    assertEquals(20.0, bySession.get("SB").getDouble(2), EPS, "SB: OX 20 after it; its own OB is its sales");
    assertEquals(165.0, bySession.get("SA").getDouble(1), EPS, "the old outcome counts OB for SA too: 330 over 2");
  }

  /**
   * A lake without the sessions' schedule ends a session with its room's last event. u1's rating three days later
   * stretched S to then, and u1's shop order the day after the live fell inside S, out of what S led to; a session
   * of a refund alone still ends at it.
   */
  @Test
  void aSessionWithoutItsScheduleEndsWithItsRoomNotWithALaterRatingOrRefund() {
    ObtRows o = new ObtRows().session("S", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("R", "A1", "douyin", "2024-04-20T10:00:00Z", "2024-04-20T11:00:00Z");
    o.in("S", "enter_room", "u1", "2024-05-01T10:00:00Z", "session_start", null, "session_end", null)
        .in("S", "leave_room", "u1", "2024-05-01T10:40:00Z", "session_start", null, "session_end", null)
        .in("S", "rating", "u1", "2024-05-04T10:00:00Z", "session_start", null, "session_end", null, "rating", 5,
            "rating_target", "anchor")
        .in("S", "order_refunded", "u2", "2024-05-03T10:00:00Z", "session_start", null, "session_end", null,
            "order_id", "O0", "amount_reporting", 5.0)
        .shop("order_paid", "u1", "douyin", "2024-05-02T09:00:00Z", "order_id", "O1", "amount_reporting", 50.0)
        .in("R", "order_refunded", "u3", "2024-05-05T10:00:00Z", "session_start", null, "session_end", null,
            "order_id", "O9", "amount_reporting", 9.0);
    Dataset<Row> obt = o.dataset();
    Map<String, Row> rows = new HashMap<>();
    for (Row r : SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC).collectAsList()) rows.put(r.getAs("session_id"), r);
    assertEquals(ObtRows.ts("2024-05-01T10:00:00Z"), rows.get("S").getAs("session_start"));
    assertEquals(ObtRows.ts("2024-05-01T10:40:00Z"), rows.get("S").getAs("session_end"));
    assertEquals(50.0, rows.get("S").<Double>getAs("outcome_later_gmv_per_viewer"), EPS, "O1 50 over 1 viewer");
    assertEquals(ObtRows.ts("2024-05-05T10:00:00Z"), rows.get("R").getAs("session_end"));
  }

  /**
   * Singles' Day in Shanghai: a room opening at 00:30 on 11 November (16:30 UTC on the 10th) and one at 23:30 on the
   * 11th (15:30 UTC) both sell on the 11th in the reporting zone; in UTC they are two days apart.
   */
  @Test
  void theSessionDateIsTheStartsDateInTheReportingZone() {
    ObtRows o = new ObtRows()
        .session("MIDNIGHT", "A1", "taobao", "2026-11-10T16:30:00Z", "2026-11-10T18:00:00Z")
        .session("LATE", "A1", "taobao", "2026-11-11T15:30:00Z", "2026-11-11T16:30:00Z");
    o.in("MIDNIGHT", "enter_room", "x", "2026-11-10T16:30:00Z").in("LATE", "enter_room", "x", "2026-11-11T15:30:00Z");
    Dataset<Row> obt = o.dataset();
    Map<String, Object> utc = new HashMap<>();
    Map<String, Object> shanghai = new HashMap<>();
    SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC).collectAsList()
        .forEach(r -> utc.put(r.getAs("session_id"), r.getAs("session_date")));
    SessionIndicators.compute(obt, obt, obt, 7, ZoneId.of("Asia/Shanghai")).collectAsList()
        .forEach(r -> shanghai.put(r.getAs("session_id"), r.getAs("session_date")));
    assertEquals(Map.of("MIDNIGHT", java.sql.Date.valueOf("2026-11-10"), "LATE", java.sql.Date.valueOf("2026-11-11")), utc);
    assertEquals(Map.of("MIDNIGHT", java.sql.Date.valueOf("2026-11-11"), "LATE", java.sql.Date.valueOf("2026-11-11")),
        shanghai);
  }

  @Test
  void externalOutcomeReplacesOutcomeButNotTheDefaultColumn() {
    Dataset<Row> obt = Fixture.events().dataset();
    Dataset<Row> ext = io.livelake.testing.TestSpark.session().sql("SELECT 'S1' AS session_id, 0.9 AS outcome");
    Map<String, Row> rows = new HashMap<>();
    Dataset<Row> computed = SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC);
    for (Row r : Outcome.withOutcome(computed, Outcome.Definition.LATER_GMV_PER_VIEWER, ext, "outcomes.csv").collectAsList()) {
      rows.put(r.getAs("session_id"), r);
    }
    assertEquals(0.9, rows.get("S1").<Double>getAs("outcome"), EPS);
    assertEquals(35.0, rows.get("S1").<Double>getAs("outcome_gmv_per_viewer"), EPS);
    assertNull(rows.get("S2").getAs("outcome"), "not in the external table");
    assertEquals("table outcomes.csv", rows.get("S2").getAs(Outcome.SOURCE));
  }
}
