package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.livelake.indicators.Indicator;
import io.livelake.indicators.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
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
  private static final String VECTOR = "_overlap";

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
    Dataset<Row> sample = rows.orderBy(xxhash64(col(TrainingInput.KEY))).limit(sampleRows);
    List<String> inputs = new ArrayList<>(List.of(TrainingInput.LABEL));
    inputs.addAll(TrainingInput.featureColumns(indicators));
    Dataset<Row> v = new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(VECTOR).transform(sample);
    long n = v.count();
    if (n < 3) return out;
    Matrix rho = Correlation.corr(v, VECTOR, "spearman").head().getAs(0);
    for (int i = 0; i < indicators.size(); i++) {
      double r = rho.apply(0, i + 1);
      if (!Double.isNaN(r) && Math.abs(r) >= LOCKSTEP) {
        Indicator ind = indicators.get(i);
        out.add(String.format(Locale.ROOT, "the outcome '%s' moves with %s %s almost in lockstep (Spearman %.2f over %,d "
            + "sessions): if %s is part of the outcome's definition, its weight restates that definition", outcome,
            ind.name(), ind.title(), r, n, ind.name()));
      }
    }
    return out;
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
