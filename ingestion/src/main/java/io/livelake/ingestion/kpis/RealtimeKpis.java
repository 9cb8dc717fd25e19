package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.Layers;
import io.livelake.ingestion.StaleCheckpoints;
import io.livelake.ingestion.obt.ObtBuilder;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The KPI layer: a streaming query of its own over the One Big Table's change feed that keeps
 * gold.realtime_kpis equal to an aggregate of the OBT. Its state (Spark's state store, {@link
 * KpiWindowsProcessor}) holds each recent minute's windows and their users, so an appended event or a
 * row that a retraction, recovery or erasure deleted updates its window's exact distinct viewers and
 * buyers without reading the OBT back; a minute whose state was dropped (idle for the retention) is
 * recounted from the OBT when it changes again. Each micro-batch replaces the minutes it changed in one
 * idempotent Delta commit (txnAppId the query's id, txnVersion the batch id). A lake without the
 * layer's checkpoint (new, damaged, written before this layer, or set aside because the OBT's files it
 * would read next were vacuumed: {@link StaleCheckpoints}) has the table counted again from the OBT as it
 * stands.
 */
public final class RealtimeKpis {
  /** The checkpoint's name under the lake's _checkpoints, and the layer's name in its query and commits. */
  public static final String LAYER = "kpi-windows";
  public static final long WINDOW_MS = 60_000L;
  /**
   * Events that carry the session they came from but are no activity of its room: a refund, often days later (the
   * indicators count it in its order's session: gold.session_indicators' gmv_refunded and A32), and a rating, made
   * after the purchase. Counted, each would add a window days after the live, with a "viewer" and a negative GMV.
   */
  static final List<String> AFTER_THE_LIVE = EventType.AFTER_THE_LIVE.stream().map(EventType::wireName).toList();
  /**
   * The property of gold.realtime_kpis naming the rule its windows were counted by; a table counted by another (an
   * earlier version counted refunds and ratings) is counted again from the OBT.
   */
  static final String COUNTED_BY = "livelake.kpi.counted";
  static final String RULE = "room activity, without " + String.join(" or ", AFTER_THE_LIVE);
  private static final int WRITE_ATTEMPTS = 5;
  private static final Logger LOG = LogManager.getLogger(RealtimeKpis.class);

  private RealtimeKpis() {}

  /**
   * Starts the query, which drops a minute's state {@code retention} after its last change; the caller
   * awaits or stops it.
   */
  public static StreamingQuery start(Lake lake, Trigger trigger, Duration retention, Consumer<LayerBatch> listener)
      throws TimeoutException {
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    StaleCheckpoints.setAsideIfStale(lake, LAYER, Tables.EVENTS_OBT);
    countByTheRule(lake);
    if (!Layers.hasCheckpoint(lake, LAYER)) {
      // The state starts empty and the first batch is the OBT as it stands, every row an insert: windows
      // of an earlier count would stay beside it where the OBT has no rows any more.
      lake.delta(Tables.REALTIME_KPIS).delete();
    }
    Dataset<Row> changes = lake.spark().readStream().format("delta").option("readChangeFeed", "true")
        .load(lake.path(Tables.EVENTS_OBT))
        .where(roomActivity().and(col("event_minute").isNotNull()))
        // The state's clock is the OBT's commit times, so a stopped layer drops nothing while it is down;
        // the column is gone before the state, so Spark drops no change as late.
        .withWatermark("_commit_timestamp", "0 seconds")
        .select(when(col("_change_type").isin("delete", "update_preimage"), lit(-1)).otherwise(lit(1)).alias("sign"),
            unix_millis(col("event_minute")).alias("minute_ms"), col("session_id"), col("user_id"),
            col("event_type"), col("gift_value"), col("amount_reporting").alias("amount"), col("platform"),
            col("anchor_id"));
    return Layers.start(lake, LAYER, KpiWindowsProcessor.windows(changes, retention), trigger, listener,
        (rows, batchId, queryId) -> replace(lake, rows, batchId, queryId));
  }

