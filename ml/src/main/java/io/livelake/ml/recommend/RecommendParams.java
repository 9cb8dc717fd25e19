package io.livelake.ml.recommend;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Settings of a recommendation run: list length, diversity, ALS and the implicit-feedback weights per event type. */
public record RecommendParams(int topN, double lambda, double maxPrecisionDrop, int rank, int maxIter, double reg,
    double alpha, Map<String, Double> weights, int candidates, long seed) {

  /** From the recommendations.* settings; a malformed weight list is a ConfigException naming the key. */
  public static RecommendParams from(LiveLakeConfig c) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String pair : c.getList(Settings.RECS_WEIGHTS)) {
      String[] kv = pair.split(":", 2);
      double w;
      try {
        w = kv.length == 2 ? Double.parseDouble(kv[1].trim()) : Double.NaN;
      } catch (NumberFormatException e) {
        w = Double.NaN;
      }
      String type = kv[0].trim();
      if (!(w > 0) || EventType.fromWire(type).isEmpty()) {
        throw new ConfigException(Settings.RECS_WEIGHTS.key() + ": expected event_type:positive-weight pairs, got '" + pair + "'");
      }
      weights.put(type, w);
    }
    if (weights.isEmpty()) throw new ConfigException(Settings.RECS_WEIGHTS.key() + ": needs at least one event_type:weight pair");
    int topN = c.getInt(Settings.RECS_TOP_N);
    return new RecommendParams(topN, c.getDouble(Settings.RECS_DIVERSITY), c.getDouble(Settings.RECS_MAX_PRECISION_DROP),
        c.getInt(Settings.RECS_RANK), c.getInt(Settings.RECS_ALS_ITER), c.getDouble(Settings.RECS_ALS_REG),
        c.getDouble(Settings.RECS_ALS_ALPHA), Map.copyOf(weights), Math.max(topN, c.getInt(Settings.RECS_CANDIDATES)),
        c.getLong(Settings.MODEL_SEED));
  }
}
