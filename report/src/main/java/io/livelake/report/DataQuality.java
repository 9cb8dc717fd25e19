package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.indicators.SessionIndicators;
import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data quality: sessions whose id stands for more than one broadcast, quarantined records by reason, duplicates by
 * rule, and each indicators run's intake.
 */
final class DataQuality {
  private DataQuality() {}

  static void write(Context c, Page page) {
    page.heading("Data quality");
    conflicts(c, page);
    quarantine(c, page);
    duplicates(c, page);
    runs(c, page);
  }

  /** Sessions whose id stands for more than one broadcast (docs/indicators.md, Session columns). */
  private static void conflicts(Context c, Page page) {
    if (!c.has(Tables.SESSION_INDICATORS)) return;
    Dataset<Row> sessions = c.read(Tables.SESSION_INDICATORS);
    // A lake upgraded since its last indicators run has no such column yet.
    if (!Arrays.asList(sessions.columns()).contains(SessionIndicators.CONFLICT)) return;
    SessionIndicators.conflicts(sessions).warning().ifPresent(page::warning);
  }

  private static void quarantine(Context c, Page page) {
    if (!c.has(Tables.QUARANTINE)) {
      page.paragraph("No record was quarantined: every record received passed validation and cleaning.");
      return;
    }
    Columns q = Columns.of(c.read(Tables.QUARANTINE).groupBy("reason").agg(count(lit(1)).as("records"))
        .orderBy(desc("records"), asc("reason")));
    long total = q.numbers("records").stream().mapToLong(Double::longValue).sum();
    BarChart chart = BarChart.titled("Quarantined records by reason").axes("reason", "records").labelRotation(30)
        .categories(q.strings("reason")).series("records", q.numbers("records"));
    page.chart("quality-quarantine", "Quarantined records by reason", chart.render(), Fmt.count(total)
        + " records were kept out of the analysis; the most common reason is " + q.strings("reason").get(0) + " ("
        + Fmt.count(q.numbers("records").get(0).longValue()) + ").");
  }

  private static void duplicates(Context c, Page page) {
    if (!c.has(Tables.INGEST_BATCHES)) {
      page.missing(Tables.INGEST_BATCHES.fullName(), "bin/livelake ingest");
      return;
    }
    List<Row> rules = c.read(Tables.INGEST_BATCHES).select(explode(col("duplicates_by_rule")).as(new String[] {"rule", "n"}))
        .groupBy("rule").agg(sum("n").as("duplicates")).orderBy(desc("duplicates"), asc("rule")).collectAsList();
    if (rules.isEmpty()) {
      page.paragraph("No duplicate was removed.");
      return;
    }
    Columns d = Columns.of(rules);
    long total = d.numbers("duplicates").stream().mapToLong(Double::longValue).sum();
    BarChart chart = BarChart.titled("Duplicates removed by rule").axes("rule", "records removed").labelRotation(20)
        .categories(d.strings("rule")).series("duplicates", d.numbers("duplicates"));
    page.chart("quality-duplicates", "Duplicates removed by rule", chart.render(), Fmt.count(total)
        + " duplicate records were removed; most by the rule " + d.strings("rule").get(0) + " ("
        + Fmt.count(d.numbers("duplicates").get(0).longValue()) + ").");
  }

  private static void runs(Context c, Page page) {
    if (!c.has(Tables.DATA_QUALITY)) {
      page.missing(Tables.DATA_QUALITY.fullName(), "bin/livelake indicators");
      return;
    }
    List<Row> runs = c.read(Tables.DATA_QUALITY).orderBy("run_id").collectAsList();
    List<String> ids = new ArrayList<>();
    List<Long> quarantined = new ArrayList<>();
    List<Long> duplicates = new ArrayList<>();
    List<Long> late = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    long in = 0;
    long out = 0;
    for (Row r : runs) {
      ids.add("run " + r.getAs("run_id"));
      quarantined.add(r.getAs("quarantined"));
      duplicates.add(r.getAs("duplicates"));
      late.add(r.getAs("late"));
      in += r.<Long>getAs("records_in");
      out += r.<Long>getAs("quarantined") + r.<Long>getAs("duplicates");
      table.add(List.of(String.valueOf(r.<Long>getAs("run_id")), r.getAs("mode"), Fmt.count(r.<Long>getAs("records_in")),
          Fmt.count(r.<Long>getAs("accepted")), Fmt.count(r.<Long>getAs("quarantined")),
          Fmt.count(r.<Long>getAs("duplicates")), Fmt.count(r.<Long>getAs("late"))));
    }
    BarChart chart = BarChart.titled("Records kept out per indicators run").axes("indicators run", "records")
        .categories(ids).series("quarantined", quarantined).series("duplicates", duplicates).series("late", late);
    page.chart("quality-runs", "Records kept out per run", chart.render(), "Over " + Fmt.count(runs.size(), "run") + ", "
        + Fmt.percent(in == 0 ? 0 : (double) out / in) + " of " + Fmt.count(in) + " records received were quarantined "
        + "or removed as duplicates (late events are among the quarantined).");
    page.table(List.of("run", "mode", "records in", "accepted", "quarantined", "duplicates", "late"), table);
    refunds(runs, page);
  }

  /** How the last run that counted them matched the lake's refunds with their orders (docs/indicators.md, Refunds). */
  private static void refunds(List<Row> runs, Page page) {
    // A lake upgraded since its last indicators run has no such columns yet; rows written before them hold nulls.
    if (runs.isEmpty() || !java.util.Arrays.asList(runs.get(0).schema().fieldNames()).contains("refunds")) return;
    for (int i = runs.size() - 1; i >= 0; i--) {
      Row r = runs.get(i);
      if (r.isNullAt(r.fieldIndex("refunds"))) continue;
      long refunds = r.getAs("refunds");
      if (refunds == 0) return;
      long over = r.getAs("orders_over_refunded");
      page.paragraph("Of the " + Fmt.count(refunds, "refund") + " in the lake, " + Fmt.count(r.<Long>getAs("refunds_moved"))
          + " counted in the session where their order was paid rather than the one they carried, and "
          + Fmt.count(r.<Long>getAs("refunds_without_order")) + " had no payment of their order in the lake, so they count "
          + "in the session they carry, or in the shop without one. "
          + (over == 0 ? "No order was refunded more than it was paid."
              : Fmt.count(over, "order was", "orders were") + " refunded more than paid; "
                  + (over == 1 ? "its session's" : "their sessions'") + " net sales (A32) count the refunds in full."));
      return;
    }
  }
}
