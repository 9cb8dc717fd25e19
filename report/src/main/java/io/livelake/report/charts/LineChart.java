package io.livelake.report.charts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Lines over a numeric axis (iterations) or over time (a KPI minute by minute), one per series. */
public final class LineChart {
  private static final int FEW_POINTS = 30;
  private final String title;
  private String xLabel;
  private String yLabel;
  private String datePattern = "HH:mm";
  private boolean logY;
  private final Map<String, List<?>> xs = new LinkedHashMap<>();
  private final Map<String, List<Number>> ys = new LinkedHashMap<>();

  private LineChart(String title) { this.title = title; }

  /** A line chart with this title. */
  public static LineChart titled(String title) { return new LineChart(title); }

  /** Axis titles, units included, e.g. "minute (UTC)", "GMV (CNY)". */
  public LineChart axes(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    return this;
  }

  /** How time ticks are labelled (java.text.SimpleDateFormat, UTC); "HH:mm" by default. */
  public LineChart datePattern(String pattern) {
    this.datePattern = pattern;
    return this;
  }

  /** A logarithmic y axis, for losses that fall by orders of magnitude. */
  public LineChart logY() {
    this.logY = true;
    return this;
  }

  /** A line over numbers on the x axis; a point whose x or y is null (not measured) is left out. */
  public LineChart series(String name, List<? extends Number> x, List<? extends Number> y) {
    return add(name, x, y);
  }

  /** A line over time (java.sql.Timestamp is a Date) on the x axis; a point without x or y is left out. */
  public LineChart timeSeries(String name, List<? extends Date> x, List<? extends Number> y) {
    return add(name, x, y);
  }

  private LineChart add(String name, List<?> x, List<? extends Number> y) {
    ChartStyle.sameSize(name, x.size(), y.size(), "y values");
    List<Object> keptX = new ArrayList<>();
    List<Number> keptY = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      if (x.get(i) != null && y.get(i) != null) {
        keptX.add(x.get(i));
        keptY.add(y.get(i));
      }
    }
    xs.put(name, keptX);
    ys.put(name, keptY);
    return this;
  }

  /** Renders the chart. */
  public ChartImage render() {
    ChartStyle.require("title", title);
    ChartStyle.require("x axis title", xLabel);
    ChartStyle.require("y axis title", yLabel);
    if (xs.isEmpty() || xs.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalStateException("line chart '" + title + "' has no data");
    }
    XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    List<String> texts = new ArrayList<>(List.of(title, xLabel, yLabel));
    texts.addAll(xs.keySet());
    Lettering lettering = Lettering.of(texts);
    ChartStyle.apply(chart.getStyler(), xs.size() > 1, lettering);
    chart.getStyler().setDatePattern(datePattern);
    chart.getStyler().setTimezone(java.util.TimeZone.getTimeZone("UTC"));
    chart.getStyler().setYAxisLogarithmic(logY);
    padOneInstant(chart);
    for (String name : xs.keySet()) {
      if (xs.get(name).isEmpty()) continue;
      XYSeries s = chart.addSeries(name, xs.get(name), ys.get(name));
      // A series of a few points gets a marker on each: a line of one point would not show at all.
      if (xs.get(name).size() > FEW_POINTS) s.setMarker(SeriesMarkers.NONE);
    }
    return ChartStyle.render(chart, lettering);
  }

  /**
   * XChart labels no tick on a time axis whose points are all at one instant (a lake of one day), so such an axis
   * runs from one unit of the date pattern before it to one after, and its tick names the instant.
   */
  private void padOneInstant(XYChart chart) {
    double[] range = oneInstantRange(xs.values(), datePattern);
    if (range == null) return;
    chart.getStyler().setXAxisMin(range[0]);
    chart.getStyler().setXAxisMax(range[1]);
  }

  /** The axis [min, max] in epoch ms for x values that are all one instant, or null for any other x values. */
  static double[] oneInstantRange(Collection<List<?>> xs, String datePattern) {
    List<Long> instants = xs.stream().flatMap(List::stream).filter(x -> x instanceof Date)
        .map(x -> ((Date) x).getTime()).distinct().toList();
    if (instants.size() != 1 || xs.stream().flatMap(List::stream).anyMatch(x -> !(x instanceof Date))) return null;
    long unit = datePattern.contains("s") ? 1_000L : datePattern.contains("m") ? 60_000L
        : datePattern.matches(".*[Hh].*") ? 3_600_000L : datePattern.contains("d") ? 86_400_000L : 31 * 86_400_000L;
    return new double[] {instants.get(0) - unit, instants.get(0) + unit};
  }
}
