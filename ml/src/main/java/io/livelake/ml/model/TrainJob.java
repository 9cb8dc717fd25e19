package io.livelake.ml.model;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.indicators.IndicatorSupport;
import io.livelake.indicators.Outcome;
import io.livelake.indicators.SessionIndicators;
import io.livelake.ml.LakeWrites;
import io.livelake.ml.registry.ModelMetadata;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The training job: reads gold.session_indicators (or an external table), trains, registers the model
 * and writes gold.model_metrics, gold.training_history and gold.indicator_weights for the new version
 * (earlier versions' rows stay, so versions can be compared).
 */
public final class TrainJob {
  private TrainJob() {}

  /**
   * Where to train from: {@code path} null means gold.session_indicators; {@code format} null detects
   * it from the path; {@code outcome} is the outcome column.
   */
  public record Input(String path, String format, String outcome) {
    /** gold.session_indicators with its outcome column. */
    public static Input lake() { return new Input(null, null, "outcome"); }
  }

  /** The registered version, everything the run measured, and what a reader of its numbers must know. */
  public record Trained(ModelMetadata metadata, TrainingResult result) {
    /** Warnings in plain words (the outcome contains an indicator, ...), also in the registry. */
    public List<String> warnings() { return metadata.warnings(); }
  }

  public static Trained run(Lake lake, LiveLakeConfig config, Input input, Consumer<String> log) {
    ModelParams params = ModelParams.from(config);
    double minCoverage = config.getDouble(Settings.SUPPORT_MIN_COVERAGE);
    InputTable.Loaded loaded;
    if (input.path() == null) {
      if (!lake.exists(Tables.SESSION_INDICATORS)) {
        throw new IllegalArgumentException(Tables.SESSION_INDICATORS.fullName()
            + " does not exist yet: compute the indicators first, or train on a table of your own with --input PATH");
      }
      loaded = InputTable.delta(lake.spark(), lake.path(Tables.SESSION_INDICATORS), Tables.SESSION_INDICATORS.fullName());
    } else {
      loaded = InputTable.read(lake.spark(), input.path(), input.format());
    }
    String source = input.path() == null ? Tables.SESSION_INDICATORS.fullName() : "--input " + input.path();
    // The support check, the overlap check, the count and the split each read the table: from its files once.
    Dataset<Row> table = loaded.table().cache();
    try {
      // Before the columns' types: a CSV of a header alone reads as text columns, which are not what is wrong with it.
      if (table.isEmpty()) {
        throw new IllegalArgumentException(input.path() != null ? source + " holds no rows, so there is nothing to train on"
            : TrainingInput.noSessions("train on"));
      }
      return train(lake, params, input, loaded, oneBroadcastEach(table, log), source, minCoverage, log);
    } finally {
      table.unpersist(true); // blocking: an unpersist still in flight when the session stops is rejected
    }
  }

  /**
   * The rows of {@code table} whose session_id stands for one broadcast (all of them when it has no
   * {@link SessionIndicators#CONFLICT} column); says how many others it leaves out: their indicators mix broadcasts.
   */
  static Dataset<Row> oneBroadcastEach(Dataset<Row> table, Consumer<String> log) {
    if (!Arrays.asList(table.columns()).contains(SessionIndicators.CONFLICT)) return table;
    Column conflict = org.apache.spark.sql.functions.col(SessionIndicators.CONFLICT);
    long mixed = table.where(conflict.isNotNull()).count();
    if (mixed == 0) return table;
    log.accept(String.format(Locale.ROOT, "left out %,d session%s whose session_id stands for more than one broadcast "
        + "(column %s says which anchors or platforms its events carry)", mixed, mixed == 1 ? "" : "s",
        SessionIndicators.CONFLICT));
    return table.where(conflict.isNull());
  }

  private static Trained train(Lake lake, ModelParams params, Input input, InputTable.Loaded loaded, Dataset<Row> table,
      String source, double minCoverage, Consumer<String> log) {
    TrainingInput.Prepared prepared = TrainingInput.labelled(table, input.outcome(), source, minCoverage);
    // Before the split: the held-out rows would all have that outcome too, and the cause is in the table, not the split.
    Outcome.sameEverywhere(table, input.outcome()).ifPresent(why -> {
      throw new IllegalArgumentException(source + ": " + why);
    });
    log.accept("training on " + loaded.source().input()
        + (loaded.source().deltaVersion() == null ? "" : " (Delta version " + loaded.source().deltaVersion() + ")"));
    for (IndicatorSupport.Verdict v : prepared.leftOut()) log.accept("left out " + v.label() + ": " + v.reason());
    List<String> warnings = new ArrayList<>(
        OutcomeOverlap.warnings(table, input.outcome(), prepared, params.importanceRows()));
    warnings.forEach(w -> log.accept("warning: " + w));
    TrainingResult result = Trainer.train(prepared, params, log);
    List<String> judged = ModelJudgement.warnings(result.metrics(), result.trainRows() + result.testRows(),
        result.testRows(), params.cvBelow(), result.model().network().layers());
    judged.forEach(w -> log.accept("warning: " + w));
    warnings.addAll(judged);
    Instant now = Instant.now();
    ModelMetadata meta = ModelRegistry.of(lake).save(result, loaded.source(), prepared.sourceColumns(), input.outcome(),
        warnings, now);
    log.accept("registered model " + meta.version());
    write(lake, meta, result, now);
    return new Trained(meta, result);
  }

  private static void write(Lake lake, ModelMetadata meta, TrainingResult r, Instant now) {
    String v = meta.version();
    Timestamp at = Timestamp.from(now);
    String where = "model_version = '" + v + "'";
    List<Row> metrics = new ArrayList<>();
    for (ModelMetrics m : r.metrics()) {
      ModelMetrics.CrossValidation cv = m.cv();
      metrics.add(RowFactory.create(v, m.model(), m.mae(), m.rmse(), m.r2(), m.trainSeconds(), r.trainRows(), r.testRows(),
          r.params().seed(), at, cv == null ? null : cv.folds(), cv == null ? null : cv.r2(), cv == null ? null : cv.r2Low(),
          cv == null ? null : cv.r2High()));
    }
    List<Row> history = new ArrayList<>();
    for (HistoryPoint h : r.history()) {
      history.add(RowFactory.create(v, h.model(), h.iteration(), h.dataset(), h.loss(), h.lossFunction()));
    }
    List<Row> weights = new ArrayList<>();
    for (IndicatorWeight w : r.weights()) {
      weights.add(RowFactory.create(v, w.method(), w.indicator().name(), w.indicator().title(), w.weight(), w.rank(),
          w.ciLow(), w.ciHigh(), w.rawImportance(), null, at));
    }
    for (String method : IndicatorImportance.METHODS) {
      for (IndicatorSupport.Verdict o : r.leftOut()) {
        weights.add(RowFactory.create(v, method, o.indicator().name(), o.indicator().title(), null, null, null, null, null,
            o.reason(), at));
      }
    }
    // Three tables, each a chain of small Delta jobs: written side by side.
    Concurrently.run("train-write", List.of(
        () -> LakeWrites.replace(lake, Tables.MODEL_METRICS, LakeWrites.rows(lake, Tables.MODEL_METRICS, metrics), where),
        () -> LakeWrites.replace(lake, Tables.TRAINING_HISTORY, LakeWrites.rows(lake, Tables.TRAINING_HISTORY, history), where),
        () -> LakeWrites.replace(lake, Tables.INDICATOR_WEIGHTS, LakeWrites.rows(lake, Tables.INDICATOR_WEIGHTS, weights),
            where)));
  }
}
