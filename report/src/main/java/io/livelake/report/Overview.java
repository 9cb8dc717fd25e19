package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.indicators.Rollups;
import io.livelake.report.charts.Columns;
import io.livelake.report.charts.FunnelChart;
import io.livelake.report.charts.LineChart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Sessions, viewers, GMV and conversion per platform and day, and the viewer funnel per platform. */
final class Overview {
  /** The funnel's stages, as marketers name them, in order. */
  static final List<String> STAGES = List.of("entered", "saw a product", "clicked", "added to cart", "paid");
  /** The event types that put a user at each stage of {@link #STAGES}. */
  private static final List<List<String>> STAGE_EVENTS = List.of(List.of("enter_room", "heartbeat"),
      List.of("product_impression"), List.of("product_click"), List.of("cart_add"), List.of("order_paid"));
  static final String UNKNOWN = "unknown platform";

  /** One platform's totals over every day. */
  record PlatformTotal(String platform, long sessions, long viewers, long buyers, double gmv) {
    double conversion() { return viewers == 0 ? 0 : (double) buyers / viewers; }
  }

  private Overview() {}

  /** Totals per platform of gold.platform_daily, largest GMV first. */
  static List<PlatformTotal> platformTotals(Dataset<Row> platformDaily) {
    List<PlatformTotal> out = new ArrayList<>();
    for (Row r : platformDaily.groupBy("platform").agg(sum("sessions"), sum("viewers"), sum("buyers"), sum("gmv"))
        .collectAsList()) {
      out.add(new PlatformTotal(r.getString(0), r.getLong(1), r.getLong(2), r.getLong(3), r.isNullAt(4) ? 0 : r.getDouble(4)));
    }
    out.sort(Comparator.comparingDouble(PlatformTotal::gmv).reversed().thenComparing(PlatformTotal::platform));
    return out;
  }

