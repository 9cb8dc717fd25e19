package io.livelake.ingestion;

import io.delta.tables.DeltaTable;
import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Exactly-once appends of a pipeline's micro-batches. Every append carries {@code <app>:<batch id>@<query id>}
 * as the user metadata of its Delta commit: the query id is the streaming query's persistent id, kept
 * in its checkpoint, so a mark tells which checkpoint wrote it. Only a batch that may be a replay (the
 * first after a start or a failure) looks for the marks in the tables' history before writing. Delta's
 * own txnAppId does the same check on every write, at the price of rebuilding the table's full state
 * each time (three Spark jobs and about 0.4 s per append here).
 */
final class BatchCommits {
  private BatchCommits() {}

  /** A batch's mark; {@code owner} null (no query id) writes the form of versions before the query id. */
  static String mark(String app, long batchId, String owner) {
    return app + ":" + batchId + (owner == null ? "" : "@" + owner);
  }

  /** A parsed mark: the batch, and the query id that wrote it (null in marks of earlier versions). */
  record Mark(long batchId, String owner) {}

  /**
   * Which of {@code tables} already hold batch {@code batchId} (a replay), after making sure that the
   * checkpoint owns what the tables hold: the newest mark of {@code app} in each table must have been
   * written by query {@code owner} at or before this batch, or come before the checkpoint's first batch
   * (a recovered checkpoint takes over there). Marks without a query id, of versions before it, are
   * trusted to be the checkpoint's own when it has committed a batch, since a pipeline commits its
   * batches in order; a checkpoint that has committed none cannot have written them.
   *
   * @throws UnusableCheckpointException naming the first table that holds batches of another checkpoint,
   *     before anything is written
   */
  static Set<TableDef> replayed(Lake lake, List<TableDef> tables, String app, long batchId, String owner,
      StreamCheckpoint checkpoint) {
    Set<TableDef> done = new HashSet<>();
    for (TableDef t : tables) {
      Mark m = newestMark(lake, t, app);
      if (m == null) continue;
      boolean own = Objects.equals(m.owner(), owner) || m.owner() == null && checkpoint.hasCommits();
      if (!own && m.batchId() < checkpoint.firstBatch()) continue;
      if (!own) {
        throw checkpoint.refused(t.fullName() + " holds batch " + m.batchId() + " of " + app
            + " written through another checkpoint");
      }
      if (m.batchId() > batchId) {
        throw checkpoint.refused(t.fullName() + " already holds batch " + m.batchId() + " of " + app
            + ", later than batch " + batchId + " the checkpoint is about to run");
      }
      if (m.batchId() == batchId) done.add(t);
    }
    return done;
  }

  /** The newest batch of {@code app} committed to table {@code t}; -1 when it holds none. */
  static long newest(Lake lake, TableDef t, String app) {
    Mark m = newestMark(lake, t, app);
    return m == null ? -1 : m.batchId();
  }

  /** The newest mark of {@code app} in table {@code t}'s history; null when it holds none. */
  static Mark newestMark(Lake lake, TableDef t, String app) {
    DeltaTable table = lake.delta(t);
    String prefix = app + ":";
    for (int n = 100; ; n *= 10) {
      List<Row> commits = table.history(n).select("version", "userMetadata").collectAsList().stream()
          .sorted(Comparator.comparingLong((Row r) -> r.getLong(0)).reversed()).toList();
      for (Row r : commits) {
        String m = r.getString(1);
        if (m != null && m.startsWith(prefix)) {
          String rest = m.substring(prefix.length());
          int at = rest.indexOf('@');
          return at < 0 ? new Mark(Long.parseLong(rest), null)
              : new Mark(Long.parseLong(rest.substring(0, at)), rest.substring(at + 1));
        }
      }
      if (commits.size() < n) return null;
    }
  }
}