  /**
   * A table counted by another rule than {@link #RULE} has its checkpoint set aside, then the rule set, so that even
   * a crash between the two leaves the layer to count the table again from the OBT.
   */
  private static void countByTheRule(Lake lake) {
    String rule = lake.property(Tables.REALTIME_KPIS, COUNTED_BY);
    if (RULE.equals(rule)) return;
    if (Layers.hasCheckpoint(lake, LAYER)) {
      StaleCheckpoints.setAside(lake, LAYER, "counted-otherwise", Tables.REALTIME_KPIS.fullName() + " was counted "
          + (rule == null ? "with refunds and ratings" : "by the rule '" + rule + "'") + ", and is counted by '" + RULE
          + "' now");
    }
    lake.setProperties(Tables.REALTIME_KPIS, Map.of(COUNTED_BY, RULE));
  }

  /** The OBT rows the windows count: a live session's, but for {@link #AFTER_THE_LIVE}. */
  private static Column roomActivity() {
    return col("session_id").isNotNull().and(not(col("event_type").isin(AFTER_THE_LIVE.toArray())));
  }

  /** Brings gold.realtime_kpis up to the OBT as it stands (the query, run until it has caught up). */
  public static void catchUp(Lake lake) {
    catchUp(lake, b -> { });
  }

  /** As {@link #catchUp(Lake)}, telling {@code listener} of each batch; returns the query, ended. */
  public static StreamingQuery catchUp(Lake lake, Consumer<LayerBatch> listener) {
    return catchUp(lake, LiveLakeConfig.defaults().getDuration(Settings.INGEST_KPI_RETENTION), listener);
  }

  /** As {@link #catchUp(Lake, Consumer)}, with the state's retention given. */
  public static StreamingQuery catchUp(Lake lake, Duration retention, Consumer<LayerBatch> listener) {
    return Layers.runToEnd("updating " + Tables.REALTIME_KPIS.fullName(),
        () -> start(lake, Trigger.AvailableNow(), retention, listener));
  }

  /**
   * The rows of gold.realtime_kpis (in its column order) of the OBT rows given, which must be every
   * row of their minutes: per live session per one-minute window of its room's activity (not {@link #AFTER_THE_LIVE})
   * the distinct viewers and buyers, the counts, and the sums as exact decimals of the values as they print (19.99 +
   * 5.01 is 25.00), so a window's figures do not depend on the order its events arrived in. Events of one session
   * agree on platform and anchor; if not, the smallest wins.
   */
  public static Dataset<Row> windows(Dataset<Row> obt, Timestamp updatedAt) {
    Column type = col("event_type");
    Column giftValue = sum(when(type.equalTo("gift"), exact("gift_value")));
    Column gmv = sum(when(type.equalTo("order_paid"), exact("amount_reporting")));
    Dataset<Row> w = obt.where(roomActivity())
        .groupBy(col("session_id"), col("event_minute").alias("window_start"))
        .agg(min("platform").alias("platform"), min("anchor_id").alias("anchor_id"),
            count_distinct(col("user_id")).alias("viewers"),
            countOf(type, "comment").alias("comments"), countOf(type, "like").alias("likes"),
            countOf(type, "share").alias("shares"), countOf(type, "gift").alias("gifts"),
            giftValue.alias("gift_value"),
            countOf(type, "product_click").alias("product_clicks"), countOf(type, "order_paid").alias("orders"),
            count_distinct(when(type.equalTo("order_paid"), col("user_id"))).alias("buyers"),
            gmv.alias("gmv"));
    return finish(w, updatedAt);
  }

  /**
   * Rows of gold.realtime_kpis from per-window figures with the sums still exact decimals (null when
   * nothing was summed): the sums as doubles, GMV rounded to cents, the window's end and conversion.
   */
  private static Dataset<Row> finish(Dataset<Row> figures, Timestamp updatedAt) {
    Dataset<Row> w = figures
        .withColumn("gift_value", coalesce(col("gift_value"), lit(0)).cast("double"))
        .withColumn("gmv", round(coalesce(col("gmv"), lit(0)), 2).cast("double"))
        .withColumn("window_end", timestamp_millis(unix_millis(col("window_start")).plus(lit(WINDOW_MS))))
        .withColumn("conversion", when(col("viewers").gt(0), col("buyers").divide(col("viewers"))).otherwise(lit(0.0)))
        .withColumn("updated_at", lit(updatedAt));
    return Tables.REALTIME_KPIS.conform(w);
  }

