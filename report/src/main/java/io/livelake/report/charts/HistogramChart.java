package io.livelake.report.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.Histogram;

/** How values are distributed: counts in equal-width bins between the smallest and largest value. */
public final class HistogramChart {
  private final String title;
  private String xLabel;
  private String yLabel = "count";
  private int bins = 20;
  private int width = ChartStyle.WIDTH;
  private int height = ChartStyle.HEIGHT;
  private List<Double> values;

  private HistogramChart(String title) { this.title = title; }

  /** A histogram with this title. */
  public static HistogramChart titled(String title) { return new HistogramChart(title); }

  /** Axis titles: what the values are, units included, and what is counted (e.g. "sessions"). */
  public HistogramChart axes(String xLabel, String yLabel) {
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    return this;
  }

  /** The image's size in pixels; 900 x 480 by default (smaller ones fit a grid). */
  public HistogramChart size(int width, int height) {
    this.width = ChartStyle.pixels(width);
    this.height = ChartStyle.pixels(height);
    return this;
  }

  /** The number of bins; 20 by default. */
  public HistogramChart bins(int bins) {
    if (bins < 1) throw new IllegalArgumentException("a histogram needs at least one bin, not " + bins);
    this.bins = bins;
    return this;
  }

  /** The values; nulls and NaN are left out (a histogram of what is known). */
  public HistogramChart values(List<? extends Number> values) {
    this.values = values.stream().filter(Objects::nonNull).map(Number::doubleValue).filter(v -> !v.isNaN()).toList();
    return this;
  }

  /** Renders the chart; bars are labelled with their bin's centre. */
  public ChartImage render() {
    if (values == null || values.isEmpty()) throw new IllegalStateException("histogram '" + title + "' has no values");
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    // One value (or all equal) still makes one visible bar instead of a zero-width range.
    if (max == min) max = min + 1;
    Histogram h = new Histogram(values, bins, min, max);
    List<String> centres = new ArrayList<>();
    for (double c : h.getxAxisData()) centres.add(String.format(Locale.ROOT, "%.3g", c));
    // About 70 pixels per horizontal label; narrower bars get turned labels so that they do not run together.
    return BarChart.titled(title).axes(xLabel, yLabel).size(width, height).labelRotation(bins * 70 > width ? 45 : 0)
        .categories(centres).series("count", h.getyAxisData()).render();
  }
}
