package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.Columns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The anchors: a ranked list on the index page and a page per anchor with its sessions' scores and its levers. */
final class Anchors {
  /** Sessions shown per anchor page, the latest ones. */
  static final int SESSIONS = 30;
  /** Levers shown per anchor. */
  static final int LEVERS = 5;

  /** One anchor's totals over every day and platform. */
  record AnchorTotal(String anchor, String name, long sessions, long viewers, long buyers, double gmv) {
    double conversion() { return viewers == 0 ? 0 : (double) buyers / viewers; }
  }

  private Anchors() {}

  /** Totals per anchor of gold.anchor_daily, largest GMV first (ties by id). */
  static List<AnchorTotal> totals(Dataset<Row> anchorDaily) {
    List<AnchorTotal> out = new ArrayList<>();
    for (Row r : anchorDaily.groupBy("anchor_id").agg(max("anchor_name"), sum("sessions"), sum("viewers"), sum("buyers"),
        coalesce(sum("gmv"), lit(0.0)).as("gmv")).orderBy(desc("gmv"), asc("anchor_id")).collectAsList()) {
      out.add(new AnchorTotal(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getDouble(5)));
    }
    return out;
  }

  /** The file of an anchor's page: its id with anything but letters, digits, '-' and '_' replaced. */
  static String pageFile(String anchor) { return "anchor-" + anchor.replaceAll("[^A-Za-z0-9_-]", "_") + ".html"; }

  /** The anchors that get a page: the one asked for, or the top ones by GMV and the chosen session's anchor. */
  static List<AnchorTotal> withPages(Context c, List<AnchorTotal> all) {
    Set<String> ids = new LinkedHashSet<>();
    if (c.options().anchor() != null) {
      ids.add(c.options().anchor());
    } else {
      all.stream().limit(c.options().anchorPages()).forEach(a -> ids.add(a.anchor()));
    }
    String sessionAnchor = sessionAnchor(c);
    if (sessionAnchor != null) ids.add(sessionAnchor);
    return all.stream().filter(a -> ids.contains(a.anchor())).toList();
  }

  private static String sessionAnchor(Context c) {
    if (c.options().session() == null) return null;
    List<Row> r = c.read(Tables.SESSION_INDICATORS).where(col("session_id").equalTo(c.options().session()))
        .select("anchor_id").collectAsList();
    return r.isEmpty() ? null : r.get(0).getString(0);
  }

  /** The anchors' ranking on the index page, linking to the pages written; returns those pages. */
  static List<Page> write(Context c, Page index) {
    index.heading("Anchors");
    if (!c.has(Tables.ANCHOR_DAILY)) {
      index.missing(Tables.ANCHOR_DAILY.fullName(), "bin/livelake indicators");
      return List.of();
    }
    List<AnchorTotal> all = totals(c.read(Tables.ANCHOR_DAILY));
    List<AnchorTotal> paged = withPages(c, all);
    Set<String> pagedIds = new LinkedHashSet<>();
    paged.forEach(a -> pagedIds.add(a.anchor()));
    List<List<String>> rows = new ArrayList<>();
    for (AnchorTotal a : all.subList(0, Math.min(all.size(), Math.max(20, c.options().anchorPages())))) {
      rows.add(row(c, a, pagedIds.contains(a.anchor()) ? Page.anchorLink(pageFile(a.anchor()), a.anchor()) : a.anchor()));
    }
    index.paragraph("The " + rows.size() + " anchors with the most GMV of " + Fmt.count(all.size())
        + "; each linked one has a page with its sessions' scores and what it could work on next.");
    index.table(List.of("anchor", "name", "sessions", "viewers", "GMV", "conversion"), rows);
    List<Page> pages = new ArrayList<>();
    for (AnchorTotal a : paged) pages.add(page(c, a));
    return pages;
  }

  static List<String> row(Context c, AnchorTotal a, String anchorCell) {
    return List.of(anchorCell, a.name() == null ? "" : a.name(), Fmt.count(a.sessions()), Fmt.count(a.viewers()),
        c.money(a.gmv()), Fmt.percent(a.conversion()));
  }

  private static Page page(Context c, AnchorTotal a) {
    Page page = new Page(c.options().out(), pageFile(a.anchor()), "Anchor " + a.anchor()
        + (a.name() == null ? "" : " (" + a.name() + ")"));
    page.link("index.html", "Back to the report");
    page.table(List.of("anchor", "name", "sessions", "viewers", "GMV", "conversion"), List.of(row(c, a, a.anchor())));
    scores(c, page, a);
    levers(c, page, a);
    return page;
  }

