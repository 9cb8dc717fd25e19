package io.livelake.simulator;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.Indicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTruthTest {
  @Test
  void theRateFollowsTheDocumentedFormula() {
    // c = 0.1 / 0.2, w = 450 / 900, a = 0.06 / 0.12 are all 0.5; k = 0.075 / 0.3 = 0.25; g = 0.3 puts the
    // sigmoid at its midpoint: 0.1 + 2.5 * (0.3 * 0.5 * 0.7 + 0.16 * 0.25 + 0.25 * 0.25 + 0.15 * 0.5 + 0.1 * 0.5).
    assertEquals(0.1 + 2.5 * 0.3325, OutcomeTruth.laterOrdersPerViewer(new OutcomeTruth.Drivers(450, 0.3, 0.1, 0.075, 0.06)),
        1e-12);
    // Every input beyond its cap counts as 1.
    double capped = 0.1 + 2.5 * (0.3 + 0.16 + 0.25 + 0.15 + 0.1 / (1 + Math.exp(-12 * 0.7)));
    assertEquals(capped, OutcomeTruth.laterOrdersPerViewer(new OutcomeTruth.Drivers(1800, 1, 0.5, 0.9, 0.5)), 1e-12);
    assertEquals(0.1 + 2.5 * 0.1 / (1 + Math.exp(3.6)),
        OutcomeTruth.laterOrdersPerViewer(new OutcomeTruth.Drivers(0, 0, 0, 0, 0)), 1e-12);
  }

  @Test
  void importanceIsAllOnTheOneDriverThatVaries() {
    List<OutcomeTruth.Drivers> sessions = new ArrayList<>();
    for (int i = 0; i < 50; i++) sessions.add(new OutcomeTruth.Drivers(600, 0.2, 0.05, 0.1, i * 0.002));
    Map<Indicator, Double> share = OutcomeTruth.importance(sessions, 1);
    assertEquals(1.0, share.get(Indicator.A51));
    for (Indicator i : Indicator.values()) if (i != Indicator.A51) assertEquals(0.0, share.get(i), i.name());
  }

  @Test
  void sharesOfTwoDriversFollowTheirEffectAndSumToOne() {
    // A51 spans 0..0.12 (a from 0 to 1: 2.5 * 0.25 * a^2 moves the rate by up to 0.625); A33 spans only
    // 0..0.0003 (k from 0 to 0.001: 2.5 * 0.15 * sqrt(k) by up to 0.012), so A51 carries almost all of it.
    List<OutcomeTruth.Drivers> sessions = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sessions.add(new OutcomeTruth.Drivers(600, 0.2, 0.05, (i % 7) * 0.00005, (i % 13) * 0.01));
    }
    Map<Indicator, Double> share = OutcomeTruth.importance(sessions, 3);
    assertEquals(1.0, share.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-3);
    assertTrue(share.get(Indicator.A51) > 0.95, share.toString());
    assertTrue(share.get(Indicator.A33) > 0 && share.get(Indicator.A33) < 0.05, share.toString());
    assertEquals(0.0, share.get(Indicator.A11));
  }
}
