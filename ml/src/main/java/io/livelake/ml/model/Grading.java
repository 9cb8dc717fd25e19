package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The ordered grades a score is labelled with: boundaries are quantiles of the training outcome, and
 * each grade records the mean training outcome of its rows, so "grade 7 of 10" reads as a band of
 * outcomes sessions really had. Equal quantiles (many identical outcomes) merge, so there may be fewer
 * grades than asked.
 *
 * @param edges the inner boundaries, increasing; grade g (0-based) holds edges[g-1] <= y < edges[g]
 * @param values the mean training outcome of each grade
 */
public record Grading(double[] edges, double[] values) {
  /** Relative error of the quantiles: exact enough for grades, and linear in memory on millions of rows. */
  private static final double QUANTILE_ERROR = 1e-4;

  /** Cuts {@code label} of {@code train} into {@code grades} quantile grades. */
  public static Grading fit(Dataset<Row> train, String label, int grades) {
    double[] probs = new double[grades - 1];
    for (int g = 1; g < grades; g++) probs[g - 1] = (double) g / grades;
    double[] q = train.stat().approxQuantile(label, probs, QUANTILE_ERROR);
    double[] edges = DoubleStream.of(q).distinct().sorted().toArray();
    Grading bounds = new Grading(edges, new double[edges.length + 1]);
    List<Row> means = bounds.grade(train, label, "g").groupBy("g").agg(avg(label)).collectAsList();
    if (edges.length == 0 || means.size() < 2) {
      throw new IllegalArgumentException("the outcome '" + label + "' has fewer than 2 distinct grades: it is (almost) constant");
    }
    double[] values = new double[edges.length + 1];
    for (int g = 0; g < values.length; g++) {
      values[g] = g == 0 ? edges[0] : g == edges.length ? edges[g - 1] : (edges[g - 1] + edges[g]) / 2;
    }
    for (Row r : means) values[(int) r.getDouble(0)] = r.getDouble(1);
    return new Grading(edges, values);
  }

  /** Number of grades. */
  public int count() { return values.length; }

  /** Adds {@code out}: the 0-based grade of the values of {@code label} as a double. */
  public Dataset<Row> grade(Dataset<Row> rows, String label, String out) {
    double[] splits = new double[edges.length + 2];
    splits[0] = Double.NEGATIVE_INFINITY;
    System.arraycopy(edges, 0, splits, 1, edges.length);
    splits[splits.length - 1] = Double.POSITIVE_INFINITY;
    return new Bucketizer().setSplits(splits).setInputCol(label).setOutputCol(out).transform(rows);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Grading g && Arrays.equals(edges, g.edges) && Arrays.equals(values, g.values);
  }

  @Override
  public int hashCode() { return 31 * Arrays.hashCode(edges) + Arrays.hashCode(values); }

  @Override
  public String toString() { return "Grading[edges=" + Arrays.toString(edges) + ", values=" + Arrays.toString(values) + "]"; }
}
