package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The real-time KPIs of paper 004: per live session per one-minute event-time window. Distinct
 * counts use set sizes, which aggregate by hash in one pass (countDistinct would sort).
 */
public final class RealtimeKpis {
  private RealtimeKpis() {}

  /** OBT rows → one row per (session_id, window_start) with the KPI columns of gold.realtime_kpis. */
  public static Dataset<Row> compute(Dataset<Row> obt) {
    Column type = col("event_type");
    return obt.where(col("session_id").isNotNull())
        .groupBy(col("session_id"), col("event_minute").alias("window_start"))
        .agg(
            first("platform", true).alias("platform"),
            first("anchor_id", true).alias("anchor_id"),
            size(collect_set("user_id")).cast("long").alias("viewers"),
            count(when(type.equalTo("comment"), 1)).alias("comments"),
            count(when(type.equalTo("like"), 1)).alias("likes"),
            count(when(type.equalTo("share"), 1)).alias("shares"),
            count(when(type.equalTo("gift"), 1)).alias("gifts"),
            coalesce(sum(when(type.equalTo("gift"), col("gift_value"))), lit(0.0)).alias("gift_value"),
            count(when(type.equalTo("product_click"), 1)).alias("product_clicks"),
            count(when(type.equalTo("order_paid"), 1)).alias("orders"),
            size(collect_set(when(type.equalTo("order_paid"), col("user_id")))).cast("long").alias("buyers"),
            round(coalesce(sum(when(type.equalTo("order_paid"), col("amount_reporting"))
                .when(type.equalTo("order_refunded"), col("amount_reporting").multiply(-1))), lit(0.0)), 2).alias("gmv"))
        .withColumn("window_end", col("window_start").plus(expr("INTERVAL 1 MINUTE")))
        .withColumn("conversion", when(col("viewers").gt(0), col("buyers").divide(col("viewers"))).otherwise(lit(0.0)));
  }
}
