package io.livelake.ingestion;

import io.delta.tables.DeltaTable;
import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Exactly-once appends of a pipeline's micro-batches. Every append carries {@code <app>:<batch id>}
 * as the user metadata of its Delta commit; only a batch that may be a replay (the first after a
 * start or a failure) looks for its mark in the table's history before writing. Delta's own
 * txnAppId does the same check on every write, at the price of rebuilding the table's full state
 * each time (three Spark jobs and about 0.4 s per append here).
 */
final class BatchCommits {
  private BatchCommits() {}

  static String mark(String app, long batchId) { return app + ":" + batchId; }

  /**
   * Whether batch {@code batchId} of {@code app} already committed to table {@code t}: the newest
   * commit marked by {@code app} tells, since a pipeline commits its batches in order.
   *
   * @throws IllegalStateException if the table holds a later batch of {@code app}: the stream's
   *     checkpoint does not belong to these tables
   */
  static boolean committed(Lake lake, TableDef t, String app, long batchId) {
    long newest = newest(lake, t, app);
    if (newest > batchId) {
      throw new IllegalStateException(t.fullName() + " already holds batch " + newest + " of " + app
          + ", later than batch " + batchId + " the stream is about to run: its checkpoint does not belong to"
          + " these tables (was it deleted or moved?)");
    }
    return newest == batchId;
  }

  /** The newest batch of {@code app} committed to table {@code t}; -1 when it holds none. */
  static long newest(Lake lake, TableDef t, String app) {
    DeltaTable table = lake.delta(t);
    String prefix = app + ":";
    for (int n = 100; ; n *= 10) {
      List<Row> commits = table.history(n).select("version", "userMetadata").collectAsList().stream()
          .sorted(Comparator.comparingLong((Row r) -> r.getLong(0)).reversed()).toList();
      for (Row r : commits) {
        String m = r.getString(1);
        if (m != null && m.startsWith(prefix)) return Long.parseLong(m.substring(prefix.length()));
      }
      if (commits.size() < n) return -1;
    }
  }
}
