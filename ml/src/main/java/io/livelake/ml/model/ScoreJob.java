package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;

import io.delta.tables.DeltaTable;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ml.LakeWrites;
import io.livelake.ml.registry.ModelMetadata;
import io.livelake.ml.registry.ModelRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The scoring job: scores every session of gold.session_indicators with a registered model (the
 * latest by default), upserts gold.performance_scores, one row per session, and rewrites
 * gold.session_levers for that model ({@link Levers}).
 */
public final class ScoreJob {
  private ScoreJob() {}

  /** The model used, how many sessions were scored or left out for missing indicators, and the lever rows written. */
  public record Scored(ModelMetadata model, long sessions, long skipped, long levers) {}

  /** Scores with {@code version}, or the latest model when it is null. */
  public static Scored run(Lake lake, String version, Consumer<String> log) {
    // Before the model: on a lake without sessions no model can be trained, which train says too.
    boolean indicators = lake.exists(Tables.SESSION_INDICATORS);
    if (indicators && lake.read(Tables.SESSION_INDICATORS).isEmpty()) {
      throw new IllegalArgumentException(TrainingInput.noSessions("score"));
    }
    ModelRegistry registry = ModelRegistry.of(lake);
    ModelMetadata meta = registry.resolve(version);
    List<String> normalized = TrainingInput.featureColumns(meta.inputs());
    if (!meta.featureColumns().equals(normalized)) {
      throw new IllegalArgumentException("model " + meta.version() + " was trained on " + meta.input() + " with columns "
          + String.join(",", meta.featureColumns()) + ", not on the normalized indicators " + String.join(",", normalized)
          + ": it cannot score " + Tables.SESSION_INDICATORS.fullName());
    }
    if (!indicators) {
      throw new IllegalArgumentException(Tables.SESSION_INDICATORS.fullName() + " does not exist yet: compute the indicators first");
    }
    log.accept("scoring " + Tables.SESSION_INDICATORS.fullName() + " with model " + meta.version());
    PerformanceModel model = registry.load(meta);
    Dataset<Row> sessions = lake.read(Tables.SESSION_INDICATORS);
    Dataset<Row> complete = TrainingInput.unlabelled(sessions, meta.inputs(), Tables.SESSION_INDICATORS.fullName()).rows()
        .na().drop();
    Timestamp now = Timestamp.from(Instant.now());
    Dataset<Row> scored = model.score(complete)
        .join(sessions.select("session_id", "anchor_id", "platform", "session_date"), "session_id")
        .withColumn("model_version", lit(meta.version()))
        .withColumn("scored_at", lit(now))
        .cache();
    long n = scored.count();
    lake.ensure(Tables.PERFORMANCE_SCORES);
    DeltaTable.forPath(lake.spark(), lake.path(Tables.PERFORMANCE_SCORES)).as("t")
        .merge(LakeWrites.aligned(Tables.PERFORMANCE_SCORES, scored).as("s"), "t.session_id = s.session_id")
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .execute();
    scored.unpersist();
    log.accept("levers: each indicator moved to the anchor's best session and to the platform's 75th percentile");
    Dataset<Row> levers = Levers.of(model, complete.join(sessions.select("session_id", "anchor_id", "platform"), "session_id"))
        .withColumn("model_version", lit(meta.version()))
        .withColumn("computed_at", lit(now))
        .localCheckpoint();
    LakeWrites.overwrite(lake, Tables.SESSION_LEVERS, levers);
    long total = sessions.count();
    return new Scored(meta, n, total - n, levers.count());
  }
}
