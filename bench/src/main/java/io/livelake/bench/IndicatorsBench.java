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
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * `livelake indicators` over a synthetic silver.events_obt: a full build, then an incremental run
 * after a small batch of late events. Usage: IndicatorsBench [rows=10000000] [lake dir].
 *
 * <p>The OBT is {@link SyntheticObt#BENCH}, synthesized with Spark, not ingested (ingestion has its
 * own benchmark).
 */
public final class IndicatorsBench {
  private IndicatorsBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = args.length > 1 ? Scratch.named(args[1]) : Scratch.directory("livelake-indicators-bench");
    LiveLakeConfig config = new ConfigLoader().file(null).flag("lake.root", dir.resolve("lake").toString(), "bench").load();
    SparkSession spark = LakeSessions.create(config, "indicators-bench");
    Lake lake = new Lake(spark, LakePaths.of(config));
    lake.ensure(Tables.EVENTS_OBT);

    long t0 = System.nanoTime();
    SyntheticObt.BENCH.rows(spark, rows).write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
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
}
