package io.livelake.ml.registry;

import io.livelake.ml.model.ModelMetrics;
import java.util.List;
import java.util.Map;

/**
 * What the registry records about a model version (its metadata.json): where it was trained from
 * (input, format, the Delta version of the training table), the columns it reads, its layers, grades,
 * hyper-parameters, seed and held-out metrics beside the baselines'.
 *
 * @param inputDeltaVersion the Delta table version trained on, null for CSV or Parquet input
 * @param featureColumns the input's column per indicator, in indicator order
 */
public record ModelMetadata(String version, String trainedAt, String input, String inputFormat, Long inputDeltaVersion,
    String outcome, List<String> featureColumns, int[] layers, double[] gradeEdges, double[] gradeValues,
    Map<String, Object> params, long seed, long trainRows, long testRows, List<ModelMetrics> metrics) {

  /** The held-out metrics of {@code model}, if it was trained in this version. */
  public java.util.Optional<ModelMetrics> metrics(String model) {
    return metrics.stream().filter(m -> m.model().equals(model)).findFirst();
  }
}
