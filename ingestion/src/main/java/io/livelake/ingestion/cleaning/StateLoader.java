package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rebuilds the cleaning state after a restart from what earlier batches left in the lake: the
 * partitions' newest event times (ops.ingest_batches) and, within the watermark, the accepted
 * events (silver.events_obt) and the rate-quarantined ones (bronze.quarantine). The driver's state
 * collects them ({@link #load}); the state store takes them as its initial state, each source
 * partition its own ({@link CleaningProcessor#judgeRows}).
 */
public final class StateLoader {
  private StateLoader() {}

  /** The state as it was after batch {@code nextBatchId - 1} of {@code pipeline}, on the driver's heap. */
  public static CleaningState load(Lake lake, String pipeline, long nextBatchId, CleaningRules rules) {
    Seed seed = seed(lake, pipeline, nextBatchId, rules);
    CleaningState state = seed.clockedState(rules);
    if (seed.events() != null) for (Row r : seed.events().collectAsList()) remember(state, r);
    return state;
  }

  /**
   * What the state after batch {@code nextBatchId - 1} of {@code pipeline} is rebuilt from: each source
   * partition's newest event time and where the last run evicted to (null: no earlier batch), and the earlier
   * events the rules may still match, as rows of {@link #SEED_EVENT} (null when there is no earlier batch).
   */
  public record Seed(Map<Integer, Long> partitionMax, Long evictedTo, Dataset<Row> events) {
    /** A state on the driver's heap at the seed's partition clocks and eviction point, none of its events yet. */
    public CleaningState clockedState(CleaningRules rules) {
      CleaningState state = new CleaningState(rules);
      partitionMax.forEach(state::partitionMax);
      if (evictedTo != null) state.evictedTo(evictedTo);
      return state;
    }
  }

  /** The columns of {@link Seed#events}: the event's source partition, whether a rate rule quarantined it, its facts. */
  public static final StructType SEED_EVENT = new StructType()
      .add("partition", DataTypes.IntegerType)
      .add("rate_quarantined", DataTypes.BooleanType, false)
      .add("event_id", DataTypes.StringType)
      .add("event_type", DataTypes.StringType)
      .add("time_ms", DataTypes.LongType)
      .add("user_id", DataTypes.StringType)
      .add("session_id", DataTypes.StringType)
      .add("product_id", DataTypes.StringType)
      .add("order_key", DataTypes.StringType);

  /**
   * The seed of the state after batch {@code nextBatchId - 1}: reads ops.ingest_batches now, the OBT and the
   * quarantine only when its events are read.
   */
  public static Seed seed(Lake lake, String pipeline, long nextBatchId, CleaningRules rules) {
    Row last = lastAccounting(lake, pipeline, nextBatchId);
    Map<Integer, Long> partitionMax = last == null || last.isNullAt(0) ? Map.of() : last.getJavaMap(0);
    // Where the last run evicted to: a partition idle then holds the reloaded state back no further.
    Long evictedTo = last == null || last.isNullAt(1) ? null : last.getLong(1);
    if (partitionMax.isEmpty()) return new Seed(partitionMax, evictedTo, null);
    long watermark = new Seed(partitionMax, evictedTo, null).clockedState(rules).watermark();
    long keysFrom = watermark - rules.cartReaddWindowMs() - 60_000L;
    long hourlyFrom = watermark - 3_600_000L;
    Column recent = col("event_time").geq(timestamp_millis(lit(Math.min(keysFrom, hourlyFrom))))
        .and(col("ingest_batch_id").lt(nextBatchId));
    Column needed = col("event_time").geq(timestamp_millis(lit(keysFrom)))
        .or(col("event_type").isin("login", "logout"));
    Dataset<Row> accepted = lake.read(Tables.EVENTS_OBT).where(recent.and(needed))
        .select(col("source_partition"), lit(false), col("event_id"), col("event_type"), unix_millis(col("event_time")),
            col("user_id"), col("session_id"), col("product_id"), orderKey(unix_millis(col("event_time")), col("order_lines")));
    Dataset<Row> rateQuarantined = lake.read(Tables.QUARANTINE)
        .where(recent.and(needed).and(col("reason").isin(RateGroup.reasons().toArray())))
        .select(col("source_partition"), lit(true), col("event_id"), col("event_type"), unix_millis(col("event_time")),
            col("user_id"), lit(null), lit(null), lit(null));
    return new Seed(partitionMax, evictedTo, accepted.union(rateQuarantined).toDF(SEED_EVENT.fieldNames())
        .select(Arrays.stream(SEED_EVENT.fields()).map(f -> col(f.name()).cast(f.dataType())).toArray(Column[]::new)));
  }

  /** Remembers one {@link Seed#events} row in {@code state}: what it accepted, or counted in a rate bucket. */
  public static void remember(CleaningState state, Row r) {
    if (r.getBoolean(1)) {
      state.rememberRateQuarantined(r.getString(2), r.getString(3), r.getLong(4), r.getString(5));
    } else {
      state.rememberAccepted(r.getString(2), r.getString(3), r.getLong(4), r.getString(5), r.getString(6),
          r.getString(7), r.getString(8));
    }
  }

  /**
   * The ops.ingest_batches accounting of {@code pipeline}'s newest batch before {@code nextBatchId}: its
   * partition_watermarks (each source partition's newest event time) and its watermark in epoch ms; null
   * when there is none.
   */
  public static Row lastAccounting(Lake lake, String pipeline, long nextBatchId) {
    // The ingestion ensured the table first, so one an earlier version made has the watermark column (null there).
    List<Row> last = lake.read(Tables.INGEST_BATCHES)
        .where(col("pipeline").equalTo(pipeline).and(col("batch_id").lt(nextBatchId)))
        .orderBy(col("batch_id").desc()).select(col("partition_watermarks"), unix_millis(col("watermark"))).limit(1)
        .collectAsList();
    return last.isEmpty() ? null : last.get(0);
  }

  /**
   * The order duplicate key: order number, type, time and goods; null for events that are not
   * orders. The batch and the OBT hold time and lines in different columns, so both are passed in.
   */
  public static Column orderKey(Column timeMs, Column lines) {
    return when(col("event_type").isin("order_paid", "order_refunded"),
        concat_ws("|", lit("o"), col("order_id"), col("event_type"), timeMs.cast("string"), to_json(lines)));
  }
}