  /** Distinct users per platform at each funnel stage ({@link #STAGES}) in silver.events_obt, platforms by name. */
  static Map<String, List<Long>> funnel(Dataset<Row> obt) {
    Column stage = null;
    for (int i = 0; i < STAGE_EVENTS.size(); i++) {
      Column at = col("event_type").isin(STAGE_EVENTS.get(i).toArray());
      stage = stage == null ? when(at, i) : stage.when(at, i);
    }
    // One distinct over (platform, stage, user) instead of a distinct count per stage: one shuffle, not five.
    List<Row> counts = obt.where(col("platform").isNotNull()).select(col("platform"), stage.as("stage"), col("user_id"))
        .where(col("stage").isNotNull()).distinct().groupBy("platform", "stage").count().collectAsList();
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row r : counts) {
      out.computeIfAbsent(r.getString(0), k -> new ArrayList<>(java.util.Collections.nCopies(STAGES.size(), 0L)))
          .set(r.getInt(1), r.getLong(2));
    }
    return out;
  }

  /**
   * The stages of {@link #STAGES} the funnel shows: the first and the last, and each between that a user of some
   * platform reached. A feed that sends no product impressions (or no cart events) would otherwise show everyone
   * lost at that stage and found again at the next.
   */
  static List<Integer> shownStages(Map<String, List<Long>> funnel) {
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < STAGES.size(); i++) {
      int stage = i;
      if (i == 0 || i == STAGES.size() - 1 || funnel.values().stream().anyMatch(counts -> counts.get(stage) > 0)) {
        shown.add(i);
      }
    }
    return shown;
  }

  /** What the funnel's reading says of the stages it leaves out; empty when it shows them all. */
  static String stagesLeftOut(List<Integer> shown) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < STAGES.size(); i++) {
      if (!shown.contains(i)) out.add("'" + STAGES.get(i) + "' (no " + String.join(" or ", STAGE_EVENTS.get(i)) + ")");
    }
    return out.isEmpty() ? "" : " The OBT has no event of the stage" + (out.size() == 1 ? " " : "s ")
        + String.join(", ", out) + ", left out.";
  }

  static void write(Context c, Page page) {
    page.heading("Overview: platforms and days");
    if (!c.has(Tables.PLATFORM_DAILY)) {
      page.missing(Tables.PLATFORM_DAILY.fullName(), "bin/livelake indicators");
      return;
    }
    // Sessions of no known platform are one group, named so.
    Dataset<Row> daily = c.read(Tables.PLATFORM_DAILY).na().fill(UNKNOWN, new String[] {"platform"});
    List<PlatformTotal> totals = platformTotals(daily);
    List<List<String>> rows = new ArrayList<>();
    long sessions = 0, viewers = 0, buyers = 0;
    double gmv = 0;
    for (PlatformTotal t : totals) {
      rows.add(List.of(t.platform(), Fmt.count(t.sessions()), Fmt.count(t.viewers()), c.money(t.gmv()),
          Fmt.percent(t.conversion())));
      sessions += t.sessions();
      viewers += t.viewers();
      buyers += t.buyers();
      gmv += t.gmv();
    }
    PlatformTotal all = new PlatformTotal("all platforms", sessions, viewers, buyers, gmv);
    rows.add(List.of(all.platform(), Fmt.count(sessions), Fmt.count(viewers), c.money(gmv), Fmt.percent(all.conversion())));
    page.table(List.of("platform", "sessions", "viewers", "GMV", "conversion (buyers / viewers)"), rows);
    if (c.has(Tables.SALES_DAILY)) page.paragraph(liveShare(c, c.read(Tables.SALES_DAILY)));

    Columns days = Columns.of(daily.select("platform", "date", "gmv", "conversion")
        .orderBy("platform", "date"));
    LineChart gmvChart = LineChart.titled("GMV per platform and day").axes(c.sessionDate(), "GMV (" + c.currency() + ")")
        .datePattern("MMM d");
    LineChart convChart = LineChart.titled("Conversion per platform and day")
        .axes(c.sessionDate(), "conversion (% of viewers who paid)").datePattern("MMM d");
    List<String> platforms = days.strings("platform");
    List<java.util.Date> dates = days.times("date");
    List<Double> gmvs = days.numbers("gmv");
    List<Double> conversions = days.numbers("conversion");
    for (String p : platforms.stream().distinct().toList()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < platforms.size(); i++) if (p.equals(platforms.get(i))) idx.add(i);
      gmvChart.timeSeries(p, idx.stream().map(dates::get).toList(), idx.stream().map(gmvs::get).toList());
      convChart.timeSeries(p, idx.stream().map(dates::get).toList(),
          idx.stream().map(i -> percentOrNull(conversions.get(i))).toList());
    }
    PlatformTotal top = totals.get(0);
    page.chart("overview-gmv", "GMV per platform and day", gmvChart.render(), top.platform() + " brought the most GMV: "
        + c.money(top.gmv()) + " of " + c.money(gmv) + " (" + Fmt.percent(gmv == 0 ? 0 : top.gmv() / gmv) + ") over "
        + Fmt.count(top.sessions(), "session") + ".");
    PlatformTotal best = totals.stream().max(Comparator.comparingDouble(PlatformTotal::conversion)).orElseThrow();
    page.chart("overview-conversion", "Conversion per platform and day", convChart.render(), best.platform()
        + " converts best: " + Fmt.percent(best.conversion()) + " of its viewers paid, against "
        + Fmt.percent(all.conversion()) + " over all platforms.");

    if (!c.has(Tables.EVENTS_OBT)) {
      page.missing(Tables.EVENTS_OBT.fullName(), "bin/livelake ingest");
      return;
    }
    Map<String, List<Long>> funnel = funnel(c.read(Tables.EVENTS_OBT));
    if (funnel.values().stream().allMatch(counts -> counts.get(0) == 0)) {
      page.paragraph("No user entered a live room (the OBT has no enter_room or heartbeat), so there is no viewer "
          + "funnel.");
      return;
    }
    List<Integer> shown = shownStages(funnel);
    FunnelChart chart = FunnelChart.titled("Viewer funnel per platform").stages(shown.stream().map(STAGES::get).toList())
        .stageLabel("funnel stage (distinct users)");
    funnel.forEach((platform, counts) -> chart.group(platform, shown.stream().map(counts::get).toList()));
    String bestPaid = null;
    double bestShare = -1;
    List<List<String>> funnelRows = new ArrayList<>();
    for (Map.Entry<String, List<Long>> e : funnel.entrySet()) {
      long entered = e.getValue().get(0);
      double share = entered == 0 ? 0 : (double) e.getValue().get(STAGES.size() - 1) / entered;
      if (share > bestShare) {
        bestShare = share;
        bestPaid = e.getKey();
      }
      List<String> row = new ArrayList<>(List.of(e.getKey()));
      shown.forEach(i -> row.add(Fmt.count(e.getValue().get(i))));
      funnelRows.add(row);
    }
    page.chart("overview-funnel", "Viewer funnel per platform", chart.render(), "Of the users who entered a live room, "
        + Fmt.percent(bestShare) + " paid on " + bestPaid + ", the best of the platforms; each bar is a share of the "
        + "users who entered" + (funnel.values().stream().anyMatch(counts -> counts.get(0) == 0)
            ? ", and a platform where none entered is left out" : "") + "." + stagesLeftOut(shown));
    List<String> header = new ArrayList<>(List.of("platform"));
    shown.forEach(i -> header.add(STAGES.get(i)));
    page.table(header, funnelRows);
  }

  /**
   * How much of the shop's GMV, net of refunds, live rooms brought, from gold.sales_daily: what the platform table, of
   * live sessions only, cannot say.
   */
  static String liveShare(Context c, Dataset<Row> salesDaily) {
    Row r = salesDaily.agg(coalesce(sum("net_gmv"), lit(0.0)),
        coalesce(sum(when(col("channel").equalTo(Rollups.LIVE), col("net_gmv"))), lit(0.0)),
        coalesce(sum(when(col("channel").equalTo(Rollups.SHOP), col("orders"))), lit(0L))).first();
    double all = r.getDouble(0);
    double live = r.getDouble(1);
    return "Of all orders' GMV net of refunds, " + c.money(all) + ", live rooms brought " + c.money(live) + " ("
        + Fmt.percent(all == 0 ? 0 : live / all) + "); " + Fmt.count(r.getLong(2), "order") + " placed outside live rooms "
        + "brought the rest (" + Tables.SALES_DAILY.fullName() + ").";
  }

  private static Double percentOrNull(Double share) { return share == null ? null : 100 * share; }
}
