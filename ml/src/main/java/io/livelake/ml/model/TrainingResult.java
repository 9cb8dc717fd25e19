package io.livelake.ml.model;

import io.livelake.indicators.IndicatorSupport;
import io.livelake.ml.weights.IndicatorWeight;
import java.util.List;

/**
 * Everything one training run produced: the model, the comparison with the baselines, the loss curves,
 * the weights of the indicators the model uses and the verdicts of those it left out.
 */
public record TrainingResult(PerformanceModel model, ModelParams params, List<ModelMetrics> metrics,
    List<HistoryPoint> history, List<IndicatorWeight> weights, List<IndicatorSupport.Verdict> leftOut, long trainRows,
    long testRows, long droppedRows) {

  /** The metrics of {@code model} (one of the {@link ModelMetrics} names). */
  public ModelMetrics metrics(String model) {
    return metrics.stream().filter(m -> m.model().equals(model)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metrics for model " + model));
  }
}
