package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * Rebuilds the cleaning state after a restart from what earlier batches left in the lake: the
 * partitions' newest event times (ops.ingest_batches) and, within the watermark, the accepted
 * events (silver.events_obt) and the rate-quarantined ones (bronze.quarantine).
 */
public final class StateLoader {
  private StateLoader() {}

  /** The state as it was after batch {@code nextBatchId - 1} of {@code pipeline}. */
  public static CleaningState load(Lake lake, String pipeline, long nextBatchId, CleaningRules rules) {
    CleaningState state = new CleaningState(rules);
    Row last = lastAccounting(lake, pipeline, nextBatchId);
    if (last != null && !last.isNullAt(0)) last.<Integer, Long>getJavaMap(0).forEach(state::partitionMax);
    // Where the last run evicted to: a partition idle then holds the reloaded state back no further.
    if (last != null && !last.isNullAt(1)) state.evictedTo(last.getLong(1));
    if (state.partitionMax().isEmpty()) return state;
    long keysFrom = state.watermark() - rules.cartReaddWindowMs() - 60_000L;
    long hourlyFrom = state.watermark() - 3_600_000L;
    Column recent = col("event_time").geq(timestamp_millis(lit(Math.min(keysFrom, hourlyFrom))))
        .and(col("ingest_batch_id").lt(nextBatchId));
    Column needed = col("event_time").geq(timestamp_millis(lit(keysFrom)))
        .or(col("event_type").isin("login", "logout"));
    for (Row r : lake.read(Tables.EVENTS_OBT).where(recent.and(needed))
        .select(col("event_id"), col("event_type"), unix_millis(col("event_time")), col("user_id"), col("session_id"),
            col("product_id"), orderKey(unix_millis(col("event_time")), col("order_lines")))
        .collectAsList()) {
      state.rememberAccepted(r.getString(0), r.getString(1), r.getLong(2), r.getString(3), r.getString(4),
          r.getString(5), r.getString(6));
    }
    for (Row r : lake.read(Tables.QUARANTINE)
        .where(recent.and(needed).and(col("reason").isin(RateGroup.reasons().toArray())))
        .select(col("event_id"), col("event_type"), unix_millis(col("event_time")), col("user_id"))
        .collectAsList()) {
      state.rememberRateQuarantined(r.getString(0), r.getString(1), r.getLong(2), r.getString(3));
    }
    return state;
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
