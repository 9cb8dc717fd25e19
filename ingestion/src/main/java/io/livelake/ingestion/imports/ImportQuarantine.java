package io.livelake.ingestion.imports;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What bronze.quarantine holds of one import run, traced to the input rows: by {@code import_file} and
 * {@code import_line} in the payload, or for records staged as they are (jsonl), by the staged file's
 * name and line, which are the input's.
 */
public final class ImportQuarantine {
  /** One quarantined record: its input file and line (and last line for an invoice of several rows). */
  public record Quarantined(String file, Long line, Long lastLine, String reason, String detail) {
    /** {@code file:line}, {@code file:first-last} or {@code file} (a file that could not be read), the reason and what was wrong. */
    @Override
    public String toString() {
      return file + (line == null ? "" : ":" + line) + (lastLine == null || lastLine.equals(line) ? "" : "-" + lastLine)
          + " " + reason + ": " + detail;
    }
  }

  private final Map<String, Long> byReason;
  private final List<Quarantined> first;

  private ImportQuarantine(Map<String, Long> byReason, List<Quarantined> first) {
    this.byReason = byReason;
    this.first = first;
  }

  /**
   * Reads the quarantine rows of the records staged under {@code events} (a run's directory under
   * {@code <lake>/_import}), keeping the first {@code limit} in input order.
   */
  public static ImportQuarantine read(Lake lake, Path events, int limit) {
    // The file source names files by URI (file:/..., escaped): match the run's own directory names, which need no escape.
    String run = "/_import/" + events.getParent().getFileName() + "/" + events.getFileName() + "/";
    Dataset<Row> q = lake.read(Tables.QUARANTINE).where(col("source_file").contains(run));
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Row r : q.groupBy("reason").count().orderBy(desc("count"), col("reason")).collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    Column staged = regexp_replace(regexp_extract(col("source_file"), "([^/]*)$", 1), "\\.jsonl$", "");
    List<Quarantined> rows = q.select(
            coalesce(get_json_object(col("payload"), "$." + Staging.FILE), staged).alias("file"),
            coalesce(get_json_object(col("payload"), "$." + Staging.LINE).cast("long"), col("source_line")).alias("line"),
            get_json_object(col("payload"), "$." + Staging.LAST_LINE).cast("long").alias("last"),
            col("reason"),
            coalesce(get_json_object(col("payload"), "$." + Staging.PROBLEM), col("detail")).alias("detail"))
        .orderBy("file", "line").limit(limit).collectAsList().stream()
        .map(r -> new Quarantined(r.getString(0), r.isNullAt(1) ? null : r.getLong(1), r.isNullAt(2) ? null : r.getLong(2), r.getString(3),
            r.getString(4)))
        .toList();
    return new ImportQuarantine(byReason, rows);
  }

  /** Quarantined records per reason, most first. */
  public Map<String, Long> byReason() { return byReason; }

  /** The first quarantined records in input order, up to the limit read. */
  public List<Quarantined> first() { return first; }

  /** All quarantined records. */
  public long total() { return byReason.values().stream().mapToLong(Long::longValue).sum(); }
}
