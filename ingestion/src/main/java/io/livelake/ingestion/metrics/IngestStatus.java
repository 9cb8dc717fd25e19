package io.livelake.ingestion.metrics;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import java.sql.Timestamp;
import java.util.List;
import scala.jdk.javaapi.CollectionConverters;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Where each ingestion pipeline stands, from ops.ingest_batches: its newest batch and the totals of a recent span. */
public final class IngestStatus {
  private IngestStatus() {}

  /**
   * One row per pipeline of {@code batches} (ops.ingest_batches): the batches finished since {@code since}
   * and their totals (records in, accepted, quarantined, late, duplicates, retracted), and of its newest
   * batch overall the id, end, newest event time, watermark, cleaning state size and partition watermarks,
   * and {@code partition_advanced_at}: per partition, the end of the first batch that reached its newest event
   * (the wall-clock time it last delivered something newer, which is what ingest.partition.idle measures).
   */
  public static Dataset<Row> of(Dataset<Row> batches, Timestamp since) {
    // Tables an earlier version made have no watermark or state size until an ingestion adds them.
    for (String c : List.of("watermark", "state_events")) {
      if (!List.of(batches.columns()).contains(c)) {
        batches = batches.withColumn(c, lit(null).cast(Tables.INGEST_BATCHES.schema().apply(c).dataType()));
      }
    }
    Column recent = col("finished_at").geq(lit(since));
    Dataset<Row> reached = batches
        .select(col("pipeline"), col("finished_at"), explode(col("partition_watermarks")).as(new String[] {"p", "newest"}))
        .groupBy("pipeline", "p")
        .agg(min_by(col("finished_at"), struct(col("newest").multiply(-1), col("finished_at"))).as("advanced_at"))
        .groupBy("pipeline")
        .agg(map_from_entries(collect_list(struct(col("p"), col("advanced_at")))).as("partition_advanced_at"));
    return batches.groupBy("pipeline").agg(
            max("batch_id").as("last_batch_id"),
            max_by(col("finished_at"), col("batch_id")).as("last_finished_at"),
            max("max_event_time").as("newest_event_time"),
            max_by(col("watermark"), col("batch_id")).as("watermark"),
            max_by(col("state_events"), col("batch_id")).as("state_events"),
            max_by(col("partition_watermarks"), col("batch_id")).as("partition_watermarks"),
            count(when(recent, 1)).as("batches"),
            recentSum(recent, "records_in"), recentSum(recent, "accepted"), recentSum(recent, "quarantined"),
            recentSum(recent, "late"), recentSum(recent, "duplicates"), recentSum(recent, "retracted"))
        .join(reached, CollectionConverters.asScala(List.of("pipeline")).toSeq(), "left")
        .orderBy("pipeline");
  }

  private static Column recentSum(Column recent, String c) {
    return coalesce(sum(when(recent, col(c))), lit(0L)).as(c);
  }
}
