package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.cleaning.CleaningProcessor;
import io.livelake.ingestion.cleaning.Verdict;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The accounting of a batch the state store judged ({@link CleaningProcessor#judgeRows}), from its rows in one
 * Spark job: records by final outcome (a reason found while parsing first, as the quarantine stores it, then
 * the rules' verdict), the events retracted, and the newest event time of each source partition.
 */
final class StoreTally {
  long records;
  final Map<String, Long> byReason = new TreeMap<>();
  final Map<String, Long> byRule = new TreeMap<>();
  long retracted;
  final Map<Integer, Long> partitionMax = new HashMap<>();
  Long maxEventTime;

  static StoreTally of(Dataset<Row> judgedRows) {
    Column reason = col("row.reason");
    Column judged = CleaningProcessor.judged(reason);
    StoreTally t = new StoreTally();
    for (Row g : judgedRows.groupBy(col("kind"), reason.alias("reason"), col("code"),
            coalesce(col("abnormal"), lit(false)).alias("abnormal"),
            col("row.source_partition").cast("int").alias("partition"))
        .agg(count(lit(1)), sum("retracted_events"), max(when(judged, col("row.event_time").cast("long"))))
        .collectAsList()) {
      String kind = g.getString(0);
      long n = g.getLong(5);
      switch (kind) {
        case CleaningProcessor.RETRACTION -> t.retracted += g.getLong(6);
        case CleaningProcessor.ROW -> {
          t.records += n;
          if (!g.isNullAt(1)) t.byReason.merge(g.getString(1), n, Long::sum);
          if (!g.isNullAt(7)) {
            long newest = g.getLong(7);
            t.partitionMax.merge(g.getInt(4), newest, Math::max);
            t.maxEventTime = t.maxEventTime == null ? newest : Math.max(t.maxEventTime, newest);
          }
        }
        // An event a value rule rejected already counts by that reason, which the quarantine keeps.
        default -> {
          if (g.getBoolean(3)) continue;
          if (kind.equals(Verdict.QUARANTINE)) t.byReason.merge(g.getString(2), n, Long::sum);
          else t.byRule.merge(g.getString(2), n, Long::sum);
        }
      }
    }
    return t;
  }

  BatchOutcome outcome(long batchId, long startedMs) {
    return BatchOutcome.of(batchId, records, byReason, byRule, retracted, startedMs);
  }
}
