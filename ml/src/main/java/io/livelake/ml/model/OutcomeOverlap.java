package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import io.livelake.indicators.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whether the outcome a model learns contains its own inputs. An outcome whose definition includes an
 * indicator (the session's own sales in its GMV) is predicted by that indicator by construction, and
 * the indicator's weight then restates the definition instead of finding a driver. Two checks, each a
 * warning naming the indicator:
 *
 * <ul>
 *   <li>declared: the outcome is a named definition ({@link Outcome.Definition}) that contains indicators;
 *   <li>measured, for any outcome: an indicator whose rank correlation with the outcome is at least
 *       {@value #LOCKSTEP} in absolute value moves with it almost in lockstep.
 * </ul>
 */
public final class OutcomeOverlap {
  /** |Spearman| from which an indicator counts as moving with the outcome in lockstep. */
  static final double LOCKSTEP = 0.9;

  private OutcomeOverlap() {}

  /**
   * The warnings for training on {@code outcome} of {@code table}, given the prepared rows (whose
   * label is that outcome); {@code sampleRows} bounds the rows the correlation is measured on.
   */
  public static List<String> warnings(Dataset<Row> table, String outcome, TrainingInput.Prepared prepared, int sampleRows) {
    List<String> out = new ArrayList<>();
    for (Outcome.Definition d : declared(table, outcome)) {
      List<Indicator> used = d.contains().stream().filter(prepared.indicators()::contains).toList();
      if (used.isEmpty()) continue;
      out.add("the outcome '" + outcome + "' is " + d.settingValue() + ", whose definition contains "
          + String.join(" and ", used.stream().map(i -> i.name() + " " + i.title()).toList())
          + ": their weights restate that definition rather than find a driver; indicators.outcome = "
          + Outcome.Definition.LATER_GMV_PER_VIEWER.settingValue() + " leaves the session's own orders out");
    }
    List<Indicator> indicators = prepared.indicators();
    Dataset<Row> rows = prepared.rows().na().drop();
    List<Column> inputs = new ArrayList<>(List.of(col(TrainingInput.LABEL)));
    TrainingInput.featureColumns(indicators).forEach(c -> inputs.add(col(c)));
    // At most sampleRows rows: ranked in the driver, one Spark job where MLlib's Correlation runs four.
    List<Row> sample = rows.orderBy(xxhash64(col(TrainingInput.KEY))).limit(sampleRows)
        .select(inputs.toArray(Column[]::new)).collectAsList();
    int n = sample.size();
    if (n < 3) return out;
    double[] outcomeRanks = ranks(sample, 0);
    for (int i = 0; i < indicators.size(); i++) {
      double r = pearson(outcomeRanks, ranks(sample, i + 1));
      if (!Double.isNaN(r) && Math.abs(r) >= LOCKSTEP) {
        Indicator ind = indicators.get(i);
        out.add(String.format(Locale.ROOT, "the outcome '%s' moves with %s %s almost in lockstep (Spearman %.2f over %,d "
            + "sessions): if %s is part of the outcome's definition, its weight restates that definition", outcome,
            ind.name(), ind.title(), r, n, ind.name()));
      }
    }
    return out;
  }

  /** Ranks of column {@code c} of {@code rows}, ties sharing their average rank (as MLlib's Spearman). */
  static double[] ranks(List<Row> rows, int c) {
    int n = rows.size();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = rows.get(i).getDouble(c);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> v[i]));
    double[] rank = new double[n];
    for (int lo = 0; lo < n; ) {
      int hi = lo;
      while (hi + 1 < n && v[order[hi + 1]] == v[order[lo]]) hi++;
      double avg = (lo + hi) / 2.0 + 1;
      for (int k = lo; k <= hi; k++) rank[order[k]] = avg;
      lo = hi + 1;
    }
    return rank;
  }

  /** Pearson's correlation; NaN when either side is constant (as MLlib's). */
  static double pearson(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i] / n;
      mb += b[i] / n;
    }
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
  }

  /**
   * The named definitions {@code outcome} holds: its own when it is a named outcome's column, the
   * ones gold.session_indicators records in outcome_source when it is the outcome column.
   */
  static List<Outcome.Definition> declared(Dataset<Row> table, String outcome) {
    Optional<Outcome.Definition> named = Outcome.Definition.ofColumn(outcome);
    if (named.isPresent()) return List.of(named.get());
    boolean recorded = outcome.equalsIgnoreCase("outcome")
        && java.util.Arrays.stream(table.columns()).anyMatch(c -> c.equalsIgnoreCase(Outcome.SOURCE));
    if (!recorded) return List.of();
    List<Outcome.Definition> out = new ArrayList<>();
    for (Row r : table.select(Outcome.SOURCE).distinct().collectAsList()) {
      if (!r.isNullAt(0)) Outcome.Definition.find(r.getString(0)).ifPresent(out::add);
    }
    return out;
  }
}
