package io.livelake.ml.model;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hyper-parameters of one training run, read from the model.* settings. */
public record ModelParams(int hidden, int grades, int maxIter, int restarts, double decay, double tol, double testFraction,
    long seed, int partitions, int importanceRows, int bootstrapRounds, int cvBelow, int cvFolds, int localBelow) {
  /** Iterations of each random start, and the share of the training rows that judges the starts. */
  private static final int RESTART_ITER = 40;
  private static final double VALIDATION = 0.2;

  /** The parameters of {@code config}. */
  public static ModelParams from(LiveLakeConfig config) {
    return new ModelParams(config.getInt(Settings.MODEL_HIDDEN), config.getInt(Settings.MODEL_GRADES),
        config.getInt(Settings.MODEL_MAX_ITER), config.getInt(Settings.MODEL_RESTARTS), config.getDouble(Settings.MODEL_DECAY),
        config.getDouble(Settings.MODEL_TOL), config.getDouble(Settings.MODEL_TEST_FRACTION),
        config.getLong(Settings.MODEL_SEED), config.getInt(Settings.MODEL_PARTITIONS),
        config.getInt(Settings.MODEL_IMPORTANCE_ROWS), config.getInt(Settings.MODEL_BOOTSTRAP),
        config.getInt(Settings.MODEL_CV_BELOW), config.getInt(Settings.MODEL_CV_FOLDS),
        config.getInt(Settings.MODEL_LOCAL_BELOW));
  }

  /** The network's layer sizes for {@code inputs} indicators: inputs, the hidden units, one output. */
  public int[] layers(int inputs) { return new int[] {inputs, hidden, 1}; }

  /** How {@link RegressionNetwork} fits with these parameters. */
  public RegressionNetwork.Params network() {
    return new RegressionNetwork.Params(hidden, decay, maxIter, restarts, RESTART_ITER, VALIDATION, tol, seed,
        localBelow);
  }

  /** The parameters as the registry's metadata records them, under their setting keys. */
  public Map<String, Object> asSettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Settings.MODEL_HIDDEN.key(), hidden);
    m.put(Settings.MODEL_GRADES.key(), grades);
    m.put(Settings.MODEL_MAX_ITER.key(), maxIter);
    m.put(Settings.MODEL_RESTARTS.key(), restarts);
    m.put(Settings.MODEL_DECAY.key(), decay);
    m.put(Settings.MODEL_TOL.key(), tol);
    m.put(Settings.MODEL_TEST_FRACTION.key(), testFraction);
    m.put(Settings.MODEL_SEED.key(), seed);
    m.put(Settings.MODEL_PARTITIONS.key(), partitions);
    m.put(Settings.MODEL_IMPORTANCE_ROWS.key(), importanceRows);
    m.put(Settings.MODEL_BOOTSTRAP.key(), bootstrapRounds);
    m.put(Settings.MODEL_CV_BELOW.key(), cvBelow);
    m.put(Settings.MODEL_CV_FOLDS.key(), cvFolds);
    m.put(Settings.MODEL_LOCAL_BELOW.key(), localBelow);
    return m;
  }
}
