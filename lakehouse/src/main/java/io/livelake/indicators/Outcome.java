package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.ConfigException;
import io.livelake.config.Settings;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The marketing-performance outcome of a session. Default: paid GMV net of refunds (reporting
 * currency) that the session's viewers spent anywhere — in this or another session or in the shop —
 * from the session start to {@code days} days after its end, per distinct viewer. An order and its
 * refund count when each falls in the window.
 */
public final class Outcome {
  private Outcome() {}

  /** (session_id, outcome_gmv_per_viewer) for every session in {@code sessionEvents}; 0 for a session without viewers. */
  public static Dataset<Row> gmvPerViewer(Dataset<Row> sessionEvents, Dataset<Row> purchases, int days) {
    Dataset<Row> events = sessionEvents.where(col("session_id").isNotNull());
    Dataset<Row> windows = events.groupBy("session_id").agg(
        coalesce(max("session_start"), min("event_time")).alias("session_start"),
        coalesce(max("session_end"), max("event_time")).alias("session_end"));
    return windows.join(gmvPerViewer(SessionIndicators.viewerVisits(events), windows, purchases, days), "session_id", "left")
        .select(col("session_id"), coalesce(col("outcome_gmv_per_viewer"), lit(0.0)).alias("outcome_gmv_per_viewer"));
  }

  /** The same from (session_id, user_id) viewer pairs and (session_id, session_start, session_end); sessions without viewers are absent. */
  static Dataset<Row> gmvPerViewer(Dataset<Row> viewerPairs, Dataset<Row> windows, Dataset<Row> purchases, int days) {
    Dataset<Row> money = purchases
        .where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED).and(col("user_id").isNotNull()))
        .select(col("user_id").alias("buyer"), unix_millis(col("event_time")).alias("t"),
            when(col("event_type").equalTo(SessionIndicators.PAID), col("amount_reporting").cast(SessionIndicators.MONEY))
                .otherwise(col("amount_reporting").cast(SessionIndicators.MONEY).multiply(-1)).alias("signed"));
    Dataset<Row> viewers = viewerPairs.select("session_id", "user_id")
        .join(windows.select(col("session_id"), unix_millis(col("session_start")).alias("from_ms"),
            unix_millis(col("session_end")).plus(lit(days * 86_400_000L)).alias("to_ms")), "session_id");
    Dataset<Row> spent = viewers
        .join(money, viewers.col("user_id").equalTo(money.col("buyer"))
            .and(money.col("t").between(viewers.col("from_ms"), viewers.col("to_ms"))))
        .groupBy("session_id").agg(sum("signed").alias("net"));
    return viewers.groupBy("session_id").agg(count(lit(1)).alias("n"))
        .join(spent, "session_id", "left")
        .select(col("session_id"), coalesce(col("net"), lit(0).cast(SessionIndicators.MONEY)).cast("double")
            .divide(col("n").cast("double")).alias("outcome_gmv_per_viewer"));
  }

  /**
   * Sets {@code outcome}: from {@code external} (session_id, outcome) when given — null for
   * sessions it does not list — else the default outcome_gmv_per_viewer.
   */
  public static Dataset<Row> withOutcome(Dataset<Row> rows, Dataset<Row> external) {
    if (external == null) return rows.withColumn("outcome", col("outcome_gmv_per_viewer"));
    Dataset<Row> e = external.select(col("session_id").cast("string").alias("_ext_session"),
        col("outcome").cast("double").alias("_ext_outcome"));
    return rows.join(e, rows.col("session_id").equalTo(e.col("_ext_session")), "left")
        .withColumn("outcome", col("_ext_outcome"))
        .drop("_ext_session", "_ext_outcome");
  }

  /**
   * Reads the table named by indicators.outcome.table: a Delta directory, a .csv (with header) or
   * .parquet path, or a table name in the catalog. It must have session_id and outcome, one row per session.
   */
  public static Dataset<Row> readExternal(SparkSession spark, String location) {
    String key = Settings.OUTCOME_TABLE.key();
    Dataset<Row> t;
    try {
      String lower = location.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".csv")) {
        t = spark.read().option("header", "true").option("inferSchema", "true").csv(location);
      } else if (lower.endsWith(".parquet")) {
        t = spark.read().parquet(location);
      } else if (location.contains("/") || location.contains("\\")) {
        t = spark.read().format("delta").load(location);
      } else {
        t = spark.table(location);
      }
    } catch (Exception e) {
      throw new ConfigException(key + " = " + location + ": cannot be read (" + firstLine(e.getMessage()) + ")");
    }
    List<String> columns = List.of(t.columns());
    for (String c : List.of("session_id", "outcome")) {
      if (!columns.contains(c)) {
        throw new ConfigException(key + " = " + location + ": has no column '" + c + "' (columns: " + columns + ")");
      }
    }
    List<Row> dups = t.groupBy("session_id").agg(count(lit(1)).alias("n")).where(col("n").gt(1)).limit(1).collectAsList();
    if (!dups.isEmpty()) {
      throw new ConfigException(key + " = " + location + ": session_id " + dups.get(0).get(0) + " appears "
          + dups.get(0).getLong(1) + " times; one outcome per session is expected");
    }
    return t.select("session_id", "outcome");
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
