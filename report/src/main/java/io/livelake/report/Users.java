package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.Columns;
import io.livelake.report.charts.LineChart;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The users: segment profiles, retention of weekly purchase cohorts, and how many buyers buy again. */
final class Users {
  /** Cohorts drawn in the retention chart: the largest ones, so that lines of a handful of users do not crowd it. */
  static final int COHORTS = 5;
  /** Purchase days counted one by one in the repeat chart; more go into the last bar. */
  static final int DAYS = 5;

  private Users() {}

  static void write(Context c, Page page) {
    page.heading("Users");
    segments(c, page);
    retention(c, page);
    repeat(c, page);
  }

  private static void segments(Context c, Page page) {
    if (!c.has(Tables.SEGMENT_PROFILES)) {
      page.missing(Tables.SEGMENT_PROFILES.fullName(), "bin/livelake segments");
      return;
    }
    Dataset<Row> profiles = c.read(Tables.SEGMENT_PROFILES);
    String run = profiles.agg(max("run_id")).first().getString(0);
    List<Row> rows = profiles.where(col("run_id").equalTo(run)).orderBy("segment").collectAsList();
    List<String> labels = new ArrayList<>();
    List<Double> share = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      labels.add(r.getAs("segment") + ": " + r.getAs("description"));
      share.add(100 * r.<Double>getAs("share"));
      table.add(List.of(String.valueOf(r.<Integer>getAs("segment")), r.getAs("description"), Fmt.count(r.<Long>getAs("users")),
          Fmt.percent(r.getAs("share")), Fmt.number(r.getAs("watch_minutes"), 1), Fmt.number(r.getAs("purchases"), 2),
          c.money(r.getAs("purchase_value")), Fmt.number(r.getAs("recency_days"), 1)));
    }
    Row largest = rows.stream().max(java.util.Comparator.comparingDouble(r -> r.<Double>getAs("share"))).orElseThrow();
    Row first = rows.get(0);
    BarChart chart = BarChart.titled("User segments by share of users").axes("segment", "users (% of all)")
        .labelRotation(rows.size() > 3 ? 45 : 0).categories(labels).series("share", share);
    page.chart("users-segments", "User segments", chart.render(), "The largest segment, " + largest.getAs("description")
        + ", holds " + Fmt.percent(largest.getAs("share")) + " of users; the most valuable, " + first.getAs("description")
        + ", are " + Fmt.percent(first.getAs("share")) + " of users and spend " + c.money(first.getAs("purchase_value"))
        + " each on average.");
    page.table(List.of("segment", "profile", "users", "share", "watch minutes", "orders", "spent", "days since last seen"),
        table);
  }

  private static void retention(Context c, Page page) {
    if (!c.has(Tables.RETENTION_COHORTS)) {
      page.missing(Tables.RETENTION_COHORTS.fullName(), "bin/livelake indicators");
      return;
    }
    Dataset<Row> cohorts = c.read(Tables.RETENTION_COHORTS);
    List<Row> largest = cohorts.where(col("weeks_since").equalTo(0)).orderBy(desc("cohort_size"), asc("cohort_week"))
        .limit(COHORTS).collectAsList();
    LineChart chart = LineChart.titled("Retention: share of each weekly cohort still buying")
        .axes("weeks after the first purchase", "still buying (% of the cohort)");
    for (Row r : largest) {
      Columns w = Columns.of(cohorts.where(col("cohort_week").equalTo(r.getAs("cohort_week"))).orderBy("weeks_since"));
      chart.series("first bought week of " + r.getAs("cohort_week") + " (" + Fmt.count(r.<Long>getAs("cohort_size"))
          + " users)", w.numbers("weeks_since"), w.numbers("share").stream().map(s -> s == null ? null : 100 * s).toList());
    }
    Row week1 = cohorts.where(col("weeks_since").equalTo(1)).agg(sum("still_buying"), sum("cohort_size")).first();
    String reading = week1.isNullAt(1) || week1.getLong(1) == 0
        ? "No cohort is a week old yet: retention shows once buyers have had a week to come back."
        : "Of the buyers whose cohort is a week old, " + Fmt.percent((double) week1.getLong(0) / week1.getLong(1))
            + " bought again the week after their first purchase.";
    page.chart("users-retention", "Retention of weekly cohorts", chart.render(), reading);
  }

  private static void repeat(Context c, Page page) {
    if (!c.has(Tables.USER_STICKINESS)) {
      page.missing(Tables.USER_STICKINESS.fullName(), "bin/livelake indicators");
      return;
    }
    List<Row> byDays = c.read(Tables.USER_STICKINESS).where(col("purchase_days").geq(1))
        .groupBy(least(col("purchase_days"), lit((long) DAYS)).as("days")).count().orderBy("days").collectAsList();
    if (byDays.isEmpty()) {
      page.paragraph("No user has paid an order yet, so there is no repeat purchase to show.");
      return;
    }
    List<String> labels = new ArrayList<>();
    List<Long> buyers = new ArrayList<>();
    long all = 0;
    long repeat = 0;
    for (Row r : byDays) {
      long days = r.getLong(0);
      labels.add(days == DAYS ? DAYS + " or more" : String.valueOf(days));
      buyers.add(r.getLong(1));
      all += r.getLong(1);
      if (days >= 2) repeat += r.getLong(1);
    }
    BarChart chart = BarChart.titled("Repeat purchase: buyers by days with a paid order")
        .axes("days with a paid order", "buyers").categories(labels).series("buyers", buyers);
    page.chart("users-repeat", "Repeat purchase", chart.render(), Fmt.percent((double) repeat / all) + " of "
        + Fmt.count(all, "buyer") + " bought on two days or more (repeat buyers).");
  }
}
