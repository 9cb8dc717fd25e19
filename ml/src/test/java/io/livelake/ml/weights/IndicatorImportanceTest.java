package io.livelake.ml.weights;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.Indicator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndicatorImportanceTest {
  /** score = 2 * x0: the second input carries no weight. */
  private static final Network NET = new Network(new int[] {2, 1}, new double[] {2, 0, 0});
  private static final List<Indicator> INDICATORS = List.of(Indicator.A11, Indicator.A12);

  @Test
  void aFewHeldOutRowsGiveWeightsWhoseResamplesHoldOneOutcomeOnly() {
    // Two of the three outcomes are 0: about 30% of the bootstrap's resamples hold only those.
    double[][] x = {{0, 1}, {0, 0}, {1, 0}};
    double[] y = {0, 0, 2};
    List<IndicatorWeight> weights = new IndicatorImportance(NET, INDICATORS, x, y).compute(200, 7, done -> { });
    IndicatorWeight first = find(weights, IndicatorImportance.PERMUTATION, Indicator.A11);
    IndicatorWeight second = find(weights, IndicatorImportance.PERMUTATION, Indicator.A12);
    assertEquals(1.0, first.weight());
    assertEquals(1, first.rank());
    assertEquals(0.0, second.rawImportance(), "shuffling an input of no weight changes no score");
    assertEquals(0.0, second.weight());
    // A resample without the row of outcome 2 has x0 = 0 throughout: shuffling changes nothing, both share 0.5.
    assertEquals(1.0, first.ciHigh());
    assertEquals(0.5, first.ciLow());
    IndicatorWeight connection = find(weights, IndicatorImportance.CONNECTION_WEIGHT, Indicator.A11);
    assertEquals(2.0, connection.rawImportance());
    assertEquals(1.0, connection.weight());
  }

  @Test
  void aConstantHeldOutOutcomeIsRefused() {
    IndicatorImportance constant = new IndicatorImportance(NET, INDICATORS, new double[][] {{0, 1}, {1, 0}}, new double[2]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> constant.compute(10, 1, done -> { }));
    assertEquals("the held-out outcome is constant: permutation importance is undefined", e.getMessage());
  }

  private static IndicatorWeight find(List<IndicatorWeight> weights, String method, Indicator indicator) {
    return weights.stream().filter(w -> w.method().equals(method) && w.indicator() == indicator).findFirst().orElseThrow();
  }
}
