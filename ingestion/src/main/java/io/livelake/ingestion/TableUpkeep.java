package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.spark.LakeSessions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The upkeep of the tables the stream commits to, on a thread of its own after a batch: their Delta
 * checkpoints, and every so many batches the compaction of their small files. Their commits never
 * write a checkpoint ({@link TableDef.Builder#checkpointBesideStream}), since a checkpoint replays the
 * table's log, seconds that the batch committing at the interval would wait for; after each batch the
 * tables whose newest version is an interval or more past their last checkpoint get one. A compaction
 * commits with dataChange=false, which blind appends never conflict with, and runs again when a
 * retraction's delete committed first. A chore missed (a stop, a failure) is logged and only means
 * longer log replays or more small files until the next one, or until {@code livelake maintain}.
 */
final class TableUpkeep {
  private static final Logger LOG = LogManager.getLogger(TableUpkeep.class);
  private static final long DAY_MS = 86_400_000L;

  private final Lake lake;
  private final List<TableDef> tables;
  private final int compactEvery;
  private final ExecutorService thread = Daemons.pool("livelake-table-upkeep", 1);
  private final Map<TableDef, Long> checkpointed = new ConcurrentHashMap<>();
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  /**
   * {@code tables}: those of them checkpointed beside the stream are looked after; {@code compactEvery}:
   * batches between compactions (0: none).
   */
  TableUpkeep(Lake lake, List<TableDef> tables, int compactEvery) {
    this.lake = lake;
    this.tables = tables.stream().filter(t -> t.checkpointInterval() > 0).toList();
    this.compactEvery = compactEvery;
  }

  /**
   * After batch {@code batchId}: compacts the tables when it is their turn (the OBT only in the dates
   * still open to on-time events, from the day before {@code watermarkMs}), then checkpoints those that
   * are due, beside the stream. A compaction is never skipped; checkpoints are while an earlier round runs.
   */
  synchronized void afterBatch(long batchId, long watermarkMs) {
    boolean compact = compactEvery > 0 && batchId > 0 && batchId % compactEvery == 0;
    if (!compact && !running.isDone()) return;
    running = running.thenRunAsync(() -> {
      LakeSessions.inBackground(lake.spark());
      if (compact) compact(batchId, watermarkMs);
      for (TableDef t : tables) {
        try {
          checkpointIfDue(t, batchId);
        } catch (RuntimeException e) {
          LOG.warn("after batch {}: the Delta checkpoint of {} failed; readers replay more of its log until the next"
              + " one: {}", batchId, t.fullName(), e.toString());
        }
      }
    }, thread);
  }

  /** Waits for the round in progress, if any. */
  void await() {
    CompletableFuture<Void> r;
    synchronized (this) {
      r = running;
    }
    r.join();
  }

  private void compact(long batchId, long watermarkMs) {
    String openFrom = new java.sql.Date(watermarkMs - DAY_MS).toLocalDate().toString();
    Compaction.run(lake, Tables.EVENTS_OBT, "event_date >= '" + openFrom + "'", batchId);
    for (TableDef t : List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.INGEST_BATCHES)) {
      Compaction.run(lake, t, null, batchId);
    }
  }

  private void checkpointIfDue(TableDef t, long batchId) {
    long start = System.nanoTime();
    // The stream's own commits keep the session's view of the table current.
    long version = lake.checkpointIfDue(t, checkpointed.getOrDefault(t, -1L));
    if (version < 0) return;
    checkpointed.put(t, version);
    LOG.debug("after batch {}: {} checkpointed at version {} in {} ms", batchId, t.fullName(), version,
        (System.nanoTime() - start) / 1_000_000);
  }
}
