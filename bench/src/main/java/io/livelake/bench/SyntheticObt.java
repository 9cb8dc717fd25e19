package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * A synthetic silver.events_obt for the indicator benchmarks: sessions of 20 minutes, one starting
 * every 15 minutes, each with a fixed audience of {@code viewersPerSession} users from a shared pool
 * of {@code userPool} (so viewers return to the {@code anchors} anchors and A43 has history); every
 * viewer enters, then acts once a minute — mostly heartbeats, then likes, product impressions,
 * comments, ad impressions, and a few clicks, carts, gifts, shares, ratings, games, unfollows, orders
 * and refunds; 80% leave at the end, 20% never do. A thousandth of the rows are shop orders outside
 * any session, within the week after.
 */
record SyntheticObt(int viewersPerSession, int anchors, long userPool) {
  static final int EVENTS_PER_VIEWER = 20;

  /** The benchmarks' shape: 250 viewers per session (5,000 rows), 200 anchors, 300,000 users. */
  static final SyntheticObt BENCH = new SyntheticObt(250, 200, 300_000);

  /** OBT rows per session (shop orders outside sessions included). */
  long rowsPerSession() { return (long) EVENTS_PER_VIEWER * viewersPerSession; }

  /** {@code rows} OBT rows in the OBT's schema, {@link #rowsPerSession} per session. */
  Dataset<Row> rows(SparkSession spark, long rows) {
    long perSession = rowsPerSession();
    Column id = col("id");
    Column session = id.divide(perSession).cast("long");
    Column j = id.mod(perSession);
    Column viewer = j.mod(viewersPerSession);
    Column step = j.divide(viewersPerSession).cast("int");
    Column anchor = session.mod(anchors);
    // One session starts every 15 minutes from 2025-03-01.
    Column start = timestamp_seconds(lit(1_740_787_200L).plus(session.multiply(900)));
    Column r = abs(xxhash64(id, lit(17))).mod(10_000);
    Column type = when(step.equalTo(0), "enter_room")
        .when(step.equalTo(EVENTS_PER_VIEWER - 1).and(viewer.mod(5).notEqual(0)), "leave_room")
        .when(r.lt(10), "order_shop")
        .when(r.lt(5_500), "heartbeat")
        .when(r.lt(6_700), "like")
        .when(r.lt(7_300), "comment")
        .when(r.lt(8_100), "product_impression")
        .when(r.lt(8_300), "product_click")
        .when(r.lt(8_600), "ad_impression")
        .when(r.lt(8_630), "ad_click")
        .when(r.lt(8_710), "cart_add")
        .when(r.lt(8_730), "cart_remove")
        .when(r.lt(8_760), "order_paid")
        .when(r.lt(8_763), "order_refunded")
        .when(r.lt(8_863), "gift")
        .when(r.lt(8_963), "share")
        .when(r.lt(9_013), "rating")
        .when(r.lt(9_113), "game_join")
        .when(r.lt(9_123), "unfollow")
        .when(r.lt(9_173), "follow")
        .otherwise("heartbeat");
    Dataset<Row> base = spark.range(rows)
        .withColumn("session_no", session)
        .withColumn("kind", type)
        .withColumn("shop", col("kind").equalTo("order_shop"))
        .withColumn("event_type", when(col("shop"), lit("order_paid")).otherwise(col("kind")))
        .withColumn("user_id", concat(lit("u"), session.multiply(7919).plus(viewer.multiply(104_729)).mod(userPool).cast("string")))
        .withColumn("session_id", when(col("shop"), lit(null).cast("string")).otherwise(concat(lit("s"), session.cast("string"))))
        .withColumn("anchor_id", when(col("shop"), lit(null).cast("string")).otherwise(concat(lit("a"), anchor.cast("string"))))
        .withColumn("platform", element_at(array(lit("douyin"), lit("taobao"), lit("kuaishou")), anchor.mod(3).plus(1).cast("int")))
        .withColumn("event_time", when(col("shop"), timestamp_millis(unix_millis(start).plus(r.mod(6).plus(1).multiply(86_400_000L))))
            .otherwise(timestamp_millis(unix_millis(start).plus(step.multiply(60_000)).plus(viewer.multiply(97)))))
        .withColumn("product_id", when(col("event_type").isin("product_impression", "product_click", "cart_add", "cart_remove")
            .or(col("event_type").equalTo("rating").and(r.mod(2).equalTo(0))), concat(lit("p"), r.mod(40).cast("string"))))
        .withColumn("rating", when(col("event_type").equalTo("rating"), r.mod(5).plus(1).cast("int")))
        .withColumn("rating_target", when(col("event_type").equalTo("rating"),
            when(r.mod(2).equalTo(0), lit("product")).otherwise(lit("anchor"))))
        .withColumn("gift_value", when(col("event_type").equalTo("gift"), r.mod(50).plus(1).cast("double")))
        .withColumn("ad_id", when(col("event_type").isin("ad_impression", "ad_click"), concat(lit("ad"), r.mod(5).cast("string"))))
        .withColumn("quantity", when(col("event_type").isin("cart_add", "cart_remove"), lit(1)))
        // A refund repays the order of the same user in the same session (same id scheme).
        .withColumn("order_id", when(col("event_type").isin("order_paid", "order_refunded"),
            concat(lit("o"), col("session_no").cast("string"), lit("-"), viewer.cast("string"))))
        .withColumn("amount_reporting", when(col("event_type").isin("order_paid", "order_refunded"),
            r.mod(300).plus(20).cast("double")))
        .withColumn("event_id", concat(lit("e"), id.cast("string")))
        .withColumn("event_source", lit("synthetic"))
        .withColumn("event_minute", date_trunc("minute", col("event_time")))
        .withColumn("schema_version", lit(1))
        .withColumn("anchor_name", when(col("anchor_id").isNotNull(), concat(lit("Anchor "), anchor.cast("string"))))
        .withColumn("session_start", when(col("session_id").isNotNull(), start))
        .withColumn("session_end", when(col("session_id").isNotNull(), start.plus(expr("INTERVAL 20 MINUTES"))))
        .withColumn("event_date", to_date(col("event_time")));
    List<Column> cols = new ArrayList<>();
    List<String> have = List.of(base.columns());
    for (StructField f : Tables.EVENTS_OBT.schema().fields()) {
      cols.add((have.contains(f.name()) ? col(f.name()) : lit(null)).cast(f.dataType()).alias(f.name()));
    }
    return base.select(cols.toArray(Column[]::new));
  }
}
