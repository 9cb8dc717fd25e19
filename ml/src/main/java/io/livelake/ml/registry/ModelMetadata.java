package io.livelake.ml.registry;

import io.livelake.indicators.Indicator;
import io.livelake.ml.model.ModelMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the registry records about a model version (its metadata.json): where it was trained from
 * (input, format, the Delta version of the training table), the indicators and columns it reads, its
 * layers, grades, hyper-parameters, seed and held-out metrics beside the baselines'.
 *
 * @param inputDeltaVersion the Delta table version trained on, null for CSV or Parquet input
 * @param indicators the codes of the indicators the model reads, in code order (versions saved before
 *     indicators could be left out have none recorded, and read all 14)
 * @param featureColumns the input's column per indicator the model reads, in the same order
 * @param networkWeights the network's weights in {@link io.livelake.ml.weights.Network}'s layout (null in
 *     versions that trained MLlib's classifier over grades, which this version cannot load)
 * @param warnings what a reader of the version's numbers must know, in plain words (none recorded before)
 */
public record ModelMetadata(String version, String trainedAt, String input, String inputFormat, Long inputDeltaVersion,
    String outcome, List<String> indicators, List<String> featureColumns, int[] layers, double[] networkWeights,
    double[] gradeEdges,
    double[] gradeValues, Map<String, Object> params, long seed, long trainRows, long testRows, List<ModelMetrics> metrics,
    List<String> warnings) {

  public ModelMetadata {
    if (indicators == null) indicators = Arrays.stream(Indicator.values()).map(Indicator::name).toList();
    if (warnings == null) warnings = List.of();
  }

  /** The indicators the model reads, in input order. */
  public List<Indicator> inputs() { return indicators.stream().map(Indicator::valueOf).toList(); }

  /** The held-out metrics of {@code model}, if it was trained in this version. */
  public java.util.Optional<ModelMetrics> metrics(String model) {
    return metrics.stream().filter(m -> m.model().equals(model)).findFirst();
  }
}
