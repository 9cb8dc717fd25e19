package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.report.charts.BarChart;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** The indicator weights of the latest model with their intervals and ranks (paper 001 Fig. 4), and those left out. */
final class Weights {
  private Weights() {}

  static void write(Context c, Page page, String version) {
    page.heading("What matters most: the indicator weights");
    if (version == null || !c.has(Tables.INDICATOR_WEIGHTS)) {
      page.missing(Tables.INDICATOR_WEIGHTS.fullName(), "bin/livelake train");
      return;
    }
    List<Row> rows = c.read(Tables.INDICATOR_WEIGHTS).where(col("model_version").equalTo(version)
        .and(col("method").equalTo("permutation"))).orderBy(asc_nulls_last("rank"), asc("indicator")).collectAsList();
    List<Row> used = rows.stream().filter(r -> !r.isNullAt(r.fieldIndex("weight"))).toList();
    List<Row> leftOut = rows.stream().filter(r -> r.isNullAt(r.fieldIndex("weight"))).toList();
    if (used.isEmpty()) {
      page.missing(Tables.INDICATOR_WEIGHTS.fullName() + " (permutation weights of " + version + ")", "bin/livelake train");
      return;
    }
    List<String> codes = new ArrayList<>();
    List<Double> weight = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (Row r : used) {
      codes.add(r.getAs("indicator"));
      weight.add(100 * r.<Double>getAs("weight"));
      low.add(r.isNullAt(r.fieldIndex("ci_low")) ? null : 100 * r.<Double>getAs("ci_low"));
      high.add(r.isNullAt(r.fieldIndex("ci_high")) ? null : 100 * r.<Double>getAs("ci_high"));
      table.add(List.of(String.valueOf(r.<Integer>getAs("rank")), r.getAs("indicator"), r.getAs("name"),
          Fmt.percent(r.getAs("weight")), interval(r)));
    }
    BarChart chart = BarChart.titled("Indicator weights, rank order (paper 001, Fig. 4)")
        .axes("indicator (rank 1 on the left)", "weight (% of all importance)").categories(codes).series("weight", weight)
        .intervals("bootstrap 95% interval", low, high);
    Row first = used.get(0);
    page.chart("weights", "Indicator weights", chart.render(), first.getAs("indicator") + " " + first.getAs("name")
        + " matters most: " + Fmt.percent(first.getAs("weight")) + " of the model's importance (95% interval "
        + interval(first) + "). Bars whose intervals overlap cannot be told apart on this data.");
    if (c.perceptronUninformative()) page.warning(c.uninformativeWarning("these weights"));
    page.table(List.of("rank", "indicator", "name", "weight", "95% interval"), table);
    if (leftOut.isEmpty()) {
      page.paragraph("The data supports all " + used.size() + " indicators the model reads.");
    } else {
      List<String> named = new ArrayList<>();
      for (Row r : leftOut) named.add(r.getAs("indicator") + " " + r.getAs("name") + " (" + r.getAs("left_out") + ")");
      page.paragraph("The data cannot support " + leftOut.size() + " indicator" + (leftOut.size() == 1 ? "" : "s")
          + ", so the model was trained without " + (leftOut.size() == 1 ? "it" : "them") + " and gives no weight: "
          + String.join("; ", named) + ".");
    }
  }

  private static String interval(Row r) {
    if (r.isNullAt(r.fieldIndex("ci_low")) || r.isNullAt(r.fieldIndex("ci_high"))) return "none";
    return Fmt.percent(r.getAs("ci_low")) + " to " + Fmt.percent(r.getAs("ci_high"));
  }
}
