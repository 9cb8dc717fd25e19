package io.livelake.ingestion.obt;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import io.livelake.events.EventType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Shapes accepted events into rows of the One Big Table: typed times, the event's source (paper
 * 001 Table 1) and its dimensions denormalized from the session, product and ad-campaign tables.
 */
public final class ObtBuilder {
  private ObtBuilder() {}

  /**
   * {@code events} carry the contract fields (event_time in epoch ms), amount_reporting and the
   * source columns; the dimension frames may be empty but must have their table's schema.
   */
  public static Dataset<Row> build(Dataset<Row> events, Dataset<Row> sessions, Dataset<Row> products,
      Dataset<Row> campaigns) {
    Column source = lit(null).cast("string");
    for (EventType t : EventType.values()) {
      source = when(col("event_type").equalTo(t.wireName()), lit(t.source().wireName())).otherwise(source);
    }
    // Minute and date by arithmetic on the epoch milliseconds: the same values in UTC (the lake's time
    // zone), without the calendar conversion per row that date_trunc and to_date make.
    Column ms = col("event_time");
    Dataset<Row> e = events
        .withColumn("event_minute", timestamp_millis(ms.minus(pmod(ms, lit(60_000L)))))
        .withColumn("event_date", date_from_unix_date(floor(ms.divide(lit(86_400_000L))).cast("int")))
        .withColumn("event_time", timestamp_millis(ms))
        .withColumn("event_source", source)
        .withColumnRenamed("lines", "order_lines")
        .withColumnRenamed("target", "rating_target")
        .withColumn("text", col("text"));
    Dataset<Row> s = sessions.select(col("session_id").alias("_s_id"), col("anchor_name"),
        col("title").alias("session_title"), col("start_time").alias("session_start"), col("end_time").alias("session_end"));
    Dataset<Row> p = products.select(col("product_id").alias("_p_id"), col("product_name"), col("category"),
        col("list_price"));
    Dataset<Row> c = campaigns.select(col("ad_id").alias("_ad_id"), col("campaign_id"), col("campaign_name"));
    Dataset<Row> joined = e
        .join(broadcast(s), e.col("session_id").equalTo(s.col("_s_id")), "left")
        .join(broadcast(p), e.col("product_id").equalTo(p.col("_p_id")), "left")
        .join(broadcast(c), e.col("ad_id").equalTo(c.col("_ad_id")), "left");
    return Tables.EVENTS_OBT.conform(joined);
  }

  /**
   * OBT rows with event_time in [fromMs, toMs), said on the partition column too: Delta then reads
   * only the dates, and the files, that can hold such rows, however large the table has grown.
   */
  public static Column eventTimeWithin(long fromMs, long toMs) {
    Column to = timestamp_millis(lit(toMs));
    return eventTimeFrom(fromMs).and(col("event_date").leq(to_date(to))).and(col("event_time").lt(to));
  }

  /** OBT rows with event_time at or after fromMs, said on the partition column too (see {@link #eventTimeWithin}). */
  public static Column eventTimeFrom(long fromMs) {
    Column from = timestamp_millis(lit(fromMs));
    return col("event_date").geq(to_date(from)).and(col("event_time").geq(from));
  }
}
