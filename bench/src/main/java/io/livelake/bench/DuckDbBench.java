package io.livelake.bench;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.indicators.IndicatorsJob;
import io.livelake.indicators.SessionIndicators;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The indicators beside DuckDB (issue 20): the same synthetic OBT ({@link SyntheticObt#BENCH}) as
 * Parquet, the per-session counts, 14 raw indicators and outcomes computed by DuckDB in process
 * (duckdb-indicators.sql) and by LiveLake, in one run on one machine; the rows are checked equal value
 * by value ({@link IndicatorRowsMatch}) before any time is printed, and the run fails if they differ.
 * Usage: DuckDbBench [rows=10000000] [work dir].
 *
 * <p>Times: LiveLake's whole `indicators --full` job (IndicatorsJob over the Delta OBT: indicators,
 * outcome, normalization, MERGE, rollups, stickiness, cohorts), and {@link SessionIndicators#compute}
 * alone over the Parquet files written to Parquet (what DuckDB's query does); DuckDB's query straight
 * over the Parquet files (its total, reading included), and its load of the files into a table and the
 * query over that table (the query alone). Writing the OBT and exporting it to Parquet are timed apart.
 */
public final class DuckDbBench {
  private DuckDbBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path dir = args.length > 1 ? Scratch.named(args[1]) : Scratch.directory("livelake-duckdb-bench");
    double loadBefore = loadAverage();
    LiveLakeConfig config = new ConfigLoader().file(null).flag("lake.root", dir.resolve("lake").toString(), "bench").load();
    int days = config.getInt(Settings.OUTCOME_DAYS);
    SparkSession spark = LakeSessions.create(config, "duckdb-bench");
    Lake lake = new Lake(spark, LakePaths.of(config));
    if (lake.exists(Tables.EVENTS_OBT)) {
      throw new IllegalArgumentException(dir + " already holds a lake: give a new directory");
    }
    lake.ensure(Tables.EVENTS_OBT);

    long t = System.nanoTime();
    SyntheticObt.BENCH.rows(spark, rows).write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
    double generateS = seconds(t);
    stage(String.format(Locale.ROOT, "%,d OBT rows written in %.1f s", rows, generateS));

    Path parquet = dir.resolve("obt-parquet");
    t = System.nanoTime();
    lake.read(Tables.EVENTS_OBT).write().parquet(parquet.toString());
    double exportS = seconds(t);
    stage(String.format(Locale.ROOT, "OBT exported to Parquet (%,d bytes) in %.1f s", size(parquet), exportS));

    IndicatorsJob.Result full = IndicatorsJob.run(lake, config, true, DuckDbBench::stage);
    stage(full.summary());

    t = System.nanoTime();
    Dataset<Row> obt = spark.read().parquet(parquet.toString());
    SessionIndicators.compute(obt, obt, obt, days, ZoneOffset.UTC).write().parquet(dir.resolve("livelake-compute").toString());
    double computeS = seconds(t);
    stage(String.format(Locale.ROOT, "SessionIndicators.compute over the Parquet OBT to Parquet in %.1f s", computeS));

    String files = parquet.resolve("*.parquet").toString();
    try (Connection duck = DuckDb.open(dir.resolve("duckdb-tmp"), Runtime.getRuntime().maxMemory());
        Statement s = duck.createStatement()) {
      DuckDb.setOutcomeDays(s, days);
      // Its total first, while its own caches are cold (the OS's file cache is warm for both engines).
      s.execute("CREATE VIEW obt AS SELECT * FROM read_parquet('" + files + "')");
      t = System.nanoTime();
      s.execute("CREATE TABLE from_files AS " + DuckDb.indicatorsSql());
      double parquetQueryS = seconds(t);
      stage(String.format(Locale.ROOT, "DuckDB: indicators straight from Parquet in %.1f s", parquetQueryS));
      s.execute("DROP VIEW obt");
      t = System.nanoTime();
      s.execute("CREATE TABLE obt AS SELECT * FROM read_parquet('" + files + "')");
      double loadS = seconds(t);
      t = System.nanoTime();
      s.execute("CREATE TABLE from_table AS " + DuckDb.indicatorsSql());
      double queryS = seconds(t);
      stage(String.format(Locale.ROOT, "DuckDB: Parquet loaded in %.1f s, indicators from the table in %.1f s", loadS, queryS));

      IndicatorRowsMatch.Rows gold = IndicatorRowsMatch.Rows.of(lake.read(Tables.SESSION_INDICATORS));
      long compared = IndicatorRowsMatch.check(DuckDb.rows(s, "from_files"), gold, "DuckDB from Parquet", "gold.session_indicators")
          + IndicatorRowsMatch.check(DuckDb.rows(s, "from_table"), gold, "DuckDB from its table", "gold.session_indicators");
      stage(String.format(Locale.ROOT, "equal: %,d values of %,d sessions, twice", compared / 2, full.sessions()));

      System.out.printf(Locale.ROOT,
          "{\"bench\":\"duckdb\",\"obt_rows\":%d,\"sessions\":%d,\"equal\":true,\"values_compared\":%d,"
              + "\"livelake_full_run_s\":%.1f,\"livelake_compute_s\":%.1f,\"duckdb_from_parquet_s\":%.1f,"
              + "\"duckdb_load_s\":%.1f,\"duckdb_query_s\":%.1f,\"full_run_vs_duckdb\":%.1f,\"compute_vs_duckdb\":%.1f,"
              + "\"generate_s\":%.1f,\"parquet_export_s\":%.1f,\"parquet_bytes\":%d,\"duckdb_version\":\"%s\","
              + "\"duckdb_threads\":%s,\"cores\":%d,\"max_heap_gb\":%.1f,\"load_before\":%.2f,\"load_after\":%.2f}%n",
          rows, full.sessions(), compared / 2, full.seconds(), computeS, parquetQueryS, loadS, queryS,
          full.seconds() / parquetQueryS, computeS / parquetQueryS, generateS, exportS, size(parquet),
          DuckDb.setting(s, "SELECT version()"), DuckDb.setting(s, "SELECT current_setting('threads')"),
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1e9, loadBefore, loadAverage());
    }
    spark.stop();
  }

  /** DuckDB in process over JDBC, and the indicators' SQL. */
  static final class DuckDb {
    private DuckDb() {}

    /**
     * An in-memory database in UTC, like LiveLake's Spark session (session_date is the start's UTC
     * date), limited to {@code memoryBytes} (the JVM's heap, so both engines get the same memory) and
     * spilling to {@code spill}. It uses every core, as Spark's local[*] does.
     */
    static Connection open(Path spill, long memoryBytes) throws SQLException {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = c.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET memory_limit = '" + memoryBytes / (1L << 20) + "MiB'");
        s.execute("SET temp_directory = '" + spill + "'");
      }
      return c;
    }

    /** The variable duckdb-indicators.sql reads as indicators.outcome.days. */
    static void setOutcomeDays(Statement s, int days) throws SQLException {
      s.execute("SET VARIABLE outcome_days = " + days);
    }

    /** duckdb-indicators.sql: one row per session of the table or view {@code obt}. */
    static String indicatorsSql() throws IOException {
      try (InputStream in = DuckDbBench.class.getResourceAsStream("duckdb-indicators.sql")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    /** The rows of {@code table} as {@link IndicatorRowsMatch} takes them. */
    static IndicatorRowsMatch.Rows rows(Statement s, String table) throws SQLException {
      return IndicatorRowsMatch.Rows.of(s.executeQuery("SELECT * FROM " + table));
    }

    static String setting(Statement s, String query) throws SQLException {
      try (java.sql.ResultSet r = s.executeQuery(query)) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static double seconds(long startNanos) { return (System.nanoTime() - startNanos) / 1e9; }

  /** The one-minute load average: other work on the machine shares its cores. */
  private static double loadAverage() { return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(); }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void stage(String line) {
    System.err.printf(Locale.ROOT, "bench %tT %s%n", System.currentTimeMillis(), line);
  }
}
