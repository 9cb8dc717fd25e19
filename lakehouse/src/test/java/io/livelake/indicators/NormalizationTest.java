package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class NormalizationTest {
  /** Three sessions; A12 = 2, 4, 10; A42 = 0.1, 0.3, 0.5; A22 = 4, null, 2; A13 = 7 everywhere; the rest 0. */
  private static Dataset<Row> rows() {
    double[] a12 = {2, 4, 10};
    double[] a42 = {0.1, 0.3, 0.5};
    Double[] a22 = {4.0, null, 2.0};
    return IndicatorRows.of(3, (s, i) -> switch (i) {
      case A12 -> a12[s];
      case A42 -> a42[s];
      case A22 -> a22[s];
      case A13 -> 7.0;
      default -> 0.0;
    });
  }

  @Test
  void minMaxForwardInvertsNegativeIndicatorsAndHandlesNullsAndConstants() {
    Map<String, Row> out = new HashMap<>();
    for (Row r : Normalization.forward(rows()).collectAsList()) out.put(r.getString(0), r);
    assertEquals(0.0, out.get("s0").<Double>getAs("n_a12"), 1e-12);
    assertEquals(0.25, out.get("s1").<Double>getAs("n_a12"), 1e-12);
    assertEquals(1.0, out.get("s2").<Double>getAs("n_a12"), 1e-12);
    // A42 is negative: the lowest unsubscribe rate is the best, 1.
    assertEquals(1.0, out.get("s0").<Double>getAs("n_a42"), 1e-12);
    assertEquals(0.5, out.get("s1").<Double>getAs("n_a42"), 1e-12);
    assertEquals(0.0, out.get("s2").<Double>getAs("n_a42"), 1e-12);
    // A22: bounds ignore the null, which gets the least favourable value.
    assertEquals(1.0, out.get("s0").<Double>getAs("n_a22"), 1e-12);
    assertEquals(0.0, out.get("s1").<Double>getAs("n_a22"), 1e-12);
    assertEquals(0.0, out.get("s2").<Double>getAs("n_a22"), 1e-12);
    // A13 is the same everywhere: no information, 0.
    for (Row r : out.values()) assertEquals(0.0, r.<Double>getAs("n_a13"), 1e-12);
  }

  @Test
  void boundsAreTheMinAndMaxOfEachIndicator() {
    Map<Indicator, Normalization.Bounds> b = Normalization.bounds(rows());
    assertEquals(new Normalization.Bounds(2.0, 10.0), b.get(Indicator.A12));
    assertEquals(new Normalization.Bounds(2.0, 4.0), b.get(Indicator.A22));
    assertEquals(new Normalization.Bounds(0.1, 0.5), b.get(Indicator.A42));
    assertEquals(14, b.size());
  }

  @Test
  void givenBoundsAreUsedAsTheyAre() {
    Map<Indicator, Normalization.Bounds> b = new HashMap<>(Normalization.bounds(rows()));
    b.put(Indicator.A12, new Normalization.Bounds(0.0, 20.0));
    Row s1 = Normalization.forward(rows(), b).where("session_id = 's1'").first();
    assertEquals(0.2, s1.<Double>getAs("n_a12"), 1e-12);
  }
}
