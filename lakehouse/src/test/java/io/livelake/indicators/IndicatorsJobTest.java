package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job on a real lake: a first full build, then late events, a late purchase and a retraction,
 * each followed by an incremental run whose effect is checked row by row (that a full rebuild then
 * finds nothing to change is IncrementalEqualsFullTest's). The first build is made once; each test
 * starts from a copy of its lake.
 */
@IntegrationTest
class IndicatorsJobTest {
  private static final double EPS = 1e-12;
  private static Path firstRunLake;
  private static IndicatorsJob.Result first;
  private Lake lake;
  private LiveLakeConfig config;

  @BeforeAll
  static void firstRun() {
    IndicatorsJobTest built = new IndicatorsJobTest();
    firstRunLake = TestSpark.newDir("indicators-job-first");
    built.open(firstRunLake);
    built.lake.ensure(Tables.EVENTS_OBT).ensure(Tables.INGEST_BATCHES);
    built.appendObt(Fixture.events().rows());
    built.appendBatch(0, 40, 30, 6, Map.of("late", 2L, "bot_burst", 4L), 4, 2, 0);
    built.appendBatch(1, 45, 43, 1, Map.of("malformed_json", 1L), 1, 0, 3);
    first = built.run(false);
  }

  @BeforeEach
  void copyOfTheFirstRun() throws IOException {
    Path dir = TestSpark.newDir("indicators-job");
    TestSpark.copyTree(firstRunLake, dir);
    open(dir);
  }

  private void open(Path dir) {
    config = TestSpark.config(dir);
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
  }

  @Test
  void firstRunBuildsEveryTable() {
    assertEquals("full", first.mode());
    assertEquals("first run", first.reason());
    assertEquals(4, first.sessionsWritten());
    Map<String, Row> s = sessions();
    assertEquals(Set.of("S0", "S1", "S2", "S3"), s.keySet());
    Row s1 = s.get("S1");
    assertEquals(135.0, s1.<Double>getAs(Indicator.A11.column()), EPS);
    assertEquals(0.75, s1.<Double>getAs(Indicator.A43.column()), EPS);
    assertEquals(35.0, s1.<Double>getAs("outcome_gmv_per_viewer"), EPS);
    assertEquals(10.0, s1.<Double>getAs("outcome"), EPS,
        "outcome = the default, later_gmv_per_viewer: u1's shop order O3 of 40 after S1, over its 4 viewers");
    assertEquals("later_gmv_per_viewer", s1.getAs(Outcome.SOURCE));
    // A12 is 0, 4, 2, 1 for S0..S3: min 0, max 4.
    assertEquals(1.0, s1.<Double>getAs("n_a12"), EPS);
    assertEquals(0.5, s.get("S2").<Double>getAs("n_a12"), EPS);
    assertEquals(0.25, s.get("S3").<Double>getAs("n_a12"), EPS);
    // A42 is 0, 0.25, 0, 0: inverted, S1 is the worst.
    assertEquals(0.0, s1.<Double>getAs("n_a42"), EPS);
    assertEquals(1.0, s.get("S0").<Double>getAs("n_a42"), EPS);

    List<Row> anchorDaily = lake.read(Tables.ANCHOR_DAILY).orderBy("anchor_id", "date").collectAsList();
    assertEquals(4, anchorDaily.size());
    Row a1 = anchorDaily.get(1);
    assertEquals("A1", a1.getAs("anchor_id"));
    assertEquals(java.sql.Date.valueOf("2024-05-01"), a1.getAs("date"));
    assertEquals(4L, a1.<Long>getAs("viewers"));
    assertEquals(100.0, a1.<Double>getAs("gmv"), EPS);
    assertEquals(0.5, a1.<Double>getAs("conversion"), EPS);
    Row taobao = lake.read(Tables.PLATFORM_DAILY).where("platform = 'taobao' AND date = DATE'2024-05-01'").first();
    assertEquals(1L, taobao.<Long>getAs("sessions"));
    assertEquals(1L, taobao.<Long>getAs("anchors"));
    assertEquals(60.0, taobao.<Double>getAs(Indicator.A11.column()), EPS);

    // S1's O1 (100) and O2 (50, u2) paid and O2 refunded at 10:50, all on May 1; the shop orders O3 and O4.
    assertEquals(List.of("2024-05-01 live 2 2 150.0 1 50.0 100.0", "2024-05-05 shop 1 1 40.0 0 0.0 40.0",
        "2024-05-09 shop 1 1 30.0 0 0.0 30.0"), sales());

    assertEquals(List.of("u1", "u2", "u3", "u4", "u6"), column(Tables.USER_STICKINESS, "user_id"));
    Row u1 = lake.read(Tables.USER_STICKINESS).where("user_id = 'u1'").first();
    assertEquals(2L, u1.<Long>getAs("purchases"));
    assertTrue(u1.<Boolean>getAs("repeat_buyer"));
    assertEquals(4.0, u1.<Double>getAs("mean_days_between_purchases"), EPS);

    // Which indicators the 4 sessions support: measured as the job measures them, and by hand for three.
    List<Row> support = lake.read(Tables.INDICATOR_SUPPORT).orderBy("indicator").collectAsList();
    assertEquals(14, support.size());
    assertEquals(IndicatorSupport.measure(lake.read(Tables.SESSION_INDICATORS), 0.1).stream()
        .map(v -> List.<Object>of(v.indicator().name(), v.supported(), v.measured(), String.valueOf(v.reason()))).toList(),
        support.stream().map(r -> values(r, "indicator", "supported", "sessions_measured", "reason")).toList());
    Row a12 = support.get(Indicator.A12.ordinal());
    assertEquals(List.of(1L, "A12", "number of barrages", true, 4L, 4L, 0.0, 4.0), values(a12, "run_id", "indicator", "name",
        "supported", "sessions", "sessions_measured", "min_value", "max_value"));
    assertTrue(a12.isNullAt(a12.fieldIndex("reason")));
    // Only S1 has reviews: its product ratings 3, 4 and 2 average 3, and its anchor ratings 5 and 4 average 4.5.
    assertEquals("the same value (3) in the 1 of 4 sessions that have one, so it tells no session from another "
        + "(measured as mean product rating of the session's reviews)", support.get(Indicator.A41.ordinal()).getAs("reason"));
    assertEquals("the same value (4.5) in the 1 of 4 sessions that have one, so it tells no session from another "
        + "(measured as mean anchor rating (rating events with target anchor, or survey means))",
        support.get(Indicator.A22.ordinal()).getAs("reason"));
    assertTrue(first.findings().contains("  A41 comments and ratings: "
        + support.get(Indicator.A41.ordinal()).getAs("reason")), first.findings().toString());

    Row q = lake.read(Tables.DATA_QUALITY).first();
    assertEquals(1L, lake.read(Tables.DATA_QUALITY).count());
    assertEquals(Fixture.events().rows().size(), q.<Long>getAs("obt_rows"));
    assertEquals(Fixture.events().rows().size() - 2, q.<Long>getAs("rows_read"), "all but the two shop orders");
    assertEquals(2L, q.<Long>getAs("ingest_batches"));
    assertEquals(85L, q.<Long>getAs("records_in"));
    assertEquals(7L, q.<Long>getAs("quarantined"));
    assertEquals(Map.of("late", 2L, "bot_burst", 4L, "malformed_json", 1L), javaMap(q, "quarantined_by_reason"));
    assertEquals(5L, q.<Long>getAs("duplicates"));
    assertEquals(2L, q.<Long>getAs("late"));
    assertEquals(3L, q.<Long>getAs("retracted"));
    // The fixture's one refund, O2's, carries the session O2 was paid in.
    assertEquals(List.of(1L, 0L, 0L, 0L),
        values(q, "refunds", "refunds_moved", "refunds_without_order", "orders_over_refunded"));
    assertEquals("indicators: 1 refund; 0 counted in their order's session rather than the one they carry, 0 without their "
            + "order in the lake (counted in the session they carry, or as shop sales without one)",
        first.findings().get(first.findings().size() - 1));
  }

  @Test
  void aSecondRunWithNothingNewChangesNoTable() {
    Map<String, List<String>> before = snapshot();
    IndicatorsJob.Result r = run(false);
    assertEquals("noop", r.mode());
    assertEquals(before, snapshot());
  }

  /**
   * The reporting zone moves the business day: at +14:00 (Kiritimati's), every session of the fixture, starting at
   * 10:00 or 12:00 UTC, is on the next day. A change of zone rebuilds in full; the same zone again changes nothing.
   */
  @Test
  void anotherReportingZoneRebuildsWithItsDates() {
    assertEquals("UTC", IndicatorsJob.datedIn(lake).getId(), "what the report labels its dates with");
    config = TestSpark.config(lake.paths().localRoot(), Map.of("reporting.timezone", "+14:00"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    IndicatorsJob.Result r = run(false);
    assertEquals("full", r.mode());
    assertTrue(r.reason().startsWith("definitions changed: ") && r.reason().endsWith("; reporting.timezone=+14:00"),
        r.reason());
    Map<String, String> dates = new TreeMap<>();
    sessions().forEach((id, row) -> dates.put(id, String.valueOf(row.<Object>getAs("session_date"))));
    assertEquals(Map.of("S0", "2024-05-01", "S1", "2024-05-02", "S2", "2024-05-02", "S3", "2024-05-03"), dates);
    List<String> daily = lake.read(Tables.ANCHOR_DAILY).orderBy("anchor_id", "date").collectAsList().stream()
        .map(d -> d.getAs("anchor_id") + " " + d.getAs("date") + " " + d.getAs("sessions")).toList();
    assertEquals(List.of("A1 2024-05-01 1", "A1 2024-05-02 1", "A2 2024-05-02 1", "A2 2024-05-03 1"), daily);
    assertEquals(List.of("2024-05-02 live 2 2 150.0 1 50.0 100.0", "2024-05-05 shop 1 1 40.0 0 0.0 40.0",
        "2024-05-09 shop 1 1 30.0 0 0.0 30.0"), sales(), "S1's orders at 10:07..10:50 UTC are after midnight at +14:00; "
        + "the shop orders at 09:00 UTC are at 23:00 the same day");
    assertEquals(java.time.ZoneOffset.ofHours(14), IndicatorsJob.datedIn(lake), "what the report labels its dates with");
    assertEquals("noop", run(false).mode());
  }

  @Test
  void aLateEventChangesOnlyItsOwnSessionsRow() {
    Map<String, Row> before = sessions();
    List<Row> anchorDailyBefore = lake.read(Tables.ANCHOR_DAILY).where("anchor_id <> 'A2' OR date <> DATE'2024-05-01'")
        .collectAsList();
    appendBatch(2, 1, 1, 0, Map.of(), 0, 0, 0);
    appendObt(late().in("S2", "comment", "u6", "2024-05-01T12:00:55Z", "text", "late").rows());
    IndicatorsJob.Result r = run(false);
    assertEquals("incremental", r.mode());
    assertEquals(1, r.changedRows());
    assertEquals(1, r.affectedSessions());
    assertEquals(1, r.sessionsWritten());
    assertFalse(r.renormalized(), "3 comments is neither a new min nor a new max");
    Map<String, Row> after = sessions();
    for (String s : List.of("S0", "S1", "S3")) assertEquals(before.get(s), after.get(s), s + " must be untouched");
    assertEquals(3.0, after.get("S2").<Double>getAs(Indicator.A12.column()), EPS);
    assertEquals(0.75, after.get("S2").<Double>getAs("n_a12"), EPS);
    assertNotEquals((Object) before.get("S2").getAs("computed_at"), after.get("S2").getAs("computed_at"));
    assertEquals(anchorDailyBefore, lake.read(Tables.ANCHOR_DAILY).where("anchor_id <> 'A2' OR date <> DATE'2024-05-01'")
        .collectAsList(), "other rollup rows untouched");
    Row q = lake.read(Tables.DATA_QUALITY).orderBy(org.apache.spark.sql.functions.col("run_id").desc()).first();
    assertEquals(1L, q.<Long>getAs("ingest_batches"), "only the batch recorded since the previous run");
    assertEquals(1L, q.<Long>getAs("obt_rows_inserted"));
    assertEquals(8L, q.<Long>getAs("rows_read"), "S2's 7 events and the late one");

    Map<String, List<String>> snapshot = snapshot();
    assertEquals("noop", run(false).mode());
    assertEquals(snapshot, snapshot(), "running twice gives identical tables");
  }

  @Test
  void aNewExtremeRescalesEverySessionsNormalizedValueOnly() {
    Map<String, Row> before = sessions();
    ObtRows late = late();
    for (int i = 0; i < 5; i++) late.in("S3", "comment", "u7", "2024-05-02T12:1" + i + ":30Z", "text", "more");
    appendObt(late.rows());
    IndicatorsJob.Result r = run(false);
    assertTrue(r.renormalized(), "6 comments is a new max");
    assertEquals(3, r.sessionsWritten(), "S3, and S1 and S2 rescaled; S0 has the minimum, 0, before and after");
    Map<String, Row> after = sessions();
    assertEquals(6.0, after.get("S3").<Double>getAs(Indicator.A12.column()), EPS);
    assertEquals(1.0, after.get("S3").<Double>getAs("n_a12"), EPS);
    assertEquals(4.0 / 6.0, after.get("S1").<Double>getAs("n_a12"), EPS);
    assertEquals(2.0 / 6.0, after.get("S2").<Double>getAs("n_a12"), EPS);
    for (String s : List.of("S0", "S1", "S2")) {
      for (String c : before.get(s).schema().fieldNames()) {
        if (!c.equals("n_a12") && !c.equals("computed_at")) {
          assertEquals((Object) before.get(s).getAs(c), after.get(s).getAs(c), s + "." + c);
        }
      }
    }
  }

  @Test
  void aLatePurchaseChangesTheOutcomeOfTheSessionsWhoseWindowCoversIt() {
    Map<String, Row> before = sessions();
    appendObt(late().shop("order_paid", "u1", "douyin", "2024-05-03T08:00:00Z", "order_id", "O5", "amount_reporting", 60.0)
        .rows());
    IndicatorsJob.Result r = run(false);
    assertEquals(1, r.sessionsWritten());
    Map<String, Row> after = sessions();
    assertEquals(50.0, after.get("S1").<Double>getAs("outcome_gmv_per_viewer"), EPS, "(100 + 40 + 60) / 4");
    assertEquals(25.0, after.get("S1").<Double>getAs("outcome"), EPS, "(40 + 60) / 4: O1 is S1's own order");
    for (String s : List.of("S0", "S2", "S3")) assertEquals(before.get(s), after.get(s));
    Row u1 = lake.read(Tables.USER_STICKINESS).where("user_id = 'u1'").first();
    assertEquals(3L, u1.<Long>getAs("purchases"));
    assertEquals(3L, u1.<Long>getAs("purchase_days"));
    assertEquals(2.0, u1.<Double>getAs("mean_days_between_purchases"), EPS);
    assertEquals(200.0, u1.<Double>getAs("gmv"), EPS);
    List<Row> salesAfter = lake.read(Tables.SALES_DAILY).orderBy("date").collectAsList();
    assertEquals(List.of("2024-05-01 live 2 2 150.0 1 50.0 100.0", "2024-05-03 shop 1 1 60.0 0 0.0 60.0",
        "2024-05-05 shop 1 1 40.0 0 0.0 40.0", "2024-05-09 shop 1 1 30.0 0 0.0 30.0"), sales());
    assertEquals(1, salesAfter.stream().map(row -> row.getAs("computed_at")).filter(t -> t.equals(salesAfter.get(1)
        .getAs("computed_at"))).count(), "only May 3, the new order's day, was written");
  }

  @Test
  void aLateVisitToAnEarlierSessionMakesTheViewerOldInLaterOnes() {
    appendObt(late().in("S0", "enter_room", "u1", "2024-04-30T10:30:00Z").rows());
    IndicatorsJob.Result r = run(false);
    assertEquals(2, r.affectedSessions(), "S0 itself and S1, where u1 is no longer a first-time viewer");
    Map<String, Row> after = sessions();
    assertEquals(2L, after.get("S1").<Long>getAs("first_time_viewers"));
    assertEquals(0.5, after.get("S1").<Double>getAs(Indicator.A43.column()), EPS);
    assertEquals(2L, after.get("S0").<Long>getAs("viewers"));
    assertEquals(90.0, after.get("S0").<Double>getAs(Indicator.A11.column()), EPS);
    assertEquals(70.0, after.get("S0").<Double>getAs("outcome_gmv_per_viewer"), EPS, "u1's 100 + 40 over S0's 2 viewers");
    assertEquals(20.0, after.get("S0").<Double>getAs("outcome"), EPS,
        "40 / 2: u1's shop order after S0; O1 is S1's own sales, not what S0 led to");
  }

  @Test
  void retractedRowsAreChangesToo() {
    lake.delta(Tables.EVENTS_OBT).delete("session_id = 'S2' AND event_type = 'comment'");
    IndicatorsJob.Result r = run(false);
    assertEquals(2, r.changedRows(), "the change data feed shows the 2 deleted rows");
    assertEquals(0.0, sessions().get("S2").<Double>getAs(Indicator.A12.column()), EPS);
  }

  private IndicatorsJob.Result run(boolean full) {
    return IndicatorsJob.run(lake, config, full, stage -> { });
  }

  private static ObtRows late() {
    return new ObtRows()
        .session("S0", "A1", "douyin", "2024-04-30T10:00:00Z", "2024-04-30T11:00:00Z")
        .session("S2", "A2", "taobao", "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z")
        .session("S3", "A2", "taobao", "2024-05-02T12:00:00Z", "2024-05-02T13:00:00Z");
  }

  /** The row's values of {@code columns}, a null as "null". */
  private static List<Object> values(Row r, String... columns) {
    List<Object> out = new ArrayList<>();
    for (String c : columns) out.add(r.isNullAt(r.fieldIndex(c)) ? "null" : r.get(r.fieldIndex(c)));
    return out;
  }

  private void appendObt(List<Row> rows) {
    TestSpark.session().createDataFrame(rows, Tables.EVENTS_OBT.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.EVENTS_OBT));
  }

  private void appendBatch(long id, long in, long accepted, long quarantined, Map<String, Long> byReason,
      long duplicates, long late, long retracted) {
    Timestamp t = new Timestamp(System.currentTimeMillis());
    Row r = RowFactory.create("files", id, in, accepted, quarantined, duplicates, late, retracted,
        scala.jdk.javaapi.CollectionConverters.asScala(byReason),
        scala.jdk.javaapi.CollectionConverters.asScala(Map.of("same_event", duplicates)), t,
        scala.jdk.javaapi.CollectionConverters.asScala(Map.<Integer, Long>of()), t, t, t, null, null);
    TestSpark.session().createDataFrame(List.of(r), Tables.INGEST_BATCHES.schema()).write().format("delta")
        .mode("append").save(lake.path(Tables.INGEST_BATCHES));
  }

  private Map<String, Row> sessions() {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : lake.read(Tables.SESSION_INDICATORS).collectAsList()) out.put(r.getAs("session_id"), r);
    return out;
  }

  /** gold.sales_daily as "date channel orders buyers gmv refunds refunded net_gmv", by date and channel. */
  private List<String> sales() {
    return lake.read(Tables.SALES_DAILY).orderBy("date", "channel").collectAsList().stream()
        .map(r -> String.join(" ", values(r, "date", "channel", "orders", "buyers", "gmv", "refunds", "refunded", "net_gmv")
            .stream().map(String::valueOf).toList())).toList();
  }

  private List<String> column(TableDef t, String c) {
    List<String> out = new ArrayList<>();
    for (Row r : lake.read(t).select(c).orderBy(c).collectAsList()) out.add(r.getString(0));
    return out;
  }

  /** Every gold table as sorted row strings. */
  private Map<String, List<String>> snapshot() {
    Map<String, List<String>> out = new HashMap<>();
    for (TableDef t : IndicatorsJob.OUTPUTS) {
      if (t.database().equals(Tables.GOLD)) {
        List<String> rows = new ArrayList<>();
        for (Row r : lake.read(t).collectAsList()) rows.add(r.toString());
        rows.sort(null);
        out.put(t.fullName(), rows);
      }
    }
    return out;
  }

  private static Map<String, Long> javaMap(Row r, String c) {
    return new HashMap<>(r.<String, Long>getJavaMap(r.fieldIndex(c)));
  }
}
