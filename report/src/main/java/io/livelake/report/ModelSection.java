package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.report.charts.BarChart;
import io.livelake.report.charts.Columns;
import io.livelake.report.charts.LineChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The latest model: its warnings, the comparison with the baselines (paper 001 Table 7) and its training curve (Fig. 3). */
final class ModelSection {
  static final Map<String, String> NAMES = Map.of("mlp", "perceptron", "linear_regression", "linear regression",
      "random_forest", "random forest", "gbt", "gradient-boosted trees");

  private ModelSection() {}

  /** The newest model version in gold.model_metrics (versions sort by time), or null when there is none. */
  static String latestVersion(Context c) {
    if (!c.has(Tables.MODEL_METRICS)) return null;
    return c.read(Tables.MODEL_METRICS).agg(max("model_version")).first().getString(0);
  }

  static void write(Context c, Page page, String version) {
    page.heading("The model: how well it predicts");
    if (version == null) {
      page.missing(Tables.MODEL_METRICS.fullName(), "bin/livelake train");
      return;
    }
    Report.ModelNotes notes = c.options().model();
    if (notes != null && version.equals(notes.version())) notes.warnings().forEach(page::warning);
    Dataset<Row> ofVersion = c.read(Tables.MODEL_METRICS).where(col("model_version").equalTo(version));
    boolean cv = !ofVersion.where(col("cv_folds").isNotNull()).isEmpty();
    // The chart's measure orders the table: the cross-validated R2 when there is one, as the warnings say.
    String measure = cv ? "cv_r2" : "r2";
    List<Row> metrics = ofVersion.orderBy(desc_nulls_last(measure), asc("model")).collectAsList();
    metrics.stream().filter(m -> m.getAs("model").equals("mlp")).findFirst()
        .ifPresent(m -> c.perceptronR2(m.<Double>getAs(measure)));
    List<List<String>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Double> r2 = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    for (Row m : metrics) {
      String name = NAMES.getOrDefault(m.<String>getAs("model"), m.getAs("model"));
      labels.add(name);
      List<String> row = new ArrayList<>(List.of(name, Fmt.number(m.getAs("mae"), 3), Fmt.number(m.getAs("rmse"), 3),
          Fmt.number(m.getAs("r2"), 3)));
      if (cv) {
        row.add(Fmt.number(m.getAs("cv_r2"), 3) + " [" + Fmt.number(m.getAs("cv_r2_low"), 3) + ", "
            + Fmt.number(m.getAs("cv_r2_high"), 3) + "]");
        r2.add(finite(m.getAs("cv_r2")));
        low.add(finite(m.getAs("cv_r2_low")));
        high.add(finite(m.getAs("cv_r2_high")));
      } else {
        r2.add(finite(m.getAs("r2")));
      }
      row.add(Fmt.count(m.<Long>getAs("train_rows")));
      row.add(Fmt.count(m.<Long>getAs("test_rows")));
      rows.add(row);
    }
    List<String> header = new ArrayList<>(List.of("model", "MAE (outcome units)", "RMSE", "R2 held-out"));
    if (cv) header.add(metrics.get(0).getAs("cv_folds") + "-fold R2 [95% interval]");
    header.addAll(List.of("training sessions", "held-out sessions"));
    page.paragraph("Model version " + version + ". R2 is the share of the outcome's variation the model explains: 1 is "
        + "perfect, 0 is no better than always guessing the average.");
    page.table(header, rows);
    BarChart bars = BarChart.titled(cv ? "Cross-validated R2 of each model, with its 95% interval" : "Held-out R2 of each model")
        .axes("model", "R2 (1 = perfect, 0 = the average)").categories(labels).series("R2", r2);
    if (cv) bars.intervals("95% interval", low, high);
    Row best = metrics.get(0);
    double bestR2 = best.getAs(measure);
    String reading = NAMES.getOrDefault(best.<String>getAs("model"), best.getAs("model")) + " predicts best"
        + (cv ? " across the folds" : " on the held-out sessions") + " (R2 " + Fmt.number(bestR2, 2) + ")"
        + (bestR2 > 0 ? "." : ", yet no model predicts better than the average on this data.")
        + (cv ? " Overlapping intervals do not tell models apart." : "");
    page.chart("model-r2", "R2 of each model", bars.render(), reading);
    curve(c, page, version);
  }

  private static void curve(Context c, Page page, String version) {
    Columns mlp = Columns.of(c.read(Tables.TRAINING_HISTORY).where(col("model_version").equalTo(version)
        .and(col("model").equalTo("mlp")).and(col("dataset").equalTo("train"))).orderBy("iteration"));
    if (mlp.size() == 0) {
      page.paragraph("No training curve of the perceptron was recorded for this version.");
      return;
    }
    List<Double> loss = mlp.numbers("loss");
    LineChart chart = LineChart.titled("Perceptron training curve (paper 001, Fig. 3)")
        .axes("solver iteration (L-BFGS)", "training loss (half squared error + decay)")
        .series("perceptron, training part", mlp.numbers("iteration"), loss);
    page.chart("model-training-curve", "Perceptron training curve", chart.render(), "The perceptron's training loss fell "
        + "from " + Fmt.number(loss.get(0), 3) + " to " + Fmt.number(loss.get(loss.size() - 1), 3) + " over "
        + Fmt.count(loss.size() - 1, "iteration") + "; a flat end means it had learned what it could.");
  }

  /** A bar needs a finite height: an R2 of minus infinity (a constant held-out outcome) stays in the table only. */
  private static Double finite(Double v) { return v == null || v.isNaN() || v.isInfinite() ? null : v; }
}
