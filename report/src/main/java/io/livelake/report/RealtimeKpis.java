package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.report.charts.Columns;
import io.livelake.report.charts.LineChart;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** The real-time KPIs of the top sessions (and the chosen one) minute by minute. */
final class RealtimeKpis {
  static final int TOP = 3;

  /** A session's minutes: minutes since its first window, viewers in each, GMV accumulated up to each. */
  record Minutes(String session, List<Double> minute, List<Double> viewers, List<Double> gmvSoFar) {
    double totalGmv() { return gmvSoFar.isEmpty() || gmvSoFar.get(gmvSoFar.size() - 1) == null ? 0 : gmvSoFar.get(gmvSoFar.size() - 1); }

    double peakViewers() { return viewers.stream().filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0); }
  }

  private RealtimeKpis() {}

  /** The sessions with minutes whose {@code measure} is the greatest: one, or all of those tied at it, in order. */
  static List<Minutes> leaders(List<Minutes> sessions, java.util.function.ToDoubleFunction<Minutes> measure) {
    List<Minutes> shown = sessions.stream().filter(m -> !m.minute().isEmpty()).toList();
    double best = shown.stream().mapToDouble(measure).max().orElse(0);
    return shown.stream().filter(m -> measure.applyAsDouble(m) == best).toList();
  }

  /** "Session S1", "Sessions S1 and S2", "Sessions S1, S2 and S3". */
  static String named(List<Minutes> sessions) {
    List<String> ids = sessions.stream().map(Minutes::session).toList();
    if (ids.size() == 1) return "Session " + ids.get(0);
    return "Sessions " + String.join(", ", ids.subList(0, ids.size() - 1)) + " and " + ids.get(ids.size() - 1);
  }

  /** The sessions with the most GMV in gold.realtime_kpis, most first (ties by id). */
  static List<String> topSessions(Dataset<Row> kpis, int n) {
    return Columns.of(kpis.groupBy("session_id").agg(sum("gmv").as("gmv")).orderBy(desc("gmv"), asc("session_id")).limit(n))
        .strings("session_id");
  }

  /** Each session's minutes, in the order given. */
  static List<Minutes> minutes(Dataset<Row> kpis, List<String> sessions) {
    Dataset<Row> rows = kpis.where(col("session_id").isin(sessions.toArray()))
        .withColumn("minute", (unix_seconds(col("window_start"))
            .minus(min(unix_seconds(col("window_start"))).over(Window.partitionBy("session_id")))).divide(60.0))
        .withColumn("gmv_so_far", sum("gmv").over(Window.partitionBy("session_id").orderBy("window_start")))
        .select("session_id", "minute", "viewers", "gmv_so_far").orderBy("session_id", "minute");
    List<Row> all = rows.collectAsList();
    List<Minutes> out = new ArrayList<>();
    for (String s : sessions) {
      Columns c = Columns.of(all.stream().filter(r -> s.equals(r.getString(0))).toList());
      out.add(new Minutes(s, c.numbers("minute"), c.numbers("viewers"), c.numbers("gmv_so_far")));
    }
    return out;
  }

  static void write(Context c, Page page) {
    page.heading("Real-time KPIs of the top sessions");
    if (!c.has(Tables.REALTIME_KPIS)) {
      page.missing(Tables.REALTIME_KPIS.fullName(), "bin/livelake ingest");
      return;
    }
    Dataset<Row> kpis = c.read(Tables.REALTIME_KPIS);
    Set<String> chosen = new LinkedHashSet<>(topSessions(kpis, TOP));
    if (c.options().session() != null) chosen.add(c.options().session());
    List<Minutes> sessions = minutes(kpis, List.copyOf(chosen));
    LineChart viewers = LineChart.titled("Viewers per minute").axes("minutes since the session's first minute",
        "viewers (distinct users in the minute)");
    LineChart gmv = LineChart.titled("GMV accumulated over the session")
        .axes("minutes since the session's first minute", "GMV so far (" + c.currency() + ")");
    List<List<String>> rows = new ArrayList<>();
    for (Minutes m : sessions) {
      if (m.minute().isEmpty()) continue;
      viewers.series(m.session(), m.minute(), m.viewers());
      gmv.series(m.session(), m.minute(), m.gmvSoFar());
      rows.add(List.of(m.session(), Fmt.count(m.minute().size()), Fmt.count((long) m.peakViewers()), c.money(m.totalGmv())));
    }
    List<Minutes> drew = leaders(sessions, Minutes::peakViewers);
    if (drew.isEmpty()) {
      page.paragraph("None of these sessions has a minute in " + Tables.REALTIME_KPIS.fullName() + ".");
      return;
    }
    page.chart("realtime-viewers", "Viewers per minute", viewers.render(), named(drew) + " drew the most viewers, up to "
        + Fmt.count((long) drew.get(0).peakViewers(), "viewer") + " in one minute" + (drew.size() > 1 ? " each." : "."));
    List<Minutes> sold = leaders(sessions, Minutes::totalGmv);
    page.chart("realtime-gmv", "GMV accumulated over the session", gmv.render(), named(sold) + " sold the most: "
        + c.money(sold.get(0).totalGmv()) + (sold.size() > 1 ? " each" : " in " + Fmt.count(sold.get(0).minute().size(),
            "minute")) + ".");
    page.table(List.of("session", "minutes", "peak viewers per minute", "GMV"), rows);
  }
}
