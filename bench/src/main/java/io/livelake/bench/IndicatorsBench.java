package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.IndicatorsJob;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * `livelake indicators` over a synthetic silver.events_obt: a full build, then an incremental run
 * after a small batch of late events. Usage: IndicatorsBench [rows=10000000] [lake dir].
 *
 * <p>The OBT is synthesized with Spark, not ingested (ingestion has its own benchmark): sessions
 * of 20 minutes, each with a fixed audience whose users come from a shared pool (so viewers return
 * to anchors and A43 has history); every viewer enters, then acts once a minute — mostly heartbeats,
 * then likes, product impressions, comments, ad impressions, and a few clicks, carts, gifts,
 * shares, ratings, games, unfollows, orders and refunds; 80% leave at the end, 20% never do. A
 * thousandth of the rows are shop orders outside any session, within the week after.
 */
public final class IndicatorsBench {
  private IndicatorsBench() {}

  static final int EVENTS_PER_VIEWER = 20;
  static final int VIEWERS_PER_SESSION = 250;
  static final int ANCHORS = 200;
  static final long USER_POOL = 300_000;

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = args.length > 1 ? Path.of(args[1]) : Scratch.directory("livelake-indicators-bench");
    LiveLakeConfig config = new ConfigLoader().file(null).flag("lake.root", dir.resolve("lake").toString(), "bench").load();
    SparkSession spark = LakeSessions.create(config, "indicators-bench");
    Lake lake = new Lake(spark, LakePaths.of(config));
    lake.ensure(Tables.EVENTS_OBT);

    long t0 = System.nanoTime();
    long perSession = (long) EVENTS_PER_VIEWER * VIEWERS_PER_SESSION;
    synthesize(spark, rows, perSession).write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
    double generateS = (System.nanoTime() - t0) / 1e9;
    long obtRows = lake.read(Tables.EVENTS_OBT).count();
    System.err.printf(Locale.ROOT, "bench: %,d OBT rows written in %.1f s%n", obtRows, generateS);

    IndicatorsJob.Result full = IndicatorsJob.run(lake, config, false, IndicatorsBench::stage);
    System.err.println(full.summary());

    // A late batch: 1,000 comments and 10 orders arriving for 10 sessions of the first day.
    Dataset<Row> late = lake.read(Tables.EVENTS_OBT).where(col("event_type").equalTo("enter_room")
            .and(col("session_id").isin("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9")))
        .limit(1000)
        .withColumn("event_id", concat(lit("late-"), col("event_id")))
        .withColumn("event_type", when(col("user_id").endsWith("7"), lit("order_paid")).otherwise(lit("comment")))
        .withColumn("order_id", when(col("event_type").equalTo("order_paid"), concat(lit("late-o-"), col("event_id"))))
        .withColumn("amount_reporting", when(col("event_type").equalTo("order_paid"), lit(88.0)))
        .withColumn("event_time", col("event_time").plus(expr("INTERVAL 30 SECONDS")))
        .withColumn("event_date", to_date(col("event_time")));
    late.localCheckpoint().write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
    IndicatorsJob.Result incremental = IndicatorsJob.run(lake, config, false, IndicatorsBench::stage);
    System.err.println(incremental.summary());

    System.out.printf(Locale.ROOT,
        "{\"bench\":\"indicators\",\"obt_rows\":%d,\"sessions\":%d,\"full_run_s\":%.1f,\"full_rows_per_s\":%.0f,"
            + "\"incremental_changed_rows\":%d,\"incremental_sessions\":%d,\"incremental_run_s\":%.1f,"
            + "\"generate_s\":%.1f,\"cores\":%d,\"max_heap_gb\":%.1f}%n",
        obtRows, full.sessions(), full.seconds(), obtRows / full.seconds(), incremental.changedRows(),
        incremental.affectedSessions(), incremental.seconds(), generateS, java.lang.Runtime.getRuntime().availableProcessors(),
        java.lang.Runtime.getRuntime().maxMemory() / 1e9);
    spark.stop();
  }

  private static void stage(String line) {
    System.err.printf(Locale.ROOT, "bench %tT %s%n", System.currentTimeMillis(), line);
  }

  /** {@code rows} OBT rows, {@code perSession} per session, in the OBT's schema. */
  static Dataset<Row> synthesize(SparkSession spark, long rows, long perSession) {
    Column id = col("id");
    Column session = id.divide(perSession).cast("long");
    Column j = id.mod(perSession);
    Column viewer = j.mod(VIEWERS_PER_SESSION);
    Column step = j.divide(VIEWERS_PER_SESSION).cast("int");
    Column anchor = session.mod(ANCHORS);
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
        .withColumn("user_id", concat(lit("u"), session.multiply(7919).plus(viewer.multiply(104_729)).mod(USER_POOL).cast("string")))
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
