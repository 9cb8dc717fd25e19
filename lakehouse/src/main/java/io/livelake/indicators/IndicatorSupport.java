package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which of the 14 indicators a set of sessions can support as a model input. A data set without
 * comments, gifts, games, ads or ratings yields those indicators as 0 or null in every session;
 * normalized, trained on and weighted, they would get weights that mean nothing. An indicator is
 * supported when it has a value in at least a share {@code minCoverage} of the sessions
 * (indicators.support.min.coverage) and that value is not the same in all of them.
 */
public final class IndicatorSupport {
  private IndicatorSupport() {}

  /**
   * One indicator's verdict over {@code sessions} rows: how many have a value, its smallest and
   * largest value (null when none has one) and, when unsupported, why in plain words.
   */
  public record Verdict(Indicator indicator, long sessions, long measured, Double min, Double max, String reason) {
    public boolean supported() { return reason == null; }

    /** "A12 number of barrages" */
    public String label() { return indicator.name() + " " + indicator.title(); }
  }

  /**
   * The verdict of every indicator in code order: {@code columns} gives the column each indicator is
   * measured by in {@code sessions} (an indicator without one is unsupported, {@code absentWhy} says why).
   */
  public static List<Verdict> measure(Dataset<Row> sessions, Map<Indicator, String> columns, double minCoverage,
      String absentWhy) {
    List<Column> aggs = new ArrayList<>(List.of(count(lit(1))));
    for (Indicator i : Indicator.values()) {
      String c = columns.get(i);
      if (c == null) continue;
      Column x = col("`" + c.replace("`", "``") + "`").cast("double");
      // NaN is no measurement: Spark orders it above every number, so it would pass as a maximum.
      Column v = when(isnan(x), lit(null).cast("double")).otherwise(x);
      aggs.add(count(v));
      aggs.add(min(v));
      aggs.add(max(v));
    }
    Row r = sessions.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    long n = r.getLong(0);
    List<Verdict> out = new ArrayList<>();
    int k = 1;
    for (Indicator i : Indicator.values()) {
      if (columns.get(i) == null) {
        out.add(new Verdict(i, n, 0, null, null, absentWhy));
        continue;
      }
      long measured = r.getLong(k);
      Double lo = r.isNullAt(k + 1) ? null : r.getDouble(k + 1);
      Double hi = r.isNullAt(k + 2) ? null : r.getDouble(k + 2);
      k += 3;
      out.add(new Verdict(i, n, measured, lo, hi, reason(i, n, measured, lo, hi, minCoverage)));
    }
    return out;
  }

  /** {@link #measure} over every indicator's raw column (gold.session_indicators' own columns). */
  public static List<Verdict> measure(Dataset<Row> sessions, double minCoverage) {
    Map<Indicator, String> columns = new EnumMap<>(Indicator.class);
    for (Indicator i : Indicator.values()) columns.put(i, i.column());
    return measure(sessions, columns, minCoverage, null);
  }

  /**
   * The one reason all of {@code leftOut} (verdicts of unsupported indicators) share, when there are several: a lake
   * with no session or one is told that once rather than once per indicator.
   */
  public static Optional<String> sharedReason(List<Verdict> leftOut) {
    return leftOut.size() > 1 && leftOut.stream().map(Verdict::reason).distinct().count() == 1
        ? Optional.ofNullable(leftOut.get(0).reason()) : Optional.empty();
  }

  /** The supported indicators of {@code verdicts}, in code order. */
  public static List<Indicator> supported(List<Verdict> verdicts) {
    return verdicts.stream().filter(Verdict::supported).map(Verdict::indicator).toList();
  }

  static String reason(Indicator i, long sessions, long measured, Double min, Double max, double minCoverage) {
    if (sessions == 0) return "there are no sessions";
    // Any measure of one session is "the same value everywhere"; saying so per indicator hides the one cause.
    if (sessions == 1) return "there is only 1 session, and a model learns from differences between sessions";
    if (measured == 0) {
      return String.format(Locale.ROOT, "no value in any of the %s (measured as %s)", sessions(sessions), i.formula());
    }
    double share = (double) measured / sessions;
    if (share < minCoverage) {
      return String.format(Locale.ROOT, "a value in only %,d of %s (%s), below indicators.support.min.coverage %s",
          measured, sessions(sessions), percent(share), percent(minCoverage));
    }
    if (min.doubleValue() == max.doubleValue()) {
      return String.format(Locale.ROOT, "the same value (%s) in %s, so it tells no session from another (measured as %s)",
          number(min), measured == sessions ? "all " + sessions(sessions) : String.format(Locale.ROOT,
              "the %,d of %s that have one", measured, sessions(sessions)), i.formula());
    }
    return null;
  }

  private static String sessions(long n) {
    return String.format(Locale.ROOT, "%,d session%s", n, n == 1 ? "" : "s");
  }

  private static String percent(double share) {
    String s = String.format(Locale.ROOT, "%.1f", share * 100);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + "%";
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