  private static Column exact(String c) { return col(c).cast("decimal(38,10)"); }

  private static Column countOf(Column type, String value) { return count(when(type.equalTo(value), lit(1))); }

  /**
   * One micro-batch: the windows of the minutes it changed, from the state or, for minutes the state
   * dropped, from the OBT, replace those minutes. The write replaces one range, from the first minute
   * changed to the last, and carries the windows of the minutes between them that did not change over
   * from the table: a condition with a range per run of changed minutes took Delta 10-13 s where
   * the simulator's compressed time scatters 1,200 minutes over 200,000 windows (one range: 3-4 s).
   */
  private static String replace(Lake lake, Dataset<Row> judged, long batchId, String queryId) {
    // Once: every action on the batch would run the state's update again.
    judged.persist();
    try {
      long started = System.nanoTime();
      SortedSet<Long> minutes = new TreeSet<>();
      SortedSet<Long> recounted = new TreeSet<>();
      long changed = 0;
      for (Row r : judged.where(col("session_id").isNull()).select("minute_ms", "recount", "changes").collectAsList()) {
        minutes.add(r.getLong(0));
        if (r.getBoolean(1)) recounted.add(r.getLong(0));
        changed += r.getLong(2);
      }
      if (minutes.isEmpty()) return null;
      long counted = System.nanoTime();
      Timestamp now = new Timestamp(System.currentTimeMillis());
      Dataset<Row> rows = finish(judged.where(col("session_id").isNotNull())
          .withColumn("window_start", timestamp_millis(col("minute_ms"))), now);
      if (!recounted.isEmpty()) {
        Object[] touched = recounted.stream().map(Timestamp::new).toArray();
        rows = rows.unionByName(windows(lake.read(Tables.EVENTS_OBT)
            .where(ObtBuilder.eventTimeWithin(recounted.first(), recounted.last() + WINDOW_MS)
                .and(col("event_minute").isin(touched))), now));
      }
      Column range = col("window_start").between(new Timestamp(minutes.first()), new Timestamp(minutes.last()));
      Dataset<Row> changedMinutes = lake.spark().createDataset(new ArrayList<>(minutes), Encoders.LONG()).toDF("minute");
      Dataset<Row> replacing = rows.unionByName(lake.read(Tables.REALTIME_KPIS).where(range)
          .join(broadcast(changedMinutes), unix_millis(col("window_start")).equalTo(col("minute")), "left_anti"));
      Conflicts.retry(WRITE_ATTEMPTS, "realtime KPIs batch " + batchId, () -> {
        Layers.once(replacing.write().format("delta").mode("overwrite")
            .option("replaceWhere", "window_start >= timestamp_millis(" + minutes.first()
                + ") AND window_start <= timestamp_millis(" + minutes.last() + ")"), LAYER, queryId, batchId)
            .save(lake.path(Tables.REALTIME_KPIS));
        return null;
      });
      long written = System.nanoTime();
      checkpointTable(lake, batchId);
      return String.format(Locale.ROOT,
          "%,d OBT changes → %,d minutes replaced (%,d recounted from the OBT); state %.1f s, write %.1f s",
          changed, minutes.size(), recounted.size(), (counted - started) / 1e9, (written - counted) / 1e9);
    } finally {
      judged.unpersist();
    }
  }

  /**
   * The table's commits write no Delta checkpoint (it is one of the streaming tables); the layer writes
   * one every so many commits itself, off the ingestion's path. Missing one only lengthens log replays
   * until the next.
   */
  private static void checkpointTable(Lake lake, long batchId) {
    try {
      lake.checkpointIfDue(Tables.REALTIME_KPIS, -1);
    } catch (RuntimeException e) {
      LOG.warn("realtime KPIs batch {}: the Delta checkpoint of {} failed: {}", batchId,
          Tables.REALTIME_KPIS.fullName(), e.toString());
    }
  }
}
