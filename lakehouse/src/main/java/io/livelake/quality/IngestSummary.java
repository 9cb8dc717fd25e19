package io.livelake.quality;

import static org.apache.spark.sql.functions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the ingestion did in the micro-batches not yet reported (ops.ingest_batches), for
 * gold.data_quality. A batch is reported once: the newest batch id per pipeline already reported
 * is carried from run to run.
 */
public record IngestSummary(long batches, long recordsIn, long accepted, long quarantined,
    Map<String, Long> quarantinedByReason, long duplicates, Map<String, Long> duplicatesByRule, long late,
    long retracted, Map<String, Long> covered) {

  /** Sums the rows of {@code ingestBatches} newer than {@code covered} (pipeline → newest batch id reported). */
  public static IngestSummary since(Dataset<Row> ingestBatches, Map<String, Long> covered) {
    Column fresh = lit(true);
    for (Map.Entry<String, Long> e : covered.entrySet()) {
      fresh = fresh.and(not(col("pipeline").equalTo(e.getKey()).and(col("batch_id").leq(e.getValue()))));
    }
    long batches = 0, in = 0, accepted = 0, quarantined = 0, duplicates = 0, late = 0, retracted = 0;
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, Long> byRule = new TreeMap<>();
    Map<String, Long> newest = new HashMap<>(covered);
    for (Row r : ingestBatches.where(fresh).select("pipeline", "batch_id", "records_in", "accepted", "quarantined",
        "duplicates", "late", "retracted", "quarantined_by_reason", "duplicates_by_rule").collectAsList()) {
      batches++;
      newest.merge(r.getString(0), r.getLong(1), Math::max);
      in += value(r, 2);
      accepted += value(r, 3);
      quarantined += value(r, 4);
      duplicates += value(r, 5);
      late += value(r, 6);
      retracted += value(r, 7);
      addAll(byReason, r, 8);
      addAll(byRule, r, 9);
    }
    return new IngestSummary(batches, in, accepted, quarantined, byReason, duplicates, byRule, late, retracted, newest);
  }

  private static long value(Row r, int i) { return r.isNullAt(i) ? 0 : r.getLong(i); }

  private static void addAll(Map<String, Long> into, Row r, int i) {
    if (r.isNullAt(i)) return;
    Map<String, Long> m = r.getJavaMap(i);
    m.forEach((k, v) -> into.merge(k, v, Long::sum));
  }
}
