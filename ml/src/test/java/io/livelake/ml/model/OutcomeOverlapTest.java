package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.Outcome;
import io.livelake.ml.testing.GroundTruth;
import io.livelake.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The warning that the outcome contains an indicator: for the old default, for a lockstep outcome, not for the new default. */
class OutcomeOverlapTest {
  private static final String OLD = "the outcome 'outcome' is gmv_per_viewer, whose definition contains A31 purchase "
      + "conversion rate and A32 sales: their weights restate that definition rather than find a driver; "
      + "indicators.outcome = later_gmv_per_viewer leaves the session's own orders out";

  private static Dataset<Row> gold(String source) {
    return GroundTruth.asGold(GroundTruth.sessions(TestSpark.session(), 400, 5)).withColumn(Outcome.SOURCE, lit(source));
  }

  private static List<String> warnings(Dataset<Row> table, String outcome) {
    return OutcomeOverlap.warnings(table, outcome, TrainingInput.labelled(table, outcome, "t", 0.1), 20_000);
  }

  @Test
  void theOldDefaultIsNamedWithTheIndicatorsItContains() {
    assertEquals(List.of(OLD), warnings(gold("gmv_per_viewer"), "outcome"));
  }

  @Test
  void theNewDefaultOnAnOutcomeNoIndicatorDrivesAloneGetsNone() {
    assertEquals(List.of(), warnings(gold("later_gmv_per_viewer"), "outcome"));
  }

  @Test
  void anyOutcomeThatMovesWithAnIndicatorInLockstepIsNamed() {
    Dataset<Row> t = gold("table outcomes.csv").withColumn("gmv", col("a32_sales").multiply(3).plus(col("n_a11").multiply(0.01)));
    List<String> w = warnings(t, "gmv");
    assertEquals(1, w.size(), w.toString());
    assertTrue(w.get(0).matches("the outcome 'gmv' moves with A32 sales almost in lockstep \\(Spearman 1\\.00 over 400 "
        + "sessions\\): if A32 is part of the outcome's definition, its weight restates that definition"), w.get(0));
    // A named outcome's own column is declared whatever outcome_source says.
    assertTrue(warnings(t.withColumn("outcome_gmv_per_viewer", col("outcome")), "outcome_gmv_per_viewer").get(0)
        .startsWith("the outcome 'outcome_gmv_per_viewer' is gmv_per_viewer, whose definition contains A31"));
  }

  /** The driver's Spearman ranks as MLlib's does: ties share their average rank, a constant side gives NaN. */
  @Test
  void ranksAverageTiesAndAConstantColumnHasNoCorrelation() {
    List<Row> rows = List.of(org.apache.spark.sql.RowFactory.create(3.0, 5.0), org.apache.spark.sql.RowFactory.create(1.0, 5.0),
        org.apache.spark.sql.RowFactory.create(3.0, 5.0), org.apache.spark.sql.RowFactory.create(2.0, 5.0));
    assertArrayEquals(new double[] {3.5, 1, 3.5, 2}, OutcomeOverlap.ranks(rows, 0), 0.0);
    assertEquals(1.0, OutcomeOverlap.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-15);
    assertEquals(-1.0, OutcomeOverlap.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
    assertTrue(Double.isNaN(OutcomeOverlap.pearson(OutcomeOverlap.ranks(rows, 0), OutcomeOverlap.ranks(rows, 1))));
  }
}
