package io.livelake.streaming;

import static org.apache.spark.sql.functions.*;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Where each streaming query stands, from ops.query_progress: its newest trigger and the figures of a recent span. */
public final class QueryStatus {
  private QueryStatus() {}

  /**
   * One row per query of {@code progress} (ops.query_progress), by name: of its newest report the
   * batch id, trigger time and duration, watermark and state (rows, memory, from the newest report
   * that has state figures); of the reports since {@code since}, the batches that read rows, the rows
   * in, the rate the sources offered (the mean of those batches' input_rows_per_s), the rate the query
   * processed (rows in over those batches' trigger time), the median and longest of those batches'
   * trigger time, and the state rows removed.
   */
  public static Dataset<Row> of(Dataset<Row> progress, Timestamp since) {
    Column recent = col("triggered_at").geq(lit(since));
    Column withData = recent.and(col("input_rows").gt(0));
    // Idle triggers run no plan and report no state figures: the state is the newest report's that has them.
    Column withState = when(col("state_rows").isNotNull(), col("triggered_at"));
    return progress.groupBy("query").agg(
            max_by(col("batch_id"), col("triggered_at")).as("last_batch_id"),
            max("triggered_at").as("last_triggered_at"),
            max_by(col("trigger_ms"), col("triggered_at")).as("last_trigger_ms"),
            max_by(col("watermark"), col("triggered_at")).as("watermark"),
            max_by(col("state_rows"), withState).as("state_rows"),
            max_by(col("state_memory_bytes"), withState).as("state_memory_bytes"),
            count(when(withData, 1)).as("batches"),
            coalesce(sum(when(withData, col("input_rows"))), lit(0L)).as("rows_in"),
            avg(when(withData, col("input_rows_per_s"))).as("offered_rows_per_s"),
            sum(when(withData, col("input_rows"))).multiply(1000.0).divide(sum(when(withData, col("trigger_ms"))))
                .as("processed_rows_per_s"),
            percentile_approx(when(withData, col("trigger_ms")), lit(0.5), lit(10_000)).as("median_trigger_ms"),
            max(when(withData, col("trigger_ms"))).as("max_trigger_ms"),
            coalesce(sum(when(recent, col("state_rows_removed"))), lit(0L)).as("state_rows_removed"))
        .orderBy("query");
  }
}
