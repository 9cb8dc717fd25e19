package io.livelake.ml.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Plain-words warnings on what a training run's numbers can support, so that no comparison table is
 * printed that invites a wrong conclusion: too few sessions for the network, a perceptron that does
 * worse than a baseline, or worse than predicting the mean. The figures judged are the cross-validated
 * R2 where there is one (small data), else the held-out R2.
 */
public final class ModelJudgement {
  private ModelJudgement() {}

  /**
   * The warnings for {@code metrics} (the perceptron's and the baselines'), measured on {@code sessions}
   * rows of which {@code testRows} were held out, with a network of {@code layers}; below {@code cvBelow}
   * sessions the metrics carry a cross-validation.
   */
  public static List<String> warnings(List<ModelMetrics> metrics, long sessions, long testRows, int cvBelow, int[] layers) {
    List<String> out = new ArrayList<>();
    ModelMetrics mlp = metrics.stream().filter(m -> m.model().equals(ModelMetrics.MLP)).findFirst().orElseThrow();
    if (sessions < cvBelow) {
      ModelMetrics.CrossValidation cv = mlp.cv();
      String small = String.format(Locale.ROOT, "only %,d sessions for a %s network with %,d weights: one split's held-out "
          + "%,d sessions are too few to judge a model by", sessions, Trainer.layersText(layers), weights(layers), testRows);
      out.add(cv == null ? small + ", and too few of the folds held out more than one outcome to cross-validate it"
          : String.format(Locale.ROOT, "%s, so read the %d-fold cross-validated R2 and its 95%% interval (perceptron %s) "
              + "rather than the single split", small, cv.folds(), interval(cv)));
    }
    ModelMetrics best = metrics.stream().filter(m -> !m.model().equals(ModelMetrics.MLP))
        .max(Comparator.comparingDouble(ModelJudgement::r2)).orElseThrow();
    if (r2(mlp) <= 0) {
      out.add(String.format(Locale.ROOT, "the perceptron predicts no better than the mean outcome (R2 %.2f): its scores and "
          + "indicator weights carry no information on this data", r2(mlp)));
    } else if (r2(mlp) < r2(best)) {
      String[] r2 = apart(r2(mlp), r2(best));
      out.add(String.format(Locale.ROOT, "the perceptron does worse than %s on this data (R2 %s against %s): its "
          + "indicator weights describe the weaker model", name(best.model()), r2[0], r2[1]));
    }
    return out;
  }

  /** Two R2 with as many decimals (2 to 6) as it takes to print them apart: "0.05 against 0.05" said nothing. */
  private static String[] apart(double a, double b) {
    String x = null;
    String y = null;
    for (int d = 2; d <= 6 && (x == null || x.equals(y)); d++) {
      x = String.format(Locale.ROOT, "%." + d + "f", a);
      y = String.format(Locale.ROOT, "%." + d + "f", b);
    }
    return new String[] {x, y};
  }

  /** The R2 a model is judged by: cross-validated when there is one. */
  static double r2(ModelMetrics m) { return m.cv() == null ? m.r2() : m.cv().r2(); }

  private static String interval(ModelMetrics.CrossValidation cv) {
    return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", cv.r2(), cv.r2Low(), cv.r2High());
  }

  private static String name(String model) {
    return switch (model) {
      case ModelMetrics.LINEAR_REGRESSION -> "linear regression";
      case ModelMetrics.RANDOM_FOREST -> "a random forest";
      case ModelMetrics.GBT -> "gradient-boosted trees";
      default -> model;
    };
  }

  /** Connection weights and biases of a network of {@code layers}. */
  static int weights(int[] layers) {
    int n = 0;
    for (int l = 0; l + 1 < layers.length; l++) n += layers[l] * layers[l + 1] + layers[l + 1];
    return n;
  }
}
