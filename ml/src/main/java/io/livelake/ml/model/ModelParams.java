package io.livelake.ml.model;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hyper-parameters of one training run, read from the model.* settings. */
public record ModelParams(List<Integer> hidden, int grades, int maxIter, double stepSize, String solver, int blockSize,
    double tol, double testFraction, long seed, int partitions, int importanceRows, int bootstrapRounds, int cvBelow,
    int cvFolds) {

  /** The parameters of {@code config}; a hidden-layer list that is not made of positive integers is a ConfigException. */
  public static ModelParams from(LiveLakeConfig config) {
    List<Integer> hidden = new ArrayList<>();
    for (String h : config.getList(Settings.MODEL_HIDDEN)) {
      int units;
      try {
        units = Integer.parseInt(h);
      } catch (NumberFormatException e) {
        units = 0;
      }
      if (units <= 0) {
        throw new ConfigException(Settings.MODEL_HIDDEN.key() + ": hidden layer sizes must be positive integers, got '"
            + String.join(",", config.getList(Settings.MODEL_HIDDEN)) + "'");
      }
      hidden.add(units);
    }
    if (hidden.isEmpty()) throw new ConfigException(Settings.MODEL_HIDDEN.key() + ": at least one hidden layer is needed");
    return new ModelParams(List.copyOf(hidden), config.getInt(Settings.MODEL_GRADES), config.getInt(Settings.MODEL_MAX_ITER),
        config.getDouble(Settings.MODEL_STEP), config.getString(Settings.MODEL_SOLVER), config.getInt(Settings.MODEL_BLOCK),
        config.getDouble(Settings.MODEL_TOL), config.getDouble(Settings.MODEL_TEST_FRACTION),
        config.getLong(Settings.MODEL_SEED), config.getInt(Settings.MODEL_PARTITIONS),
        config.getInt(Settings.MODEL_IMPORTANCE_ROWS), config.getInt(Settings.MODEL_BOOTSTRAP),
        config.getInt(Settings.MODEL_CV_BELOW), config.getInt(Settings.MODEL_CV_FOLDS));
  }

  /** The network's layer sizes: inputs, the hidden layers, one output per grade. */
  public int[] layers(int inputs, int outputs) {
    int[] l = new int[hidden.size() + 2];
    l[0] = inputs;
    for (int i = 0; i < hidden.size(); i++) l[i + 1] = hidden.get(i);
    l[l.length - 1] = outputs;
    return l;
  }

  /** The parameters as the registry's metadata records them, under their setting keys. */
  public Map<String, Object> asSettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(Settings.MODEL_HIDDEN.key(), hidden);
    m.put(Settings.MODEL_GRADES.key(), grades);
    m.put(Settings.MODEL_MAX_ITER.key(), maxIter);
    m.put(Settings.MODEL_STEP.key(), stepSize);
    m.put(Settings.MODEL_SOLVER.key(), solver);
    m.put(Settings.MODEL_BLOCK.key(), blockSize);
    m.put(Settings.MODEL_TOL.key(), tol);
    m.put(Settings.MODEL_TEST_FRACTION.key(), testFraction);
    m.put(Settings.MODEL_SEED.key(), seed);
    m.put(Settings.MODEL_PARTITIONS.key(), partitions);
    m.put(Settings.MODEL_IMPORTANCE_ROWS.key(), importanceRows);
    m.put(Settings.MODEL_BOOTSTRAP.key(), bootstrapRounds);
    m.put(Settings.MODEL_CV_BELOW.key(), cvBelow);
    m.put(Settings.MODEL_CV_FOLDS.key(), cvFolds);
    return m;
  }
}
