package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;

/**
 * Writes gold.realtime_kpis off the batches' critical path, on one thread of its own. Windows that
 * batches hand over while a write runs are coalesced into the next write, the newest rows of each
 * minute winning, so the table trails the OBT by at most one write and never holds back a batch.
 * Each write replaces the rows of its minutes and marks its commit with the newest batch it
 * includes; after a crash, the batches after that mark are the ones whose windows may be missing
 * (see {@link io.livelake.ingestion.kpis.KpiWindows#touchedBy}).
 */
final class KpiWriter {
  private static final Logger LOG = LogManager.getLogger(KpiWriter.class);

  private final Lake lake;
  private final String app;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "livelake-kpi-writer");
    t.setDaemon(true);
    return t;
  });
  private final SortedMap<Long, List<Row>> pending = new TreeMap<>();
  private long pendingBatch = -1;
  private boolean writing;
  private RuntimeException failure;

  KpiWriter(Lake lake, String app) {
    this.lake = lake;
    this.app = app;
  }

  /**
   * Hands over batch {@code batchId}'s new rows of every minute it touched (an empty list: the
   * minute has no window any more), to be written as soon as the writer is free.
   *
   * @throws RuntimeException the failure of an earlier write, which loses its windows until the
   *     restart that follows the failed batch rebuilds them
   */
  synchronized void submit(long batchId, SortedMap<Long, List<Row>> rowsByMinute) {
    rethrowFailure();
    if (rowsByMinute.isEmpty()) return;
    pending.putAll(rowsByMinute);
    pendingBatch = batchId;
    if (!writing) {
      writing = true;
      thread.execute(this::drain);
    }
  }

  /** Waits until every window handed over so far has landed; rethrows a failed write. */
  synchronized void flush() {
    awaitIdle();
    rethrowFailure();
  }

  /** Waits for the running write, then drops what is pending and any failure: the state is rebuilt. */
  synchronized void discard() {
    awaitIdle();
    pending.clear();
    failure = null;
  }

  private void awaitIdle() {
    boolean interrupted = false;
    while (writing) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void rethrowFailure() {
    if (failure != null) {
      throw new IllegalStateException("writing " + Tables.REALTIME_KPIS.fullName() + " failed: " + failure.getMessage(),
          failure);
    }
  }

  private void drain() {
    while (true) {
      SortedMap<Long, List<Row>> work;
      long batchId;
      synchronized (this) {
        if (pending.isEmpty()) {
          writing = false;
          notifyAll();
          return;
        }
        work = new TreeMap<>(pending);
        batchId = pendingBatch;
        pending.clear();
      }
      try {
        long start = System.nanoTime();
        write(work, batchId);
        LOG.debug("batch {}: kpis {} minutes in {} ms (beside the batches)", batchId, work.size(),
            (System.nanoTime() - start) / 1_000_000);
      } catch (RuntimeException e) {
        synchronized (this) {
          failure = e;
          pending.clear();
          writing = false;
          notifyAll();
        }
        return;
      }
    }
  }

  private void write(SortedMap<Long, List<Row>> rowsByMinute, long batchId) {
    List<Row> rows = new ArrayList<>();
    rowsByMinute.values().forEach(rows::addAll);
    // The minutes one by one, never as a range: a minute inside the range that this write does not
    // carry still holds its windows.
    String minutes = rowsByMinute.keySet().stream().map(m -> "timestamp_millis(" + m + ")")
        .collect(Collectors.joining(",", "window_start IN (", ")"));
    lake.spark().createDataFrame(rows, Tables.REALTIME_KPIS.schema()).write().format("delta").mode("overwrite")
        .option("replaceWhere", minutes).option("userMetadata", BatchCommits.mark(app, batchId))
        .save(lake.path(Tables.REALTIME_KPIS));
  }
}
