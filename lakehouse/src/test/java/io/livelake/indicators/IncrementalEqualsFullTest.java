package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.privacy.Eraser;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.apache.spark.sql.execution.ui.SQLPlanMetric;
import org.apache.spark.sql.execution.ui.SparkPlanGraphNode;
import org.junit.jupiter.api.Test;

/**
 * Incremental runs must leave every table as a full build would, and read only the part of the OBT a
 * change needs. The fixture's four sessions sit among 120 days of other sessions; a series of late
 * batches (refunds among them that count in their order's session: one months later, two before their orders), a
 * retraction and an erasure, each followed by an incremental run, must leave tables a full rebuild finds nothing to
 * change in, and a small late batch reads at most a quarter of the OBT's files and rows (28 of 131 files, 339 of
 * 2,170 rows when written), a full build all of them.
 */
@IntegrationTest
class IncrementalEqualsFullTest {
  /** The tables an incremental run maintains, with the time stamps of their rows' writes. */
  private static final List<TableDef> MAINTAINED = List.of(Tables.SESSION_INDICATORS, Tables.ANCHOR_DAILY,
      Tables.PLATFORM_DAILY, Tables.SALES_DAILY, Tables.USER_STICKINESS, Tables.RETENTION_COHORTS, Tables.SESSION_DAYS,
      Tables.VIEWER_DAYS, Tables.ORDER_EVENTS);

  /** A regular of anchor A1 (it watched S0 and every A1 session of the background), erased in the series. */
  private static final String REGULAR = "p" + "0".repeat(23) + "1";

