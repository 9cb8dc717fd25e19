package io.livelake.simulator;

import io.livelake.indicators.Indicator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator's ground truth of the default outcome (later_gmv_per_viewer): how many orders per viewer
 * a session's viewers place in the days after it, as a known non-linear function of five of the
 * session's indicators, measured by the simulator as it generated the session. Each later order is
 * one everyday item of 15-30 CNY: many small orders keep the rounding of a small session's count of
 * orders from drowning the signal.
 *
 * <p>The function is deliberately neither linear nor a sigmoid of a weighted sum (the network's own
 * shape): conversion pays off more when viewers also stayed (an interaction), ad clicks convert late
 * only when frequent (convex), interest in goods saturates (concave), games add a threshold-like step.
 * A41 and A22 are not drivers: reviews and anchor ratings are too rare to be measured in most sessions.
 */
final class OutcomeTruth {
  /** The five driving indicators as the simulator counted them in one session. */
  record Drivers(double watchSeconds, double gameShare, double conversion, double clickRate, double adCtr) {
    double get(Indicator i) {
      return switch (i) {
        case A11 -> watchSeconds;
        case A23 -> gameShare;
        case A31 -> conversion;
        case A33 -> clickRate;
        case A51 -> adCtr;
        default -> throw new IllegalArgumentException(i + " is not a driver");
      };
    }

    Drivers with(Indicator i, double v) {
      return new Drivers(i == Indicator.A11 ? v : watchSeconds, i == Indicator.A23 ? v : gameShare,
          i == Indicator.A31 ? v : conversion, i == Indicator.A33 ? v : clickRate, i == Indicator.A51 ? v : adCtr);
    }
  }

  /** The indicators the outcome depends on, in code order. */
  static final List<Indicator> DRIVERS = List.of(Indicator.A11, Indicator.A23, Indicator.A31, Indicator.A33, Indicator.A51);

  static final String FORMULA = "later orders per viewer = 0.1 + 2.5 * (0.3 * c * (0.4 + 0.6 * w) + 0.16 * w^2"
      + " + 0.25 * a^2 + 0.15 * sqrt(k) + 0.1 * sigmoid(12 * (g - 0.3))), where c = A31 / 0.2, w = A11 / 900 s,"
      + " a = A51 / 0.12, k = A33 / 0.3, g = A23, each capped at 1; each later order is one everyday item of"
      + " 15-30 CNY, so later_gmv_per_viewer is about 22 CNY times this";

  private OutcomeTruth() {}

  /** Expected orders per viewer in the days after a session with these drivers. */
  static double laterOrdersPerViewer(Drivers d) {
    double c = SessionSimulator.clamp(d.conversion() / 0.2, 0, 1);
    double w = SessionSimulator.clamp(d.watchSeconds() / 900, 0, 1);
    double a = SessionSimulator.clamp(d.adCtr() / 0.12, 0, 1);
    double k = SessionSimulator.clamp(d.clickRate() / 0.3, 0, 1);
    double g = SessionSimulator.clamp(d.gameShare(), 0, 1);
    return 0.1 + 2.5 * (0.3 * c * (0.4 + 0.6 * w) + 0.16 * w * w + 0.25 * a * a + 0.15 * Math.sqrt(k)
        + 0.1 * SessionSimulator.sigmoid(12 * (g - 0.3)));
  }

  /**
   * Each driver's share of the outcome's variation over {@code sessions}: the mean squared change of
   * the outcome when that driver alone is shuffled across sessions (permutation importance), over the
   * sum of those changes. Indicators that are not drivers have share 0.
   */
  static Map<Indicator, Double> importance(List<Drivers> sessions, long seed) {
    Map<Indicator, Double> raw = new EnumMap<>(Indicator.class);
    double total = 0;
    for (Indicator i : DRIVERS) {
      int[] order = shuffled(sessions.size(), new SplittableRandom(seed + i.ordinal()));
      double sq = 0;
      for (int s = 0; s < sessions.size(); s++) {
        Drivers d = sessions.get(s);
        double delta = laterOrdersPerViewer(d.with(i, sessions.get(order[s]).get(i))) - laterOrdersPerViewer(d);
        sq += delta * delta;
      }
      raw.put(i, sq);
      total += sq;
    }
    Map<Indicator, Double> share = new EnumMap<>(Indicator.class);
    for (Indicator i : Indicator.values()) {
      double v = raw.getOrDefault(i, 0.0);
      share.put(i, total == 0 ? 0 : Math.round(v / total * 10_000) / 10_000.0);
    }
    return share;
  }

  private static int[] shuffled(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
