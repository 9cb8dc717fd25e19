package io.livelake.ml.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelJudgementTest {
  private static final int[] PAPER = {14, 5, 1};

  private static ModelMetrics m(String model, double r2) { return new ModelMetrics(model, 0, 0, r2, 0, null); }

  private static ModelMetrics cv(String model, double heldOut, double r2, double low, double high) {
    return m(model, heldOut).withCrossValidation(new ModelMetrics.CrossValidation(5, r2, low, high));
  }

  @Test
  void aPerceptronAheadOfItsBaselinesOnEnoughDataNeedsNoWarning() {
    assertEquals(List.of(), ModelJudgement.warnings(List.of(m("mlp", 0.93), m("linear_regression", 0.85),
        m("random_forest", 0.8), m("gbt", 0.9)), 5000, 1000, 1000, PAPER));
  }

  @Test
  void aWeakerPerceptronIsSaidSoNamingTheBetterModel() {
    assertEquals(List.of("the perceptron does worse than gradient-boosted trees on this data (R2 0.61 against 0.66): its "
        + "indicator weights describe the weaker model"), ModelJudgement.warnings(List.of(m("mlp", 0.61),
        m("linear_regression", 0.5), m("random_forest", 0.6), m("gbt", 0.66)), 5000, 1000, 1000, PAPER));
    // As many decimals as tell them apart (an import's data printed "R2 0.05 against 0.05").
    assertEquals(List.of("the perceptron does worse than gradient-boosted trees on this data (R2 0.0487 against 0.0491): "
        + "its indicator weights describe the weaker model"), ModelJudgement.warnings(List.of(m("mlp", 0.04871),
        m("linear_regression", 0.01), m("random_forest", 0.02), m("gbt", 0.04914)), 5000, 1000, 1000, PAPER));
    assertEquals(List.of("the perceptron predicts no better than the mean outcome (R2 -0.47): its scores and indicator "
        + "weights carry no information on this data"), ModelJudgement.warnings(List.of(m("mlp", -0.47),
        m("linear_regression", 0.56), m("random_forest", 0.2), m("gbt", -1.8)), 5000, 1000, 1000, PAPER));
  }

  /** On small data the cross-validated R2 is what is judged, not one split's (here the split flatters the perceptron). */
  @Test
  void smallDataIsJudgedByItsCrossValidation() {
    List<String> w = ModelJudgement.warnings(List.of(cv("mlp", 0.9, 0.41, 0.12, 0.70), cv("linear_regression", 0.5, 0.56,
        0.40, 0.72), cv("random_forest", 0.3, 0.3, 0.1, 0.5), cv("gbt", 0.2, 0.2, 0.0, 0.4)), 80, 17, 1000, PAPER);
    assertEquals(List.of("only 80 sessions for a 14-5-1 network with 81 weights: one split's held-out 17 sessions are "
        + "too few to judge a model by, so read the 5-fold cross-validated R2 and its 95% interval (perceptron 0.41 "
        + "[0.12, 0.70]) rather than the single split", "the perceptron does worse than linear regression on this data "
        + "(R2 0.41 against 0.56): its indicator weights describe the weaker model"), w);
  }

  /** Folds that each held out one outcome only give no cross-validation: the warning says so, and the split is judged. */
  @Test
  void smallDataWithoutACrossValidationSaysWhy() {
    List<String> w = ModelJudgement.warnings(List.of(m("mlp", 0.61), m("linear_regression", 0.4), m("random_forest", 0.3),
        m("gbt", 0.2)), 12, 3, 1000, PAPER);
    assertEquals(List.of("only 12 sessions for a 14-5-1 network with 81 weights: one split's held-out 3 sessions are "
        + "too few to judge a model by, and too few of the folds held out more than one outcome to cross-validate it"), w);
  }
}
