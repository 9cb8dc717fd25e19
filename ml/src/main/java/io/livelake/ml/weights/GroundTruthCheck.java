package io.livelake.ml.weights;

import io.livelake.indicators.Indicator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How well one method's indicator ranking recovers a known ground truth (the simulator's): for the
 * indicators the outcome truly depends on, Spearman's rank correlation of their true shares with
 * the recovered weights, and how many of them the method ranks in its top places.
 *
 * @param method   the weighting method (permutation or connection_weight)
 * @param drivers  the indicators with a true share above 0, largest first
 * @param spearman Spearman's rank correlation over {@code drivers} (NaN below two drivers the model used)
 * @param inTop    how many drivers the method ranks 1..drivers.size()
 */
public record GroundTruthCheck(String method, List<Driver> drivers, double spearman, int inTop) {
  /** A driver: its true share and rank, and the recovered weight and rank (empty when the model left it out). */
  public record Driver(Indicator indicator, double trueShare, int trueRank, Optional<IndicatorWeight> recovered) {}

  /** One check per method of {@code weights}, against the true shares {@code truth} (indicator to share). */
  public static List<GroundTruthCheck> of(Map<Indicator, Double> truth, List<IndicatorWeight> weights) {
    List<Indicator> drivers = truth.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<Indicator, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
    return IndicatorImportance.METHODS.stream().map(method -> check(method, drivers, truth, weights)).toList();
  }

  private static GroundTruthCheck check(String method, List<Indicator> drivers, Map<Indicator, Double> truth,
      List<IndicatorWeight> weights) {
    List<IndicatorWeight> mine = weights.stream().filter(w -> w.method().equals(method))
        .sorted(Comparator.comparingInt(IndicatorWeight::rank)).toList();
    List<Driver> rows = new java.util.ArrayList<>();
    for (int i = 0; i < drivers.size(); i++) {
      Indicator d = drivers.get(i);
      rows.add(new Driver(d, truth.get(d), i + 1, mine.stream().filter(w -> w.indicator() == d).findFirst()));
    }
    List<Driver> used = rows.stream().filter(r -> r.recovered().isPresent()).toList();
    double rho = used.size() < 2 ? Double.NaN : new SpearmansCorrelation().correlation(
        used.stream().mapToDouble(Driver::trueShare).toArray(),
        used.stream().mapToDouble(r -> r.recovered().get().weight()).toArray());
    int inTop = (int) used.stream().filter(r -> r.recovered().get().rank() <= drivers.size()).count();
    return new GroundTruthCheck(method, List.copyOf(rows), rho, inTop);
  }
}
