package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import io.livelake.ml.LakeWrites;
import io.livelake.spark.SqlLiterals;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The live recommendations query: a stream over silver.events_obt whose every micro-batch recomputes
 * the lists of the live sessions it touched (their events of the live window, read back from the
 * OBT, so retractions and erasures are honoured) and replaces them in gold.live_recommendations,
 * together with the removal of sessions that fell out of the window, in one idempotent Delta commit
 * (txnAppId is the query's id, txnVersion the batch id).
 */
public final class LiveRecommendJob {
  /** The checkpoint's name under the lake's _checkpoints. */
  public static final String PIPELINE = "live-recommendations";

  private LiveRecommendJob() {}

  /** What one micro-batch did. */
  public record LiveBatch(long batchId, long events, int sessions, long rows, Timestamp asOf, String modelRunId,
      double seconds) {}

  /** Starts the query; the caller awaits or stops it. */
  public static StreamingQuery start(Lake lake, LiveLakeConfig config, boolean availableNow, Consumer<LiveBatch> listener)
      throws TimeoutException {
    if (!lake.exists(Tables.EVENTS_OBT)) {
      throw new IllegalArgumentException(Tables.EVENTS_OBT.fullName() + " does not exist yet: ingest events first");
    }
    lake.ensure(Tables.LIVE_RECOMMENDATIONS);
    Batches batches = new Batches(lake, LiveRecommender.Params.from(config), listener);
    // Retractions and erasures rewrite OBT files: the lists re-read the window, so those commits carry nothing new.
    Dataset<Row> events = lake.spark().readStream().format("delta").option("skipChangeCommits", "true")
        .load(lake.path(Tables.EVENTS_OBT)).select("session_id", "event_time");
    Trigger trigger = availableNow ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(config.getDuration(Settings.LIVE_TRIGGER).toMillis());
    return events.writeStream().queryName("livelake-" + PIPELINE)
        .option("checkpointLocation", lake.paths().checkpoint(PIPELINE))
        .trigger(trigger)
        .foreachBatch(batches)
        .start();
  }

  /** The micro-batch function; holds the newest event time seen, which the lists are current to. */
  static final class Batches implements VoidFunction2<Dataset<Row>, Long> {
    private final Lake lake;
    private final LiveRecommender.Params params;
    private final Consumer<LiveBatch> listener;
    private Timestamp newest;
    private LiveScoring model;
    private long modelVersion;
    private Dataset<Row> userFactors;

    Batches(Lake lake, LiveRecommender.Params params, Consumer<LiveBatch> listener) {
      this.lake = lake;
      this.params = params;
      this.listener = listener;
      Row r = lake.read(Tables.LIVE_RECOMMENDATIONS).agg(max("as_of")).first();
      this.newest = r.isNullAt(0) ? null : r.getTimestamp(0);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
      // Inside the lake's write gate: a batch that read an erased person's events before the erasure would write
      // their lists after it, and its commits would keep the erasure's delete conflicting.
      try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
        recompute(batch, batchId);
      }
    }

    private void recompute(Dataset<Row> batch, Long batchId) {
      long started = System.nanoTime();
      List<Row> touched = batch.groupBy("session_id").agg(max("event_time"), count("*")).collectAsList();
      long events = 0;
      for (Row r : touched) {
        events += r.getLong(2);
        if (!r.isNullAt(1) && (newest == null || r.getTimestamp(1).after(newest))) newest = r.getTimestamp(1);
      }
      if (newest == null) return;
      Timestamp cutoff = Timestamp.from(newest.toInstant().minus(params.window()));
      List<String> live = new ArrayList<>();
      for (Row r : touched) {
        if (!r.isNullAt(0) && !r.isNullAt(1) && !r.getTimestamp(1).before(cutoff)) live.add(r.getString(0));
      }

      Dataset<Row> window = null;
      Dataset<Row> rows = lake.spark().createDataFrame(List.of(), Tables.LIVE_RECOMMENDATIONS.schema());
      String modelRunId = model == null ? null : model.modelRunId();
      if (!live.isEmpty()) {
        window = window(live, cutoff).persist();
        LiveScoring scoring = scoring(window);
        modelRunId = scoring.modelRunId();
        rows = LiveRecommender.rank(window, scoring, params)
            .withColumn("as_of", lit(newest))
            .withColumn("model_run_id", lit(modelRunId).cast("string"))
            .withColumn("computed_at", lit(Timestamp.from(Instant.now())));
      }
      String replaced = "session_last_event < timestamp_micros(" + micros(cutoff) + ")"
          + (live.isEmpty() ? "" : " OR session_id IN ("
              + live.stream().map(SqlLiterals::string).collect(Collectors.joining(", ")) + ")");
      String queryId = lake.spark().sparkContext().getLocalProperty("sql.streaming.queryId");
      if (queryId == null) throw new IllegalStateException("live recommendations: not called by a streaming query");
      // One file a batch: the table holds the live rooms' lists only, a few thousand rows.
      rows = LakeWrites.aligned(Tables.LIVE_RECOMMENDATIONS, rows).coalesce(1).persist();
      long written = rows.count();
      rows.write().format("delta").mode("overwrite")
          .option("replaceWhere", replaced)
          .option("txnAppId", queryId)
          .option("txnVersion", batchId)
          .save(lake.path(Tables.LIVE_RECOMMENDATIONS));
      rows.unpersist();
      if (window != null) window.unpersist();
      listener.accept(new LiveBatch(batchId, events, live.size(), written, newest, modelRunId,
          (System.nanoTime() - started) / 1e9));
    }

    /** The OBT rows of the live window: the live sessions' events and every paid order (a viewer's purchases). */
    private Dataset<Row> window(List<String> live, Timestamp cutoff) {
      Date from = Date.valueOf(cutoff.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
      Date to = Date.valueOf(newest.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
      return lake.read(Tables.EVENTS_OBT)
          .filter(col("event_date").between(lit(from), lit(to)).and(col("event_time").between(lit(cutoff), lit(newest))))
          .filter(col("session_id").isin(live.toArray()).or(col("event_type").equalTo(EventType.ORDER_PAID.wireName())))
          .select("session_id", "anchor_id", "user_id", "event_type", "event_time", "product_id", "category", "order_lines");
    }

    /**
     * The factors of the window's viewers and what they bought in it, with the products' factors,
     * which are read again only when `recommend` has written new ones.
     */
    private LiveScoring scoring(Dataset<Row> window) {
      List<Row> bought = LiveRecommender.bought(window).collectAsList();
      if (!lake.exists(Tables.ALS_ITEM_FACTORS) || !lake.exists(Tables.ALS_USER_FACTORS)) {
        return LiveScoring.of(List.of(), List.of(), bought);
      }
      long version = lake.version(Tables.ALS_ITEM_FACTORS);
      if (model == null || version != modelVersion) {
        model = LiveScoring.of(lake.read(Tables.ALS_ITEM_FACTORS).collectAsList(), List.of(), List.of());
        modelVersion = version;
        if (userFactors != null) userFactors.unpersist();
        // The viewers' vectors of the same run as the products' (a run writes the users first), kept in
        // memory: reading the table each batch cost seconds of its log and Parquet.
        userFactors = lake.read(Tables.ALS_USER_FACTORS).filter(col("run_id").equalTo(lit(model.modelRunId())))
            .select("user_id", "factors").persist();
      }
      Object[] ids = LiveRecommender.viewers(window).collectAsList().stream().map(r -> r.getString(0)).toArray();
      List<Row> viewers = userFactors.filter(col("user_id").isin(ids)).collectAsList();
      return model.forViewers(viewers, bought);
    }

    private static long micros(Timestamp t) {
      return t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000;
    }
  }
}