  private static void scores(Context c, Page page, AnchorTotal a) {
    page.heading("Its sessions' scores");
    if (!c.has(Tables.PERFORMANCE_SCORES)) {
      page.missing(Tables.PERFORMANCE_SCORES.fullName(), "bin/livelake score");
      return;
    }
    List<Row> latest = c.read(Tables.PERFORMANCE_SCORES).where(col("anchor_id").equalTo(a.anchor()))
        .orderBy(desc("session_date"), desc("session_id")).limit(SESSIONS).collectAsList();
    if (latest.isEmpty()) {
      page.paragraph("No session of this anchor has a score yet: run bin/livelake score.");
      return;
    }
    List<Row> inOrder = new ArrayList<>(latest);
    java.util.Collections.reverse(inOrder);
    Columns s = Columns.of(inOrder);
    String unit = "score (" + c.outcomeUnit() + ")";
    BarChart chart = BarChart.titled("Scores of its " + (latest.size() < SESSIONS ? "" : "latest ") + latest.size()
        + " sessions").axes("session, oldest on the left", unit).labelRotation(latest.size() > 8 ? 45 : 0)
        .categories(s.strings("session_id")).series("score", s.numbers("score"));
    Row best = latest.stream().max(java.util.Comparator.comparingDouble(r -> r.<Double>getAs("score"))).orElseThrow();
    page.chart(chartName(a, "scores"), "Scores of the anchor's sessions", chart.render(), "Its best session, "
        + best.getAs("session_id") + " on " + best.getAs("session_date") + ", scored " + Fmt.number(best.getAs("score"), 2)
        + " (grade " + best.getAs("grade") + ").");
    List<List<String>> rows = new ArrayList<>();
    for (Row r : latest) {
      rows.add(List.of(r.getAs("session_id"), String.valueOf(r.<Object>getAs("session_date")), r.getAs("platform"),
          Fmt.number(r.getAs("score"), 2), String.valueOf(r.<Integer>getAs("grade"))));
    }
    page.table(List.of("session", "date", "platform", unit, "grade (1 = lowest)"), rows);
  }

  private static void levers(Context c, Page page, AnchorTotal a) {
    page.heading("Levers: what would raise its score most");
    if (!c.has(Tables.SESSION_LEVERS)) {
      page.missing(Tables.SESSION_LEVERS.fullName(), "bin/livelake score");
      return;
    }
    Dataset<Row> mine = c.read(Tables.SESSION_LEVERS).where(col("anchor_id").equalTo(a.anchor()));
    Columns mean = Columns.of(mine.groupBy("indicator", "name")
        .agg(avg("gain_anchor_best").as("anchor_best"), avg("gain_platform_p75").as("platform_p75"))
        .withColumn("larger", greatest(col("anchor_best"), col("platform_p75")))
        .orderBy(desc("larger"), asc("indicator")).limit(LEVERS));
    if (mean.size() == 0) {
      page.paragraph("No levers were computed for this anchor's sessions: run bin/livelake score.");
      return;
    }
    String top = mean.strings("indicator").get(0) + " " + mean.strings("name").get(0);
    BarChart chart = BarChart.titled("Mean score gain per indicator over its sessions")
        .axes("indicator, largest gain first", "score gain (" + c.outcomeUnit() + ")").categories(mean.strings("indicator"))
        .series("raised to the anchor's best session", mean.numbers("anchor_best"))
        .series("raised to the platform's 75th percentile", mean.numbers("platform_p75"));
    page.chart(chartName(a, "levers"), "Score gain per indicator", chart.render(), top + " is this anchor's strongest "
        + "lever: raising it alone would add " + Fmt.change(Math.max(mean.numbers("anchor_best").get(0),
            mean.numbers("platform_p75").get(0)), 2) + " to a session's score on average.");
    String session = focusSession(c, mine);
    List<List<String>> rows = new ArrayList<>();
    for (Row r : mine.where(col("session_id").equalTo(session)).orderBy("rank").limit(LEVERS).collectAsList()) {
      rows.add(List.of(String.valueOf(r.<Integer>getAs("rank")), r.getAs("indicator"), r.getAs("name"),
          Fmt.number(r.getAs("value"), 2), Fmt.number(r.getAs("anchor_best"), 2), Fmt.change(r.getAs("gain_anchor_best"), 2),
          Fmt.number(r.getAs("platform_p75"), 2), Fmt.change(r.getAs("gain_platform_p75"), 2)));
    }
    page.paragraph("Session " + session + (session.equals(c.options().session()) ? " (the one asked for)"
        : " (the one with the most to gain)") + ", its top " + rows.size() + " levers (values are normalized 0..1, larger is better):");
    page.table(List.of("rank", "indicator", "name", "value", "anchor's best", "gain", "platform's 75th percentile", "gain"),
        rows);
    page.paragraph("A gain is what the model associates with a higher value, not a proven effect of raising it; read it "
        + "with the model's R2 on the main page.");
  }

  /** The chosen session when it is this anchor's, else the anchor's session with the most to gain from one lever. */
  private static String focusSession(Context c, Dataset<Row> levers) {
    String chosen = c.options().session();
    if (chosen != null && !levers.where(col("session_id").equalTo(chosen)).isEmpty()) return chosen;
    return levers.where(col("rank").equalTo(1)).orderBy(greatest(col("gain_anchor_best"), col("gain_platform_p75")).desc(),
        asc("session_id")).select("session_id").first().getString(0);
  }

  private static String chartName(AnchorTotal a, String what) {
    return pageFile(a.anchor()).replace(".html", "") + "-" + what;
  }
}