  @Test
  void lateBatchesARetractionAndAnErasureLeaveWhatAFullBuildGives() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("incremental-equals-full"));
    // Plans name their scans' locations in full, not cut at 100 characters, so the OBT's scans are found.
    TestSpark.session().conf().set("spark.sql.maxMetadataStringLength", "100000");
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config)).ensure(Tables.EVENTS_OBT);
    append(lake, background().rows());
    append(lake, Fixture.events().rows());
    IndicatorsJob.Result first = run(lake, config, false);
    assertEquals("full", first.mode());
    assertEquals(124, first.sessionsWritten(), "120 background sessions and the fixture's 4");

    // Late events: a visit to S0 by S1's u1 (now no first-time viewer of A1 in S1), a shop order by
    // S2's viewer u6 two days later (S2's outcome), a comment in S3, and the regular in S1; and a refund by u7
    // of an order the lake does not hold yet.
    ObtRows late = new ObtRows()
        .session("S0", "A1", "douyin", "2024-04-30T10:00:00Z", "2024-04-30T11:00:00Z")
        .session("S1", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("S3", "A2", "taobao", "2024-05-02T12:00:00Z", "2024-05-02T13:00:00Z")
        .in("S0", "enter_room", "u1", "2024-04-30T10:30:00Z")
        .in("S0", "heartbeat", "u1", "2024-04-30T10:31:00Z")
        .in("S3", "comment", "u7", "2024-05-02T12:11:00Z", "text", "late")
        .in("S1", "heartbeat", REGULAR, "2024-05-01T10:40:00Z")
        .in("S1", "order_paid", REGULAR, "2024-05-01T10:41:00Z", "order_id", "OR1", "amount_reporting", 12.5)
        .shop("order_paid", "u6", "taobao", "2024-05-03T09:00:00Z", "order_id", "O6", "amount_reporting", 30.0)
        .shop("order_refunded", "u7", "taobao", "2024-05-02T14:00:00Z", "order_id", "OL7", "amount_reporting", 5.0);
    append(lake, late.rows());
    long before = lastExecution();
    IndicatorsJob.Result r1 = run(lake, config, false);
    ObtReads reads = obtReads(lake, before);
    assertEquals("incremental", r1.mode());
    assertEquals(7, r1.changedRows());
    long obtFiles = lake.delta(Tables.EVENTS_OBT).detail().first().<Long>getAs("numFiles");
    assertTrue(obtFiles >= 120, "one file per date at least: " + obtFiles);
    assertTrue(reads.files() > 0, "the scans of the OBT are seen at all");
    long obtRows = lake.read(Tables.EVENTS_OBT).count();
    assertTrue(reads.files() <= obtFiles / 4 && reads.rows() <= obtRows / 4,
        "an incremental run for 7 late rows on 5 days read " + reads + " of the OBT's " + obtFiles + " files and "
            + obtRows + " rows");

    assertEquals(List.of("shop 1 5.0"), sales(lake, "2024-05-02"), "OL7's refund, its order unknown yet");

    // OL7's order, paid in S3 before its refund: the refund now counts there, and in the live channel. A refund
    // without a session of B3's order BO3, three months later (its buyer, a regular, watched the sessions of the
    // week before it: their outcome windows cover it).
    append(lake, new ObtRows().session("S3", "A2", "taobao", "2024-05-02T12:00:00Z", "2024-05-02T13:00:00Z")
        .in("S3", "order_paid", "u7", "2024-05-02T12:20:00Z", "order_id", "OL7", "amount_reporting", 5.0)
        .shop("order_refunded", B3_BUYER, "douyin", "2024-04-10T09:00:00Z", "order_id", "BO3", "amount_reporting", 13.0)
        .rows());
    assertEquals("incremental", run(lake, config, false).mode());
    assertEquals(5.0, session(lake, "S3").<Double>getAs("gmv_refunded"));
    assertEquals(List.of("live 1 5.0"), sales(lake, "2024-05-02"));
    assertEquals(13.0, session(lake, "B3").<Double>getAs("gmv_refunded"), "BO3's refund counts in B3, months later");
    assertEquals(0.0, session(lake, "B3").<Double>getAs(Indicator.A32.column()));
    assertEquals(List.of("live 1 13.0"), sales(lake, "2024-04-10"));

    // A refund carrying S2, ten days after it, counts there while its order OL8 is not in the lake; once the order,
    // paid in S0, arrives, the refund leaves S2 for S0: S2 is recomputed though none of its events changed and no
    // outcome window of it covers one that did.
    append(lake, new ObtRows().session("S2", "A2", "taobao", "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z")
        .in("S2", "order_refunded", "u6", "2024-05-11T12:30:00Z", "order_id", "OL8", "amount_reporting", 4.0).rows());
    assertEquals("incremental", run(lake, config, false).mode());
    assertEquals(4.0, session(lake, "S2").<Double>getAs("gmv_refunded"));
    append(lake, new ObtRows().session("S0", "A1", "douyin", "2024-04-30T10:00:00Z", "2024-04-30T11:00:00Z")
        .in("S0", "order_paid", "u6", "2024-04-30T10:40:00Z", "order_id", "OL8", "amount_reporting", 4.0).rows());
    assertEquals("incremental", run(lake, config, false).mode());
    assertEquals(0.0, session(lake, "S2").<Double>getAs("gmv_refunded"));
    assertEquals(4.0, session(lake, "S0").<Double>getAs("gmv_refunded"));

    // A retraction: S2's comments deleted, as the ingestion retracts a bot burst.
    lake.delta(Tables.EVENTS_OBT).delete("session_id = 'S2' AND event_type = 'comment'");
    assertEquals("incremental", run(lake, config, false).mode());

    // An erasure of the regular: its rows leave the OBT and the projections by the same delete.
    Eraser.Result erased = new Eraser(lake).erase(REGULAR, false);
    assertTrue(erased.rowsRemoved().get("silver.events_obt") > 60, erased.rowsRemoved().toString());
    assertTrue(erased.rowsRemoved().get("silver.viewer_days") > 0, erased.rowsRemoved().toString());
    IndicatorsJob.Result r3 = run(lake, config, false);
    assertEquals("incremental", r3.mode());
    assertTrue(r3.sessionsWritten() > 1, "the regular's sessions lose a viewer: " + r3.sessionsWritten());

    Map<String, List<String>> incremental = snapshot(lake);
    before = lastExecution();
    IndicatorsJob.Result full = run(lake, config, true);
    ObtReads fullReads = obtReads(lake, before);
    assertEquals("full", full.mode());
    assertEquals(0, full.sessionsWritten(), "every row the increments produced equals the rebuilt one");
    Map<String, List<String>> rebuilt = snapshot(lake);
    for (TableDef t : MAINTAINED) assertEquals(rebuilt.get(t.fullName()), incremental.get(t.fullName()), t.fullName());
    assertTrue(fullReads.files() >= lake.delta(Tables.EVENTS_OBT).detail().first().<Long>getAs("numFiles")
        && fullReads.rows() >= lake.read(Tables.EVENTS_OBT).count(), "a full build reads every file and row: " + fullReads);
    System.err.printf("OBT reads: incremental after 7 late rows %s of %d files; full build %s%n", reads, obtFiles, fullReads);
  }

  /** Who paid B3's order BO3 (the background's order of day d is paid by user 2 + d % 5). */
  private static final String B3_BUYER = "p" + "0".repeat(23) + "5";

  private static Row session(Lake lake, String id) {
    return lake.read(Tables.SESSION_INDICATORS).where(org.apache.spark.sql.functions.col("session_id").equalTo(id)).first();
  }

  /** gold.sales_daily of {@code date} as "channel refunds refunded", by channel. */
  private static List<String> sales(Lake lake, String date) {
    return lake.read(Tables.SALES_DAILY).where("date = DATE'" + date + "'").orderBy("channel").collectAsList().stream()
        .map(r -> r.getAs("channel") + " " + r.getAs("refunds") + " " + r.getAs("refunded")).toList();
  }

  /** 120 days before the fixture, a session a day alternating between A1 and A9, watched by the regular and 5 others. */
  private static ObtRows background() {
    ObtRows o = new ObtRows();
    LocalDate day = LocalDate.parse("2023-12-31");
    for (int d = 0; d < 120; d++, day = day.plusDays(1)) {
      String s = "B" + d;
      o.session(s, d % 2 == 0 ? "A1" : "A9", "douyin", day + "T20:00:00Z", day + "T21:00:00Z");
      for (int v = 1; v <= 6; v++) {
        String user = "p" + "0".repeat(23) + v;
        if (v > 1 || d % 2 == 0) {
          o.in(s, "enter_room", user, day + "T20:0" + v + ":00Z")
              .in(s, "heartbeat", user, day + "T20:1" + v + ":00Z")
              .in(s, "comment", user, day + "T20:2" + v + ":00Z", "text", "hello");
        }
      }
      o.in(s, "order_paid", "p" + "0".repeat(23) + (2 + d % 5), day + "T20:30:00Z", "order_id", "BO" + d,
          "amount_reporting", 10.0 + d);
    }
    return o;
  }

  private static void append(Lake lake, List<Row> rows) {
    lake.spark().createDataFrame(rows, Tables.EVENTS_OBT.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.EVENTS_OBT));
  }

  private static IndicatorsJob.Result run(Lake lake, LiveLakeConfig config, boolean full) {
    return IndicatorsJob.run(lake, config, full, stage -> { });
  }

  /** The maintained tables as sorted row strings (write time stamps included: a rewritten row shows). */
  private static Map<String, List<String>> snapshot(Lake lake) {
    Map<String, List<String>> out = new HashMap<>();
    for (TableDef t : MAINTAINED) {
      List<String> rows = new ArrayList<>();
      for (Row r : lake.read(t).collectAsList()) rows.add(r.toString());
      rows.sort(null);
      out.put(t.fullName(), rows);
    }
    return out;
  }

  record ObtReads(long files, long rows) {}

  private static SQLAppStatusStore store() {
    SparkSession spark = TestSpark.session();
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
    return spark.sharedState().statusStore();
  }

  private static long lastExecution() {
    long last = -1;
    for (SQLExecutionUIData e : scala.jdk.javaapi.CollectionConverters.asJava(store().executionsList())) {
      last = Math.max(last, e.executionId());
    }
    return last;
  }

  /**
   * Files and rows read by every scan of the OBT (its data files or its change feed) in the SQL
   * executions after {@code after}, from Spark's own scan metrics.
   */
  private static ObtReads obtReads(Lake lake, long after) {
    SQLAppStatusStore store = store();
    String path = lake.path(Tables.EVENTS_OBT);
    long files = 0;
    long rows = 0;
    for (SQLExecutionUIData e : scala.jdk.javaapi.CollectionConverters.asJava(store.executionsList())) {
      if (e.executionId() <= after) continue;
      Map<Object, String> values = scala.jdk.javaapi.CollectionConverters.asJava(store.executionMetrics(e.executionId()));
      for (SparkPlanGraphNode n : scala.jdk.javaapi.CollectionConverters.asJava(store.planGraph(e.executionId()).allNodes())) {
        // Scans of the table's data files or change feed; those of its log's state read no event.
        if (!n.name().startsWith("Scan") || n.name().contains("Delta Table State")
            || !n.desc().contains(path.replaceFirst("^file:/*", "/"))) {
          continue;
        }
        for (SQLPlanMetric m : scala.jdk.javaapi.CollectionConverters.asJava(n.metrics())) {
          String v = values.get(m.accumulatorId());
          if (v == null) continue;
          if (m.name().equals("number of files read")) files += number(v);
          if (m.name().equals("number of output rows")) rows += number(v);
        }
      }
    }
    return new ObtReads(files, rows);
  }

  private static long number(String formatted) {
    return Long.parseLong(formatted.replace(",", "").trim());
  }
}
