package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Maintenance;
import io.livelake.catalog.TableDef;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** One streaming table's small files bin-packed by Delta's OPTIMIZE, beside the stream. */
final class Compaction {
  private static final Logger LOG = LogManager.getLogger(Compaction.class);

  private Compaction() {}

  /**
   * Compacts {@code t} (where {@code where} holds; null: all of it). A failure is logged, not thrown:
   * the files stay as they are until the next compaction, and the stream carries on.
   */
  static void run(Lake lake, TableDef t, String where, long batchId) {
    long start = System.nanoTime();
    try {
      new Maintenance(lake).compact(t, where);
      LOG.debug("after batch {}: {} compacted in {} ms", batchId, t.fullName(), (System.nanoTime() - start) / 1_000_000);
    } catch (Exception e) { // Spark's checked SparkException too, thrown from Scala undeclared
      LOG.warn("after batch {}: compacting {} failed; its small files stay until the next compaction: {}", batchId,
          t.fullName(), e.toString());
    }
  }
}
