package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.events.EventContract;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.obt.ObtBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Shapes rejected records, and OBT rows moved out by retractions, into rows of bronze.quarantine. */
final class QuarantineRows {
  private QuarantineRows() {}

  /** OBT rows of earlier batches that the retractions move to quarantine; null when there are none. */
  static Column retractionFilter(List<Retraction> retractions, long batchId) {
    if (retractions.isEmpty()) return null;
    // The whole span first, alone: Delta prunes with it, not with the per-user conditions OR'ed below.
    Column span = ObtBuilder.eventTimeWithin(retractions.stream().mapToLong(Retraction::fromMs).min().getAsLong(),
        retractions.stream().mapToLong(Retraction::toMs).max().getAsLong());
    Column any = null;
    for (Retraction r : retractions) {
      Column one = col("user_id").equalTo(r.userId()).and(col("event_type").isin(r.types().toArray()))
          .and(col("event_time").geq(timestamp_millis(lit(r.fromMs()))))
          .and(col("event_time").lt(timestamp_millis(lit(r.toMs()))));
      any = any == null ? one : any.or(one);
    }
    return span.and(any).and(col("ingest_batch_id").lt(batchId));
  }

  static Dataset<Row> toQuarantine(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : Tables.QUARANTINE.schema().fields()) {
      Column c = switch (f.name()) {
        case "event_time" -> rows.schema().apply("event_time").dataType() == DataTypes.LongType
            ? timestamp_millis(col("event_time")) : col("event_time");
        case "ingest_date" -> to_date(col("ingest_time"));
        default -> col(f.name());
      };
      cols.add(c.cast(f.dataType()).alias(f.name()));
    }
    return rows.select(cols.toArray(Column[]::new));
  }

  /** OBT rows moved to quarantine: their payload is rebuilt from the contract fields the OBT kept. */
  static Dataset<Row> retractedToQuarantine(Dataset<Row> retracted, List<Retraction> retractions) {
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
    Column reason = lit(null).cast("string");
    Column detail = lit(null).cast("string");
    for (Retraction r : retractions) {
      Column match = col("user_id").equalTo(r.userId()).and(col("event_type").isin(r.types().toArray()));
      reason = when(match, lit(r.reason())).otherwise(reason);
      detail = when(match, lit(r.detail())).otherwise(detail);
    }
    return toQuarantine(retracted
        .withColumn("payload", to_json(struct(contract.toArray(Column[]::new))))
        .withColumn("reason", reason)
        .withColumn("detail", detail));
  }
}
