package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.Sha256;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.Columns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
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

  /** Totals per known anchor of gold.anchor_daily, largest GMV first (ties by id); sessions of no known anchor have no page. */
  static List<AnchorTotal> totals(Dataset<Row> anchorDaily) {
    List<AnchorTotal> out = new ArrayList<>();
    for (Row r : anchorDaily.where(col("anchor_id").isNotNull()).groupBy("anchor_id").agg(max("anchor_name"), sum("sessions"), sum("viewers"), sum("buyers"),
        coalesce(sum("gmv"), lit(0.0)).as("gmv")).orderBy(desc("gmv"), asc("anchor_id")).collectAsList()) {
      out.add(new AnchorTotal(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getDouble(5)));
    }
    return out;
  }

  /**
   * The file of an anchor's page: its id when that is ASCII letters, digits, '-' and '_', else '~' and a hash of it.
   * Replacing the other characters would give two anchors one page (any two three-letter Chinese names, say);
   * '~' never starts a kept id and needs no escaping in a link.
   */
  static String pageFile(String anchor) {
    return "anchor-" + (anchor.matches("[A-Za-z0-9_-]{1,100}") ? anchor : "~" + Sha256.hex(anchor, 8)) + ".html";
  }

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
    Map<String, List<Row>> scores = byAnchor(c, Tables.PERFORMANCE_SCORES, pagedIds, "anchor_id", "session_id",
        "session_date", "platform", "score", "grade");
    Map<String, List<Row>> levers = byAnchor(c, Tables.SESSION_LEVERS, pagedIds, "anchor_id", "session_id", "indicator",
        "name", "value", "anchor_best", "gain_anchor_best", "platform_p75", "gain_platform_p75", "rank");
    List<Page> pages = new ArrayList<>();
    for (AnchorTotal a : paged) pages.add(page(c, a, scores, levers));
    return pages;
  }

  static List<String> row(Context c, AnchorTotal a, String anchorCell) {
    return List.of(anchorCell, a.name() == null ? "" : a.name(), Fmt.count(a.sessions()), Fmt.count(a.viewers()),
        c.money(a.gmv()), Fmt.percent(a.conversion()));
  }

  /** An indicator's mean score gain over an anchor's sessions, to each of the two targets. */
  record MeanGain(String indicator, String name, double anchorBest, double platformP75) {
    double larger() { return Math.max(anchorBest, platformP75); }
  }

  /** Mean gains per indicator of gold.session_levers rows, largest first (ties by code). */
  static List<MeanGain> meanGains(List<Row> levers) {
    Map<String, double[]> sums = new TreeMap<>();
    Map<String, String> names = new TreeMap<>();
    for (Row r : levers) {
      double[] s = sums.computeIfAbsent(r.getAs("indicator"), k -> new double[3]);
      s[0] += r.<Double>getAs("gain_anchor_best");
      s[1] += r.<Double>getAs("gain_platform_p75");
      s[2]++;
      names.put(r.getAs("indicator"), r.getAs("name"));
    }
    List<MeanGain> out = new ArrayList<>();
    sums.forEach((i, s) -> out.add(new MeanGain(i, names.get(i), s[0] / s[2], s[1] / s[2])));
    out.sort(Comparator.comparingDouble(MeanGain::larger).reversed().thenComparing(MeanGain::indicator));
    return out;
  }

  /**
   * The rows of the paged anchors in one query, grouped by anchor, or null when the table is missing or
   * empty: a query per page and part cost more than drawing the pages.
   */
  private static Map<String, List<Row>> byAnchor(Context c, TableDef t, Set<String> anchors, String... columns) {
    if (!c.has(t)) return null;
    Map<String, List<Row>> out = new HashMap<>();
    List<Column> cols = new ArrayList<>();
    for (String name : columns) cols.add(col(name));
    for (Row r : c.read(t).where(col("anchor_id").isin(anchors.toArray())).select(cols.toArray(Column[]::new))
        .collectAsList()) {
      out.computeIfAbsent(r.getAs("anchor_id"), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private static Page page(Context c, AnchorTotal a, Map<String, List<Row>> scores, Map<String, List<Row>> levers) {
    Page page = new Page(c.options().out(), pageFile(a.anchor()), "Anchor " + a.anchor()
        + (a.name() == null ? "" : " (" + a.name() + ")"));
    page.link("index.html", "Back to the report");
    page.table(List.of("anchor", "name", "sessions", "viewers", "GMV", "conversion"), List.of(row(c, a, a.anchor())));
    page.heading("Its sessions' scores");
    if (scores == null) {
      page.missing(Tables.PERFORMANCE_SCORES.fullName(), "bin/livelake score");
    } else {
      scores(c, page, a, scores.getOrDefault(a.anchor(), List.of()));
    }
    page.heading("Levers: what would raise its score most");
    if (levers == null) {
      page.missing(Tables.SESSION_LEVERS.fullName(), "bin/livelake score");
    } else {
      levers(c, page, a, levers.getOrDefault(a.anchor(), List.of()));
    }
    return page;
  }

  private static void scores(Context c, Page page, AnchorTotal a, List<Row> all) {
    if (all.isEmpty()) {
      page.paragraph("No session of this anchor has a score yet: run bin/livelake score.");
      return;
    }
    Comparator<Row> newestFirst = Comparator.<Row, String>comparing(r -> String.valueOf(r.<Object>getAs("session_date")))
        .thenComparing(r -> r.<String>getAs("session_id")).reversed();
    List<Row> latest = all.stream().sorted(newestFirst).limit(SESSIONS).toList();
    List<Row> inOrder = new ArrayList<>(latest);
    Collections.reverse(inOrder);
    Columns s = Columns.of(inOrder);
    String unit = "score (" + c.outcomeUnit() + ")";
    BarChart chart = BarChart.titled("Scores of its " + (all.size() > SESSIONS ? "latest " : "") + latest.size()
        + " sessions").axes("session, oldest on the left", unit).labelRotation(latest.size() > 8 ? 45 : 0)
        .categories(s.strings("session_id")).series("score", s.numbers("score"));
    Row best = latest.stream().max(Comparator.comparingDouble(r -> r.<Double>getAs("score"))).orElseThrow();
    page.chart(chartName(a, "scores"), "Scores of the anchor's sessions", chart.render(), "Its best session, "
        + best.getAs("session_id") + " on " + best.getAs("session_date") + ", scored " + Fmt.number(best.getAs("score"), 2)
        + " (grade " + best.getAs("grade") + ").");
    List<List<String>> rows = new ArrayList<>();
    for (Row r : latest) {
      rows.add(List.of(r.getAs("session_id"), String.valueOf(r.<Object>getAs("session_date")),
          java.util.Objects.toString(r.getAs("platform"), "unknown"),
          Fmt.number(r.getAs("score"), 2), String.valueOf(r.<Integer>getAs("grade"))));
    }
    page.table(List.of("session", "date", "platform", unit, "grade (1 = lowest)"), rows);
  }

  private static void levers(Context c, Page page, AnchorTotal a, List<Row> mine) {
    if (mine.isEmpty()) {
      page.paragraph("No levers were computed for this anchor's sessions: run bin/livelake score.");
      return;
    }
    List<MeanGain> mean = meanGains(mine).stream().limit(LEVERS).toList();
    MeanGain top = mean.get(0);
    BarChart chart = BarChart.titled("Mean score gain per indicator over its sessions")
        .axes("indicator, largest gain first", "score gain (" + c.outcomeUnit() + ")")
        .categories(mean.stream().map(MeanGain::indicator).toList())
        .series("raised to the anchor's best session", mean.stream().map(MeanGain::anchorBest).toList())
        .series("raised to the platform's 75th percentile", mean.stream().map(MeanGain::platformP75).toList());
    page.chart(chartName(a, "levers"), "Score gain per indicator", chart.render(), top.indicator() + " " + top.name()
        + " is this anchor's strongest lever: raising it alone would add " + Fmt.change(top.larger(), 2)
        + " to a session's score on average.");
    String session = focusSession(c, mine);
    List<List<String>> rows = new ArrayList<>();
    for (Row r : mine.stream().filter(r -> session.equals(r.getAs("session_id")))
        .sorted(Comparator.comparingInt(r -> r.<Integer>getAs("rank"))).limit(LEVERS).toList()) {
      rows.add(List.of(String.valueOf(r.<Integer>getAs("rank")), r.getAs("indicator"), r.getAs("name"),
          Fmt.number(r.getAs("value"), 2), Fmt.number(r.getAs("anchor_best"), 2), Fmt.change(r.getAs("gain_anchor_best"), 2),
          Fmt.number(r.getAs("platform_p75"), 2), Fmt.change(r.getAs("gain_platform_p75"), 2)));
    }
    page.paragraph("Session " + session + (session.equals(c.options().session()) ? " (the one asked for)"
        : " (the one with the most to gain)") + ", its top " + rows.size()
        + " levers (values are normalized 0..1, larger is better):");
    page.table(List.of("rank", "indicator", "name", "value", "anchor's best", "gain", "platform's 75th percentile", "gain"),
        rows);
    page.paragraph("A gain is what the model associates with a higher value, not a proven effect of raising it; read it "
        + "with the model's R2 on the main page.");
    if (c.perceptronUninformative()) page.warning(c.uninformativeWarning("these gains"));
  }

  /** The chosen session when it is this anchor's, else the anchor's session with the most to gain from one lever. */
  private static String focusSession(Context c, List<Row> levers) {
    String chosen = c.options().session();
    if (chosen != null && levers.stream().anyMatch(r -> chosen.equals(r.getAs("session_id")))) return chosen;
    return levers.stream().filter(r -> r.<Integer>getAs("rank") == 1)
        .max(Comparator.<Row>comparingDouble(r -> Math.max(r.<Double>getAs("gain_anchor_best"), r.<Double>getAs("gain_platform_p75")))
            .thenComparing(r -> r.<String>getAs("session_id"), Comparator.reverseOrder()))
        .map(r -> r.<String>getAs("session_id")).orElseThrow();
  }

  private static String chartName(AnchorTotal a, String what) {
    return pageFile(a.anchor()).replace(".html", "") + "-" + what;
  }
}
