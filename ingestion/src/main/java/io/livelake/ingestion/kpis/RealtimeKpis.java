package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.Layers;
import io.livelake.ingestion.obt.ObtBuilder;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The KPI layer: a streaming query of its own over the One Big Table's change feed that keeps
 * gold.realtime_kpis equal to an aggregate of the OBT. Each micro-batch takes the one-minute windows
 * its changes touched (appended events, and rows that retractions, recoveries and erasures deleted),
 * recomputes those minutes from what the OBT holds now, with exact distinct counts, and replaces them
 * in one idempotent Delta commit (txnAppId the query's id, txnVersion the batch id). The query keeps
 * no state of its own: a restart resumes from its checkpoint, and a lake without one (new, or written
 * before this layer existed) is counted from the OBT as it stands.
 */
public final class RealtimeKpis {
  /** The checkpoint's name under the lake's _checkpoints, and the layer's name in its query and commits. */
  public static final String LAYER = "realtime-kpis";
  public static final long WINDOW_MS = 60_000L;
  private static final int WRITE_ATTEMPTS = 5;
  private static final Logger LOG = LogManager.getLogger(RealtimeKpis.class);

  private RealtimeKpis() {}

  /** Starts the query; the caller awaits or stops it. */
  public static StreamingQuery start(Lake lake, Trigger trigger, Consumer<LayerBatch> listener) throws TimeoutException {
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS));
    // Without a starting version the first batch is the table as it stands, every row an insert: a lake
    // without this checkpoint gets every window counted, however old its log.
    Dataset<Row> changes = lake.spark().readStream().format("delta").option("readChangeFeed", "true")
        .load(lake.path(Tables.EVENTS_OBT)).select("event_minute");
    return Layers.start(lake, LAYER, changes, trigger, listener,
        (rows, batchId, queryId) -> recompute(lake, rows, batchId, queryId));
  }

  /** Brings gold.realtime_kpis up to the OBT as it stands (the query, run until it has caught up). */
  public static void catchUp(Lake lake) {
    catchUp(lake, b -> { });
  }

  /** As {@link #catchUp(Lake)}, telling {@code listener} of each batch; returns the query, ended. */
  public static StreamingQuery catchUp(Lake lake, Consumer<LayerBatch> listener) {
    return Layers.runToEnd("updating " + Tables.REALTIME_KPIS.fullName(),
        () -> start(lake, Trigger.AvailableNow(), listener));
  }

  /**
   * The rows of gold.realtime_kpis (in its column order) of the OBT rows given, which must be every
   * row of their minutes: per live session per one-minute window the distinct viewers and buyers, the
   * counts, and the sums as exact decimals of the values as they print (19.99 + 5.01 is 25.00), so a
   * window's figures do not depend on the order its events arrived in. Events of one session agree on
   * platform and anchor; if not, the smallest wins.
   */
  public static Dataset<Row> windows(Dataset<Row> obt, Timestamp updatedAt) {
    Column type = col("event_type");
    Column giftValue = sum(when(type.equalTo("gift"), exact("gift_value")));
    Column gmv = sum(when(type.equalTo("order_paid"), exact("amount_reporting"))
        .when(type.equalTo("order_refunded"), exact("amount_reporting").multiply(lit(-1))));
    Dataset<Row> w = obt.where(col("session_id").isNotNull())
        .groupBy(col("session_id"), col("event_minute").alias("window_start"))
        .agg(min("platform").alias("platform"), min("anchor_id").alias("anchor_id"),
            count_distinct(col("user_id")).alias("viewers"),
            countOf(type, "comment").alias("comments"), countOf(type, "like").alias("likes"),
            countOf(type, "share").alias("shares"), countOf(type, "gift").alias("gifts"),
            coalesce(giftValue, lit(0)).cast("double").alias("gift_value"),
            countOf(type, "product_click").alias("product_clicks"), countOf(type, "order_paid").alias("orders"),
            count_distinct(when(type.equalTo("order_paid"), col("user_id"))).alias("buyers"),
            round(coalesce(gmv, lit(0)), 2).cast("double").alias("gmv"))
        .withColumn("window_end", timestamp_millis(unix_millis(col("window_start")).plus(lit(WINDOW_MS))))
        .withColumn("conversion", when(col("viewers").gt(0), col("buyers").divide(col("viewers"))).otherwise(lit(0.0)))
        .withColumn("updated_at", lit(updatedAt));
    return Tables.REALTIME_KPIS.conform(w);
  }

  private static Column exact(String c) { return col(c).cast("decimal(38,10)"); }

  private static Column countOf(Column type, String value) { return count(when(type.equalTo(value), lit(1))); }

  /**
   * The replace condition for exactly these minutes: each run of consecutive minutes as one range.
   * A backfill touches thousands of minutes in a few runs, and a list of thousands of values costs
   * Delta seconds to evaluate; a range over a gap would delete the windows of minutes not written.
   */
  static String condition(Iterable<Long> ascendingMinutes) {
    List<String> runs = new ArrayList<>();
    Long from = null;
    long last = 0;
    for (long m : ascendingMinutes) {
      if (from != null && m != last + WINDOW_MS) {
        runs.add(range(from, last));
        from = null;
      }
      if (from == null) from = m;
      last = m;
    }
    if (from != null) runs.add(range(from, last));
    return String.join(" OR ", runs);
  }

  private static String range(long first, long last) {
    return first == last ? "window_start = timestamp_millis(" + first + ")"
        : "(window_start >= timestamp_millis(" + first + ") AND window_start <= timestamp_millis(" + last + "))";
  }

  /** One micro-batch: recomputes the minutes its changes touched and replaces them. */
  private static String recompute(Lake lake, Dataset<Row> changes, long batchId, String queryId) {
    SortedSet<Long> minutes = new TreeSet<>();
    long changed = 0;
    for (Row r : changes.where(col("event_minute").isNotNull()).groupBy(unix_millis(col("event_minute")))
        .count().collectAsList()) {
      minutes.add(r.getLong(0));
      changed += r.getLong(1);
    }
    if (minutes.isEmpty()) return null;
    Object[] touched = minutes.stream().map(Timestamp::new).toArray();
    Dataset<Row> obt = lake.read(Tables.EVENTS_OBT)
        .where(ObtBuilder.eventTimeWithin(minutes.first(), minutes.last() + WINDOW_MS)
            .and(col("event_minute").isin(touched)));
    Dataset<Row> rows = windows(obt, new Timestamp(System.currentTimeMillis())).persist();
    long windows;
    try {
      windows = rows.count();
      Conflicts.retry(WRITE_ATTEMPTS, "realtime KPIs batch " + batchId, () -> {
        Layers.once(rows.write().format("delta").mode("overwrite").option("replaceWhere", condition(minutes)), LAYER,
            queryId, batchId).save(lake.path(Tables.REALTIME_KPIS));
        return null;
      });
    } finally {
      rows.unpersist();
    }
    // The table's commits write no Delta checkpoint (it is one of the streaming tables); the layer
    // writes one every so many commits itself, off the ingestion's path. Missing one only lengthens
    // log replays until the next.
    try {
      lake.checkpointIfDue(Tables.REALTIME_KPIS, -1);
    } catch (RuntimeException e) {
      LOG.warn("realtime KPIs batch {}: the Delta checkpoint of {} failed: {}", batchId,
          Tables.REALTIME_KPIS.fullName(), e.toString());
    }
    return String.format(Locale.ROOT, "%,d OBT changes → %,d minutes recomputed, %,d windows", changed,
        minutes.size(), windows);
  }
}
