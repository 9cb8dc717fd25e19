package io.livelake.report.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Bars per category, one colour per series; a single series may carry an interval per bar (e.g. a 95% interval). */
public final class BarChart {
  private final String title;
  private String xLabel;
  private String yLabel;
  private int labelRotation;
  private int width = ChartStyle.WIDTH;
  private int height = ChartStyle.HEIGHT;
  private List<String> categories;
  private final Map<String, List<? extends Number>> series = new LinkedHashMap<>();
  private String intervalName;
  private List<? extends Number> low;
  private List<? extends Number> high;

  private BarChart(String title) { this.title = title; }

  /** A bar chart with this title. */
  public static BarChart titled(String title) { return new BarChart(title); }

  /** Axis titles, units included, e.g. "weight (share of 1)". */
  public BarChart axes(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    return this;
  }

  /** The image's size in pixels; 900 x 480 by default. */
  public BarChart size(int width, int height) {
    this.width = ChartStyle.pixels(width);
    this.height = ChartStyle.pixels(height);
    return this;
  }

  /** Turns the category labels by this many degrees, for long names. */
  public BarChart labelRotation(int degrees) {
    this.labelRotation = degrees;
    return this;
  }

  /** The categories along the x axis, in order. */
  public BarChart categories(List<String> categories) {
    this.categories = List.copyOf(categories);
    return this;
  }

  /** One bar per category for this series. */
  public BarChart series(String name, List<? extends Number> values) {
    series.put(name, values);
    return this;
  }

  /** Draws [low, high] over each bar of the only series, e.g. a bootstrap interval; may be asymmetric. */
  public BarChart intervals(String name, List<? extends Number> low, List<? extends Number> high) {
    this.intervalName = name;
    this.low = low;
    this.high = high;
    return this;
  }

  /** Renders the chart. */
  public ChartImage render() {
    ChartStyle.require("title", title);
    ChartStyle.require("x axis title", xLabel);
    ChartStyle.require("y axis title", yLabel);
    if (categories == null || series.isEmpty()) throw new IllegalStateException("bar chart '" + title + "' has no data");
    if (intervalName != null && series.size() != 1) {
      throw new IllegalStateException("bar chart '" + title + "': intervals go with a single series, not " + series.size());
    }
    CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
        .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    List<String> texts = new ArrayList<>(List.of(title, xLabel, yLabel));
    texts.addAll(categories);
    texts.addAll(series.keySet());
    if (intervalName != null) texts.add(intervalName);
    Lettering lettering = Lettering.of(texts);
    ChartStyle.apply(chart.getStyler(), series.size() > 1 || intervalName != null, lettering);
    chart.getStyler().setXAxisLabelRotation(labelRotation);
    for (Map.Entry<String, List<? extends Number>> s : series.entrySet()) {
      ChartStyle.sameSize(s.getKey(), categories.size(), s.getValue().size(), "values");
      chart.addSeries(s.getKey(), categories, s.getValue());
    }
    if (intervalName != null) addIntervals(chart);
    return ChartStyle.render(chart, lettering);
  }

  /**
   * XChart's error bars are symmetric: an interval becomes an invisible point at its midpoint whose
   * error bar reaches exactly from low to high, drawn over its bar.
   */
  private void addIntervals(CategoryChart chart) {
    ChartStyle.sameSize(intervalName, categories.size(), low.size(), "lower ends");
    ChartStyle.sameSize(intervalName, categories.size(), high.size(), "upper ends");
    List<Double> mid = new ArrayList<>();
    List<Double> half = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      double l = low.get(i) == null ? Double.NaN : low.get(i).doubleValue();
      double h = high.get(i) == null ? Double.NaN : high.get(i).doubleValue();
      boolean known = !Double.isNaN(l) && !Double.isNaN(h);
      mid.add(known ? (l + h) / 2 : null);
      half.add(known ? (h - l) / 2 : 0.0);
    }
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
    CategorySeries s = chart.addSeries(intervalName, categories, mid, half);
    s.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.NONE);
    s.setMarkerColor(java.awt.Color.BLACK);
  }
}
