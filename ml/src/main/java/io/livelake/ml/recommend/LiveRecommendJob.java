package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.ml.LakeWrites;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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

    Batches(Lake lake, LiveRecommender.Params params, Consumer<LiveBatch> listener) {
      this.lake = lake;
      this.params = params;
      this.listener = listener;
      Row r = lake.read(Tables.LIVE_RECOMMENDATIONS).agg(max("as_of")).first();
      this.newest = r.isNullAt(0) ? null : r.getTimestamp(0);
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) {
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

      Dataset<Row> userFactors = factors(Tables.ALS_USER_FACTORS);
      Dataset<Row> itemFactors = factors(Tables.ALS_ITEM_FACTORS);
      List<Row> run = userFactors.select("run_id").limit(1).collectAsList();
      String modelRunId = run.isEmpty() ? null : run.get(0).getString(0);
      Dataset<Row> rows = live.isEmpty() ? lake.spark().createDataFrame(List.of(), Tables.LIVE_RECOMMENDATIONS.schema())
          : LiveRecommender.rank(window(live, cutoff), userFactors, itemFactors, params)
              .withColumn("as_of", lit(newest))
              .withColumn("model_run_id", lit(modelRunId).cast("string"))
              .withColumn("computed_at", lit(Timestamp.from(Instant.now())));
      String replaced = "session_last_event < timestamp_micros(" + micros(cutoff) + ")"
          + (live.isEmpty() ? "" : " OR session_id IN (" + quoted(live) + ")");
      String queryId = lake.spark().sparkContext().getLocalProperty("sql.streaming.queryId");
      if (queryId == null) throw new IllegalStateException("live recommendations: not called by a streaming query");
      rows = LakeWrites.aligned(Tables.LIVE_RECOMMENDATIONS, rows).persist();
      long written = rows.count();
      rows.write().format("delta").mode("overwrite")
          .option("replaceWhere", replaced)
          .option("txnAppId", queryId)
          .option("txnVersion", batchId)
          .save(lake.path(Tables.LIVE_RECOMMENDATIONS));
      rows.unpersist();
      listener.accept(new LiveBatch(batchId, events, live.size(), written, newest, modelRunId,
          (System.nanoTime() - started) / 1e9));
    }

    /** The OBT rows of the live window: the live sessions' events and every paid order (a viewer's purchases). */
    private Dataset<Row> window(List<String> live, Timestamp cutoff) {
      Date from = Date.valueOf(cutoff.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
      Date to = Date.valueOf(newest.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
      return lake.read(Tables.EVENTS_OBT)
          .filter(col("event_date").between(lit(from), lit(to)).and(col("event_time").between(lit(cutoff), lit(newest))))
          .filter(col("session_id").isin(live.toArray()).or(col("event_type").equalTo("order_paid")))
          .select("session_id", "anchor_id", "user_id", "event_type", "event_time", "product_id", "category", "order_lines");
    }

    private Dataset<Row> factors(io.livelake.catalog.TableDef t) {
      return lake.exists(t) ? lake.read(t) : lake.spark().createDataFrame(List.of(), t.schema());
    }

    private static long micros(Timestamp t) {
      return t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000;
    }

    private static String quoted(List<String> ids) {
      List<String> q = new ArrayList<>();
      for (String id : ids) q.add("'" + id.replace("'", "''") + "'");
      return String.join(", ", q);
    }
  }
}
