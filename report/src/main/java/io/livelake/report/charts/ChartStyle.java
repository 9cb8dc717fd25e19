package io.livelake.report.charts;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The one look of LiveLake's charts: size, fonts, white background, legend placement. */
final class ChartStyle {
  static final int WIDTH = 900;
  static final int HEIGHT = 480;

  private ChartStyle() {}

  static void apply(AxesChartStyler s, boolean legend, Lettering lettering) {
    String family = lettering.family();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setChartTitleFont(new Font(family, Font.BOLD, 16));
    s.setAxisTitleFont(new Font(family, Font.PLAIN, 13));
    s.setAxisTickLabelsFont(new Font(family, Font.PLAIN, 11));
    s.setLegendFont(new Font(family, Font.PLAIN, 12));
    s.setLegendVisible(legend);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setPlotBorderVisible(false);
    s.setChartPadding(12);
  }

  static ChartImage render(Chart<?, ?> chart, Lettering lettering) {
    return new ChartImage(BitmapEncoder.getBufferedImage(chart), lettering.missing());
  }

  static int pixels(int n) {
    if (n < 100 || n > 4000) throw new IllegalArgumentException("a chart's side must be 100..4000 pixels, not " + n);
    return n;
  }

  static void require(String what, String value) {
    if (value == null || value.isBlank()) throw new IllegalStateException("a chart needs a " + what);
  }

  static void sameSize(String series, int expected, int actual, String what) {
    if (expected != actual) {
      throw new IllegalArgumentException("series '" + series + "': " + actual + " " + what + " for " + expected + " points");
    }
  }
}
