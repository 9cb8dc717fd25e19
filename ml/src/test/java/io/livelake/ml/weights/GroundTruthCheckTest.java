package io.livelake.ml.weights;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.Indicator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthCheckTest {
  private static final Map<Indicator, Double> TRUTH = Map.of(Indicator.A31, 0.4, Indicator.A51, 0.3, Indicator.A11, 0.2,
      Indicator.A33, 0.1, Indicator.A12, 0.0);

  private static IndicatorWeight w(String method, Indicator i, double weight, int rank) {
    return new IndicatorWeight(method, i, weight, rank, weight, weight, weight);
  }

  @Test
  void spearmanAndTopPlacesOverTheDrivers() {
    String p = IndicatorImportance.PERMUTATION;
    String c = IndicatorImportance.CONNECTION_WEIGHT;
    List<IndicatorWeight> weights = List.of(
        w(p, Indicator.A31, 0.30, 1), w(p, Indicator.A11, 0.20, 2), w(p, Indicator.A51, 0.15, 3),
        w(p, Indicator.A12, 0.10, 4), w(p, Indicator.A33, 0.02, 7),
        // connection weights, with A33 left out by the model
        w(c, Indicator.A51, 0.5, 1), w(c, Indicator.A31, 0.3, 2), w(c, Indicator.A11, 0.2, 3));
    List<GroundTruthCheck> checks = GroundTruthCheck.of(TRUTH, weights);
    assertEquals(List.of(p, c), checks.stream().map(GroundTruthCheck::method).toList());

    GroundTruthCheck perm = checks.get(0);
    assertEquals(List.of(Indicator.A31, Indicator.A51, Indicator.A11, Indicator.A33),
        perm.drivers().stream().map(GroundTruthCheck.Driver::indicator).toList(), "drivers, largest share first; A12 is none");
    assertEquals(List.of(1, 2, 3, 4), perm.drivers().stream().map(GroundTruthCheck.Driver::trueRank).toList());
    // True order A31 > A51 > A11 > A33 against recovered A31 > A11 > A51 > A33: d^2 = 0 + 1 + 1 + 0 = 2,
    // rho = 1 - 6 * 2 / (4 * 15) = 0.8; A33 ranks 7th, outside the top 4.
    assertEquals(0.8, perm.spearman(), 1e-12);
    assertEquals(3, perm.inTop());

    GroundTruthCheck cw = checks.get(1);
    assertTrue(cw.drivers().get(3).recovered().isEmpty(), "A33 was left out");
    // Over the three drivers it used: true A31 > A51 > A11 against recovered A51 > A31 > A11: rho = 1 - 6 * 2 / (3 * 8).
    assertEquals(0.5, cw.spearman(), 1e-12);
    assertEquals(3, cw.inTop());
  }
}
