package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.Indicator;
import io.livelake.indicators.IndicatorsJob;
import io.livelake.serve.BiServer;
import io.livelake.serve.DashboardQueries;
import io.livelake.serve.DashboardQueries.Query;
import io.livelake.serve.ServeOptions;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The BI endpoint's latency: the README's dashboard set, plus one query that scans the whole OBT,
 * run warm through Trino's JDBC and, with the same SQL, through a warm Spark session, p50 and p95
 * per query; and the time from starting `serve` to its first answered query.
 *
 * <p>Usage: {@code ServeBench lake DIR} (an existing lake, e.g. the demo's) or
 * {@code ServeBench synthetic ROWS DIR} (a lake with a ROWS-row OBT synthesized as IndicatorsBench
 * does, its gold tables computed by the indicators job, KPIs per minute aggregated from the OBT,
 * one event in 200 quarantined and the 14 indicator weights).
 */
public final class ServeBench {
  private static final int WARMUP = 3;
  private static final int RUNS = 20;
  private static final Query OBT_SCAN = new Query("obt_scan", "Events per platform and type over the whole OBT",
      "SELECT platform, event_type, count(*) AS events FROM silver.events_obt GROUP BY platform, event_type "
          + "ORDER BY platform, event_type");

  private ServeBench() {}

  public static void main(String[] args) throws Exception {
    boolean synthetic = args.length > 0 && args[0].equals("synthetic");
    if (args.length != (synthetic ? 3 : 2) || !(synthetic || args[0].equals("lake"))) {
      System.err.println("usage: ServeBench lake DIR | ServeBench synthetic ROWS DIR");
      System.exit(2);
    }
    Path lakeDir = Path.of(args[args.length - 1]).toAbsolutePath();
    LiveLakeConfig config = new ConfigLoader().file(null)
        .flag("lake.root", lakeDir.toString(), "bench")
        .flag("serve.dir", lakeDir.resolveSibling(lakeDir.getFileName() + "-trino").toString(), "bench")
        .flag("serve.port", "18090", "bench")
        .flag("serve.readable.schemas", "gold,bronze,silver", "bench").load();
    SparkSession spark = LakeSessions.create(config, "serve-bench");
    Lake lake = new Lake(spark, LakePaths.of(config));
    if (synthetic) synthesize(lake, config, Long.parseLong(args[1]));
    lake.registerExisting();
    long obtRows = lake.read(Tables.EVENTS_OBT).count();

    List<Query> queries = new ArrayList<>(DashboardQueries.ALL);
    queries.add(OBT_SCAN);
    ServeOptions options = ServeOptions.of(config, false);
    long t0 = System.nanoTime();
    try (BiServer server = BiServer.start(options, ServeBench::say)) {
      double readyS = (System.nanoTime() - t0) / 1e9;
      try (Connection c = connect(options)) {
        rows(c, queries.get(0).sql());
        double firstAnswerS = (System.nanoTime() - t0) / 1e9;
        StringJoiner figures = new StringJoiner(",");
        for (Query q : queries) {
          int trinoRows = rows(c, q.sql());
          int sparkRows = spark.sql(q.sql()).collectAsList().size();
          if (trinoRows != sparkRows) {
            throw new IllegalStateException(q.name() + ": Trino returned " + trinoRows + " rows, Spark " + sparkRows);
          }
          double[] trino = times(() -> rows(c, q.sql()));
          double[] sparkMs = times(() -> spark.sql(q.sql()).collectAsList().size());
          say(String.format(Locale.ROOT, "%-18s rows %,6d  trino p50 %7.0f ms p95 %7.0f ms  spark p50 %7.0f ms p95 %7.0f ms",
              q.name(), trinoRows, pct(trino, 50), pct(trino, 95), pct(sparkMs, 50), pct(sparkMs, 95)));
          figures.add(String.format(Locale.ROOT,
              "{\"query\":\"%s\",\"rows\":%d,\"trino_p50_ms\":%.0f,\"trino_p95_ms\":%.0f,\"spark_p50_ms\":%.0f,\"spark_p95_ms\":%.0f}",
              q.name(), trinoRows, pct(trino, 50), pct(trino, 95), pct(sparkMs, 50), pct(sparkMs, 95)));
        }
        System.out.printf(Locale.ROOT,
            "{\"bench\":\"serve\",\"lake\":\"%s\",\"obt_rows\":%d,\"serve_ready_s\":%.1f,\"first_answer_s\":%.1f,"
                + "\"runs\":%d,\"queries\":[%s],\"cores\":%d}%n",
            synthetic ? "synthetic" : "existing", obtRows, readyS, firstAnswerS, RUNS, figures,
            java.lang.Runtime.getRuntime().availableProcessors());
      }
    }
    spark.stop();
  }

  private static Connection connect(ServeOptions options) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "bench");
    return DriverManager.getConnection(options.jdbcUrl(), p);
  }

  private static int rows(Connection c, String sql) throws Exception {
    int n = 0;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        for (int i = 1; i <= columns; i++) r.getObject(i);
        n++;
      }
    }
    return n;
  }

  /** Milliseconds of {@link #RUNS} runs after {@link #WARMUP} unmeasured ones. */
  private static double[] times(Callable<Integer> run) throws Exception {
    for (int i = 0; i < WARMUP; i++) run.call();
    double[] ms = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t = System.nanoTime();
      run.call();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  /** The nearest-rank percentile of sorted values. */
  private static double pct(double[] sorted, int p) {
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void synthesize(Lake lake, LiveLakeConfig config, long rows) {
    SparkSession spark = lake.spark();
    lake.ensure(Tables.EVENTS_OBT);
    say(String.format(Locale.ROOT, "synthesizing %,d OBT rows", rows));
    SyntheticObt.BENCH.rows(spark, rows)
        .write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
    IndicatorsJob.run(lake, config, false, ServeBench::say);
    Dataset<Row> obt = lake.read(Tables.EVENTS_OBT).where(col("session_id").isNotNull());

    say("aggregating gold.realtime_kpis from the OBT");
    lake.ensure(Tables.REALTIME_KPIS);
    obt.groupBy(col("session_id"), col("event_minute").as("window_start"))
        .agg(first("platform").as("platform"), first("anchor_id").as("anchor_id"),
            countDistinct("user_id").as("viewers"),
            count(when(col("event_type").equalTo("comment"), 1)).as("comments"),
            count(when(col("event_type").equalTo("like"), 1)).as("likes"),
            count(when(col("event_type").equalTo("share"), 1)).as("shares"),
            count(when(col("event_type").equalTo("gift"), 1)).as("gifts"),
            coalesce(sum("gift_value"), lit(0.0)).as("gift_value"),
            count(when(col("event_type").equalTo("product_click"), 1)).as("product_clicks"),
            count(when(col("event_type").equalTo("order_paid"), 1)).as("orders"),
            countDistinct(when(col("event_type").equalTo("order_paid"), col("user_id"))).as("buyers"),
            coalesce(sum(when(col("event_type").equalTo("order_paid"), col("amount_reporting"))), lit(0.0)).as("gmv"))
        .withColumn("window_end", col("window_start").plus(expr("INTERVAL 1 MINUTE")))
        .withColumn("conversion", col("buyers").divide(col("viewers")))
        .withColumn("updated_at", current_timestamp())
        .select(Arrays.stream(Tables.REALTIME_KPIS.schema().fieldNames()).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new))
        .write().format("delta").mode("append").save(lake.path(Tables.REALTIME_KPIS));

    say("quarantining one event in 200");
    lake.ensure(Tables.QUARANTINE);
    String[] reasons = {"late", "bot_burst", "schema_violation", "malformed_json", "abnormal_order_amount"};
    Dataset<Row> q = obt.where(abs(xxhash64(col("event_id"))).mod(200).equalTo(0))
        .withColumn("reason", element_at(array(Arrays.stream(reasons).map(org.apache.spark.sql.functions::lit).toArray(org.apache.spark.sql.Column[]::new)),
            abs(xxhash64(col("event_id"), lit(3))).mod(reasons.length).plus(1).cast("int")))
        .withColumn("detail", lit("synthesized"))
        .withColumn("payload", to_json(struct(col("event_id"), col("event_type"), col("user_id"), col("session_id"))))
        .withColumn("ingest_date", to_date(col("event_time")));
    q.select(Arrays.stream(Tables.QUARANTINE.schema().fieldNames())
            .map(f -> Arrays.asList(q.columns()).contains(f) ? col(f) : lit(null).cast(Tables.QUARANTINE.schema().apply(f).dataType()).as(f))
            .toArray(org.apache.spark.sql.Column[]::new))
        .write().format("delta").mode("append").save(lake.path(Tables.QUARANTINE));

    say("writing the 14 indicator weights");
    lake.ensure(Tables.INDICATOR_WEIGHTS);
    List<Row> weights = new ArrayList<>();
    Indicator[] all = Indicator.values();
    for (String method : List.of("permutation", "connection_weight")) {
      for (int i = 0; i < all.length; i++) {
        double w = (all.length - i) / (all.length * (all.length + 1) / 2.0);
        weights.add(org.apache.spark.sql.RowFactory.create("m-bench", method, all[i].name(), all[i].title(), w, i + 1,
            w * 0.8, w * 1.2, w, null, new java.sql.Timestamp(System.currentTimeMillis())));
      }
    }
    spark.createDataFrame(weights, Tables.INDICATOR_WEIGHTS.schema())
        .write().format("delta").mode("append").save(lake.path(Tables.INDICATOR_WEIGHTS));
  }

  private static void say(String line) {
    System.err.printf(Locale.ROOT, "bench %tT %s%n", System.currentTimeMillis(), line);
  }
}
