package io.livelake.ingestion.retractions;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import io.livelake.events.EventContract;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.Layers;
import io.livelake.ingestion.StaleCheckpoints;
import io.livelake.ingestion.cleaning.RateGroup;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.obt.ObtBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The retraction layer: a streaming query of its own that takes the rows of bot bursts out of the One
 * Big Table. A rate bucket (one user's clicks, comments or likes in a minute, log-ins or log-outs in an
 * hour) that goes over its limit quarantines every event it counts, so a rate-quarantined row means
 * the rows of its bucket that earlier batches accepted must leave the OBT too. The query follows
 * ops.ingest_batches, where an ingestion batch that completed such a burst says how many rows it
 * retracts ({@code retracted}); each micro-batch takes the buckets of those batches' rate-quarantined
 * rows, moves their OBT rows to quarantine (reason as the rule's, detail beginning
 * {@link Retraction#MOVED}) and deletes them from the OBT; batches that retract nothing cost it a
 * filter of their accounting row. The quarantine append is idempotent for the batch (txnAppId the
 * query's id, txnVersion the batch id) and the delete by its filter, so a batch replayed after a crash
 * finishes a move without quarantining a row twice; a lake without the checkpoint is searched whole.
 */
public final class Retractions {
  /** The checkpoint's name under the lake's _checkpoints, and the layer's name in its query and commits. */
  public static final String LAYER = "retractions";
  private static final StructType BUCKETS = new StructType().add("bucket", DataTypes.StringType)
      .add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
  /** Each batch of the ingestion commits to each table once, so a commit that keeps meeting new appends is rare beyond two. */
  private static final int ATTEMPTS = 10;

  private Retractions() {}

  /** Starts the query; the caller awaits or stops it. */
  public static StreamingQuery start(Lake lake, Trigger trigger, Consumer<LayerBatch> listener) throws TimeoutException {
    lake.ensure(List.of(Tables.EVENTS_OBT, Tables.QUARANTINE, Tables.INGEST_BATCHES));
    StaleCheckpoints.setAsideIfStale(lake, LAYER, Tables.INGEST_BATCHES);
    // Deletes and rewrites of the accounting (a recovery's) carry no new decisions: skipped whole.
    Dataset<Row> retracting = lake.spark().readStream().format("delta").option("skipChangeCommits", "true")
        .load(lake.path(Tables.INGEST_BATCHES)).where(col("retracted").gt(0)).select("batch_id");
    return Layers.start(lake, LAYER, retracting, trigger, listener, (rows, batchId, queryId) -> {
      // Inside the lake's write gate, as the ingestion's batches: a move that read an erased person's rows
      // before the erasure would append them to quarantine after it.
      try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
        return move(lake, rows, batchId, queryId);
      }
    });
  }

  /** Moves every retracted row out of the OBT as it stands (the query, run until it has caught up). */
  public static void catchUp(Lake lake) {
    catchUp(lake, b -> { });
  }

  /** As {@link #catchUp(Lake)}, telling {@code listener} of each batch; returns the query, ended. */
  public static StreamingQuery catchUp(Lake lake, Consumer<LayerBatch> listener) {
    return Layers.runToEnd("moving retracted rows out of " + Tables.EVENTS_OBT.fullName(),
        () -> start(lake, Trigger.AvailableNow(), listener));
  }

  /**
   * The rate buckets that {@code quarantined} rows (columns reason, detail, user_id, event_type,
   * event_time) show to be over their limit: bucket key, reason, the rule's detail, start and end (epoch
   * ms), user. Rows this layer moved there itself are not decisions: they are left out.
   */
  static Dataset<Row> overBuckets(Dataset<Row> quarantined) {
    Column timeMs = unix_millis(col("event_time"));
    return quarantined
        .where(col("reason").isin(RateGroup.reasons().toArray())
            .and(not(coalesce(col("detail").startsWith(Retraction.MOVED), lit(false)))))
        .select(RateGroup.bucketKey(col("user_id"), col("event_type"), timeMs).alias("bucket"), col("reason"),
            col("detail"), RateGroup.bucketStart(col("event_type"), timeMs).alias("from_ms"),
            RateGroup.bucketEnd(col("event_type"), timeMs).alias("to_ms"), col("user_id"))
        .where(col("bucket").isNotNull())
        .groupBy("bucket")
        .agg(min("reason").alias("reason"), min("detail").alias("detail"), min("from_ms").alias("from_ms"),
            max("to_ms").alias("to_ms"), min("user_id").alias("user_id"));
  }

  /**
   * Rows of the given buckets (rows of {@link #overBuckets}) in the OBT: a span on the partition column
   * that Delta prunes with, and the buckets' keys.
   */
  static Column obtRowsOf(List<Row> buckets) {
    return ObtBuilder.eventTimeWithin(from(buckets), to(buckets)).and(keyIn(buckets));
  }

  /** Rows of the given buckets that this layer moved to quarantine. */
  static Column movedRowsOf(List<Row> buckets) {
    return col("event_time").geq(timestamp_millis(lit(from(buckets))))
        .and(col("event_time").lt(timestamp_millis(lit(to(buckets)))))
        .and(coalesce(col("detail").startsWith(Retraction.MOVED), lit(false)))
        .and(keyIn(buckets));
  }

  private static long from(List<Row> buckets) { return buckets.stream().mapToLong(b -> b.getLong(3)).min().getAsLong(); }

  private static long to(List<Row> buckets) { return buckets.stream().mapToLong(b -> b.getLong(4)).max().getAsLong(); }

  private static Column keyIn(List<Row> buckets) {
    // Hash lookups, however many buckets (an OR per bucket nests as deep as there are buckets); the
    // user's first, which spares most rows the key's making.
    Object[] users = buckets.stream().map(b -> b.getString(5)).distinct().toArray();
    return col("user_id").isin(users).and(RateGroup.bucketKey(col("user_id"), col("event_type"),
        unix_millis(col("event_time"))).isin(buckets.stream().map(b -> b.getString(0)).toArray()));
  }

  /**
   * OBT rows as rows of bronze.quarantine, with the reason and detail of their bucket ({@code buckets}:
   * bucket, reason, detail): the payload is rebuilt from the contract fields the OBT kept.
   */
  static Dataset<Row> toQuarantine(Dataset<Row> obtRows, Dataset<Row> buckets) {
    List<Column> contract = new ArrayList<>();
    for (StructField f : EventContract.SCHEMA.fields()) {
      Column c = switch (f.name()) {
        case "lines" -> col("order_lines");
        case "target" -> col("rating_target");
        case "event_time" -> unix_millis(col("event_time"));
        default -> col(f.name());
      };
      contract.add(c.alias(f.name()));
    }
    Dataset<Row> b = buckets.select(col("bucket"), col("reason"), concat(lit(Retraction.MOVED), col("detail")).alias("detail"));
    Dataset<Row> moved = obtRows
        .withColumn("bucket", RateGroup.bucketKey(col("user_id"), col("event_type"), unix_millis(col("event_time"))))
        .withColumn("payload", to_json(struct(contract.toArray(Column[]::new))))
        .join(broadcast(b), "bucket")
        .withColumn("ingest_date", to_date(col("ingest_time")));
    return Tables.QUARANTINE.conform(moved);
  }

  /**
   * One micro-batch: finds the buckets that the rate-quarantined rows of the ingestion batches given show
   * to be over their limit, and moves their OBT rows.
   */
  private static String move(Lake lake, Dataset<Row> retracting, long batchId, String queryId) {
    Object[] batches = retracting.distinct().collectAsList().stream().map(r -> r.get(0)).toArray();
    if (batches.length == 0) return null;
    long started = System.nanoTime();
    // By batch id alone: a replayed batch's accounting has a later ingest time than its quarantine rows,
    // and another pipeline's rows of the same batch id only add buckets that are over too.
    List<Row> buckets = overBuckets(lake.read(Tables.QUARANTINE).where(col("ingest_batch_id").isin(batches)))
        .collectAsList();
    if (buckets.isEmpty()) return null;
    Column filter = obtRowsOf(buckets);
    // None left when an earlier run moved them (a layer started over): a narrow read tells.
    if (lake.read(Tables.EVENTS_OBT).where(filter).select("event_id").isEmpty()) {
      return String.format(Locale.ROOT, "%,d bucket(s) over their limit, no rows of theirs in the OBT", buckets.size());
    }
    List<Row> named = buckets.stream().map(b -> RowFactory.create(b.getString(0), b.getString(1), b.getString(2)))
        .toList();
    Dataset<Row> rows = toQuarantine(lake.read(Tables.EVENTS_OBT).where(filter),
        lake.spark().createDataFrame(named, BUCKETS));
    // Rows an earlier run moved before it lost its checkpoint, and did not delete: not quarantined twice.
    Dataset<Row> movedBefore = lake.read(Tables.QUARANTINE).where(movedRowsOf(buckets))
        .select(col("event_id").alias("moved_id"));
    Dataset<Row> moving = rows.join(movedBefore, rows.col("event_id").equalTo(col("moved_id")), "left_anti").persist();
    long moved;
    long appended;
    try {
      moved = moving.count();
      // Quarantine first: a crash before the delete leaves the rows in both tables, and the replayed
      // batch's append is skipped by its transaction id; the other order could lose them. The append's
      // rows were read from the quarantine too: a commit Delta counts as a conflict makes it run again.
      Conflicts.retry(ATTEMPTS, "retractions batch " + batchId + ": quarantine", () -> {
        Layers.once(moving.write().format("delta").mode("append"), LAYER, queryId, batchId)
            .save(lake.path(Tables.QUARANTINE));
        return null;
      });
      appended = System.nanoTime();
    } finally {
      moving.unpersist();
    }
    int[] deletes = {0};
    // The tables commit as Serializable, so an ingestion batch's append to the same date makes Delta
    // refuse the delete even when that append was blind; a delete by filter can simply run again.
    Conflicts.retry(ATTEMPTS, "retractions batch " + batchId + ": delete", () -> {
      deletes[0]++;
      lake.delta(Tables.EVENTS_OBT).delete(filter);
      return null;
    });
    return String.format(Locale.ROOT,
        "%,d bucket(s) over their limit → %,d OBT rows moved to quarantine; read and append %.1f s, delete %.1f s"
            + " (%d attempt(s))", buckets.size(), moved, (appended - started) / 1e9,
        (System.nanoTime() - appended) / 1e9, deletes[0]);
  }
}
