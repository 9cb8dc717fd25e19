package io.livelake.report;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.indicators.IndicatorsJob;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** What every section reads: the lake, the report's options, and which tables hold rows (asked once each). */
final class Context {
  private final Lake lake;
  private final Report.Options options;
  private final Map<String, Boolean> filled = new HashMap<>();
  private String outcomeUnit;
  private ZoneId datedIn;
  private Double perceptronR2;

  Context(Lake lake, Report.Options options) {
    this.lake = lake;
    this.options = options;
  }

  Lake lake() { return lake; }

  Report.Options options() { return options; }

  String currency() { return options.currency(); }

  /** The axis title of the sessions' dates: in the zone the last indicators run dated them in. */
  String sessionDate() { return "session date (" + datedIn().getId() + ")"; }

  /** The zone the last indicators run dated sessions, purchases and cohorts in (read once). */
  ZoneId datedIn() {
    if (datedIn == null) datedIn = IndicatorsJob.datedIn(lake);
    return datedIn;
  }

  /** Whether the table exists and holds at least one row. */
  boolean has(TableDef t) {
    return filled.computeIfAbsent(t.fullName(), k -> lake.exists(t) && !lake.read(t).isEmpty());
  }

  Dataset<Row> read(TableDef t) { return lake.read(t); }

  String money(double amount) { return Fmt.money(amount, options.currency()); }

  /** Records the latest perceptron's R2 (cross-validated when it was), which the weights and levers are only as good as. */
  void perceptronR2(double r2) { this.perceptronR2 = r2; }

  /** Whether the latest perceptron predicts no better than the average, so that its weights and gains say nothing. */
  boolean perceptronUninformative() { return perceptronR2 != null && !(perceptronR2 > 0); }

  /** The sentence that says so, for the parts that rest on the perceptron. */
  String uninformativeWarning(String what) {
    return "The perceptron predicts no better than the average on this data (R2 " + Fmt.number(perceptronR2, 2)
        + "): " + what + " carry no information here.";
  }

  /** What a score measures, from the outcome of gold.session_indicators the model learns, currency included. */
  String outcomeUnit() {
    if (outcomeUnit == null) {
      List<Row> source = lake.read(Tables.SESSION_INDICATORS).select("outcome_source")
          .where(functions.col("outcome_source").isNotNull()).limit(1).collectAsList();
      String s = source.isEmpty() ? "" : source.get(0).getString(0);
      outcomeUnit = switch (s) {
        case "later_gmv_per_viewer" -> "predicted later GMV per viewer, " + currency();
        case "gmv_per_viewer" -> "predicted GMV per viewer, " + currency();
        default -> "predicted outcome";
      };
    }
    return outcomeUnit;
  }
}
