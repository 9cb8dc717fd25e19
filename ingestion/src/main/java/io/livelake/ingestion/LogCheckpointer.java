package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.spark.LakeSessions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes the Delta checkpoints of the tables the stream commits to, on a thread of its own: their
 * commits never write one ({@link TableDef.Builder#checkpointBesideStream}), since a checkpoint
 * replays the table's log, seconds that the batch committing at the interval would wait for. After
 * each batch the tables whose newest version is an interval or more past their last checkpoint get one.
 * A checkpoint missed (a stop, a failure) only means longer log replays until the next one.
 */
final class LogCheckpointer {
  private static final Logger LOG = LogManager.getLogger(LogCheckpointer.class);

  private final Lake lake;
  private final List<TableDef> tables;
  private final ExecutorService thread = Daemons.pool("livelake-log-checkpointer", 1);
  private final Map<TableDef, Long> checkpointed = new ConcurrentHashMap<>();
  private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  /** {@code tables}: those of them checkpointed beside the stream are looked after. */
  LogCheckpointer(Lake lake, List<TableDef> tables) {
    this.lake = lake;
    this.tables = tables.stream().filter(t -> t.checkpointInterval() > 0).toList();
  }

  /** Checkpoints the tables that are due, beside the stream; does nothing while an earlier round runs. */
  synchronized void afterBatch(long batchId) {
    if (!running.isDone()) return;
    running = CompletableFuture.runAsync(() -> {
      LakeSessions.inBackground(lake.spark());
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
