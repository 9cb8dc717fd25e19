package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.report.Report;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Time to write the report (the code `livelake report` runs, JVM and Spark start excluded) on a lake,
 * cold (the process's first) and warm, and then warm on a larger lake grown from it: the session-keyed tables (OBT, KPIs, quarantine, batches,
 * indicators, daily rollups, cohorts, scores, levers) copied until they hold at least N sessions, each
 * copy's sessions, events and orders renamed and its dates moved a whole number of weeks later, as
 * the same anchors and users live on; the model, segment and data-quality tables stay as they are.
 * Usage: ReportBench SOURCE_LAKE SESSIONS [WORK_DIR].
 */
public final class ReportBench {
  /** Tables grown by copying; every other table the report reads is linked as it is. */
  static final List<TableDef> GROWN = List.of(Tables.EVENTS_OBT, Tables.REALTIME_KPIS, Tables.QUARANTINE,
      Tables.INGEST_BATCHES, Tables.SESSION_INDICATORS, Tables.PLATFORM_DAILY, Tables.ANCHOR_DAILY, Tables.RETENTION_COHORTS,
      Tables.PERFORMANCE_SCORES, Tables.SESSION_LEVERS);
  static final List<TableDef> KEPT = List.of(Tables.MODEL_METRICS, Tables.TRAINING_HISTORY, Tables.INDICATOR_WEIGHTS,
      Tables.USER_STICKINESS, Tables.SEGMENT_PROFILES, Tables.DATA_QUALITY);
  /** Columns that identify a session, event, order or batch: a copy's get a suffix so they stay distinct. */
  static final Set<String> IDS = Set.of("session_id", "event_id", "order_id");

  public static void main(String[] args) throws Exception {
    if (args.length < 2) throw new IllegalArgumentException("usage: ReportBench SOURCE_LAKE SESSIONS [WORK_DIR]");
    String sourceRoot = Path.of(args[0]).toAbsolutePath().toString();
    long target = Long.parseLong(args[1]);
    Path work = args.length > 2 ? Scratch.named(args[2]) : Scratch.directory("livelake-bench-report");
    LiveLakeConfig sourceConfig = config(sourceRoot);
    SparkSession spark = LakeSessions.create(sourceConfig, "livelake-bench-report");
    Lake source = new Lake(spark, LakePaths.of(sourceConfig)).registerExisting();
    long sessions = source.read(Tables.SESSION_INDICATORS).count();

    // The first report pays for the JVM's and Spark's first queries, as a `livelake report` run does; the
    // second is the report's own work, the measure the larger lake's (written after these) is comparable to.
    double coldSeconds = timeReport(source, work.resolve("report-cold"));
    double sourceSeconds = timeReport(source, work.resolve("report-source"));
    int copies = (int) Math.ceil((double) target / sessions);
    Lake grown = new Lake(spark, LakePaths.of(config(work.resolve("lake").toString())));
    long t0 = System.nanoTime();
    grow(source, grown, copies);
    double growSeconds = (System.nanoTime() - t0) / 1e9;
    long grownSessions = grown.read(Tables.SESSION_INDICATORS).count();
    long grownEvents = grown.read(Tables.EVENTS_OBT).count();
    double grownSeconds = timeReport(grown, work.resolve("report-grown"));
    System.out.println(String.format(Locale.ROOT, "{\"bench\":\"report\",\"source_sessions\":%d,\"source_obt_rows\":%d,"
        + "\"source_report_cold_s\":%.1f,\"source_report_s\":%.1f,\"copies\":%d,\"sessions\":%d,\"obt_rows\":%d,"
        + "\"grow_s\":%.1f,\"report_s\":%.1f,\"cores\":%d}", sessions, source.read(Tables.EVENTS_OBT).count(), coldSeconds,
        sourceSeconds, copies, grownSessions, grownEvents, growSeconds, grownSeconds,
        java.lang.Runtime.getRuntime().availableProcessors()));
    spark.stop();
  }

  private static LiveLakeConfig config(String root) {
    return new ConfigLoader().file(null).flag("lake.root", root, "bench").load();
  }

  /** Writes the report as `livelake report` does and returns its seconds. */
  static double timeReport(Lake lake, Path out) {
    Report.Options options = new Report.Options(out, null, null, "CNY", 10,
        ModelRegistry.of(lake).latest().map(m -> new Report.ModelNotes(m.version(), m.warnings())).orElse(null));
    long t0 = System.nanoTime();
    Report.Written w = Report.write(lake, options, line -> System.err.println("report: " + line));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf(Locale.ROOT, "report of %s: %d pages, %d charts in %.1f s%n", lake.paths().root(), w.pages().size(),
        w.charts().size(), seconds);
    return seconds;
  }

  /** Writes {@code copies} copies of the source's grown tables, and the kept ones once, into {@code to}. */
  static void grow(Lake from, Lake to, int copies) {
    long days = from.read(Tables.SESSION_INDICATORS).agg(datediff(max("session_date"), min("session_date"))).first()
        .getInt(0);
    // Whole weeks, so that cohort weeks stay Mondays; one more than the data spans, so copies do not overlap.
    long shift = 7 * (days / 7 + 2);
    Dataset<Row> copy = from.spark().range(copies).toDF("copy");
    for (TableDef t : GROWN) {
      if (!from.exists(t)) continue;
      List<Column> cols = new ArrayList<>();
      for (StructField f : from.read(t).schema().fields()) cols.add(shifted(f, shift).as(f.name()));
      write(to, t, from.read(t).crossJoin(copy).select(cols.toArray(Column[]::new)));
      System.err.printf(Locale.ROOT, "grown %s%n", t.fullName());
    }
    for (TableDef t : KEPT) if (from.exists(t)) write(to, t, from.read(t));
    copyModels(from, to);
  }

  private static Column shifted(StructField f, long shift) {
    Column c = col(f.name());
    Column days = col("copy").multiply(shift);
    if (IDS.contains(f.name())) return when(col("copy").equalTo(0), c).otherwise(concat(c, lit("-c"), col("copy")));
    if (f.dataType().equals(DataTypes.DateType)) return date_add(c, days.cast("int"));
    if (f.dataType().equals(DataTypes.TimestampType)) return c.plus(make_dt_interval(days.cast("int"), lit(0), lit(0), lit(0)));
    if (f.name().equals("batch_id")) return c.plus(col("copy").multiply(1_000_000L));
    return c;
  }

  private static void write(Lake to, TableDef t, Dataset<Row> rows) {
    to.ensure(t);
    rows.write().format("delta").mode("append").save(to.path(t));
  }

  /** The registry's metadata, so that the grown lake's report shows the same model warnings. */
  private static void copyModels(Lake from, Lake to) {
    try {
      Path src = from.paths().localRoot().resolve("_models");
      if (!java.nio.file.Files.isDirectory(src)) return;
      Path dst = to.paths().localRoot().resolve("_models");
      try (var files = java.nio.file.Files.walk(src)) {
        for (Path p : files.toList()) {
          Path d = dst.resolve(src.relativize(p).toString());
          if (java.nio.file.Files.isDirectory(p)) java.nio.file.Files.createDirectories(d);
          else java.nio.file.Files.copy(p, d, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
