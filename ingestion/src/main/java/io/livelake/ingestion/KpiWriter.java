package io.livelake.ingestion;

import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.kpis.KpiState;
import io.livelake.spark.LakeSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;

/**
 * Writes gold.realtime_kpis off the batches' critical path, on one thread of its own, at most once
 * per interval ({@code ingest.kpi.interval}). Windows that batches hand over meanwhile are coalesced
 * into the next write, the newest rows of each minute winning, so the table trails the OBT by about
 * one interval and one write and never holds back a batch. A write costs a few seconds of Delta's
 * driver work whatever its size (it rebuilds the table's state), so writing after every batch would
 * take a core from the stream.
 * Each write replaces the rows of its minutes and marks its commit with the newest batch it
 * includes; after a crash, the batches after that mark are the ones whose windows may be missing
 * (see {@link io.livelake.ingestion.kpis.KpiWindows#touchedBy}).
 */
final class KpiWriter {
  private static final Logger LOG = LogManager.getLogger(KpiWriter.class);
  private static final int WRITE_ATTEMPTS = 5;

  private final Lake lake;
  private final String app;
  private final long intervalMs;
  private final ExecutorService thread = Daemons.pool("livelake-kpi-writer", 1);
  private final SortedMap<Long, List<Row>> pending = new TreeMap<>();
  private long pendingBatch = -1;
  /** Batches whose rows of some minutes come later ({@link #expect}); no mark may pass the oldest. */
  private final SortedSet<Long> expected = new TreeSet<>();
  private boolean writing;
  private boolean flushing;
  /** The batch after which gold.realtime_kpis is to be compacted; -1: not asked. */
  private long compactAfter = -1;
  private long nextWriteMs;
  private RuntimeException failure;

  /** {@code intervalMs}: the least time between the starts of two writes. */
  KpiWriter(Lake lake, String app, long intervalMs) {
    this.lake = lake;
    this.app = app;
    this.intervalMs = intervalMs;
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
    pendingBatch = Math.max(pendingBatch, batchId);
    startWriting();
  }

  /**
   * Announces rows of batch {@code batchId} that {@link #fulfil} will hand over later (minutes rebuilt
   * once a retraction has landed). Until then no write is marked with that batch or a later one, so
   * after a crash the restart rewrites the minutes of that batch too.
   */
  synchronized void expect(long batchId) { expected.add(batchId); }

  /** Hands over rows {@link #expect}ed from batch {@code batchId}, as {@link #submit} does. */
  synchronized void fulfil(long batchId, SortedMap<Long, List<Row>> rowsByMinute) {
    expected.remove(batchId);
    submit(batchId, rowsByMinute);
  }

  /**
   * Compacts gold.realtime_kpis on the writer's thread, between two writes: each write replaces the
   * rows of its minutes, which a compaction committing meanwhile would make it fail.
   */
  synchronized void compact(long batchId) {
    compactAfter = batchId;
    startWriting();
  }

  /** Starts the writer's thread on what is pending unless it is running. */
  private void startWriting() {
    if (!writing) {
      writing = true;
      thread.execute(this::drain);
    }
  }

  /** Writes what is pending now, without waiting for the interval, and waits until it landed; rethrows a failed write. */
  synchronized void flush() {
    flushing = true;
    notifyAll();
    try {
      awaitIdle();
    } finally {
      flushing = false;
    }
    rethrowFailure();
  }

  /**
   * Drops what is pending (a writer waiting out its interval then stops) and, once a running write
   * has ended, any failure: the state is rebuilt from the lake, and with it the windows dropped here.
   */
  synchronized void discard() {
    pending.clear();
    expected.clear();
    notifyAll();
    awaitIdle();
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
    LakeSessions.inBackground(lake.spark());
    while (true) {
      SortedMap<Long, List<Row>> work;
      long batchId;
      long compact;
      synchronized (this) {
        compact = compactAfter;
        compactAfter = -1;
      }
      if (compact >= 0) Compaction.run(lake, Tables.REALTIME_KPIS, null, compact);
      synchronized (this) {
        long waitMs;
        while (!pending.isEmpty() && !flushing && (waitMs = nextWriteMs - System.currentTimeMillis()) > 0) {
          try {
            wait(waitMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (pending.isEmpty()) {
          if (compactAfter >= 0) continue;
          writing = false;
          notifyAll();
          return;
        }
        work = new TreeMap<>(pending);
        batchId = expected.isEmpty() ? pendingBatch : Math.min(pendingBatch, expected.first() - 1);
        pending.clear();
        nextWriteMs = System.currentTimeMillis() + intervalMs;
      }
      try {
        long start = System.nanoTime();
        write(work, batchId);
        LOG.debug("batch {}: kpis {} minutes in {} ms (beside the batches)", batchId, work.size(),
            (System.nanoTime() - start) / 1_000_000);
      } catch (Exception e) { // Spark's checked SparkException too, thrown from Scala undeclared
        synchronized (this) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
          pending.clear();
          writing = false;
          notifyAll();
        }
        return;
      }
    }
  }

  /**
   * Replaces the rows of these minutes; again when a concurrent commit removed files it replaces (a
   * livelake maintain compacting the table), which the same rows simply replace once more.
   */
  private void write(SortedMap<Long, List<Row>> rowsByMinute, long batchId) {
    List<Row> rows = new ArrayList<>();
    rowsByMinute.values().forEach(rows::addAll);
    Conflicts.retry(WRITE_ATTEMPTS, "batch " + batchId + ": kpi write", () -> {
      lake.spark().createDataFrame(rows, Tables.REALTIME_KPIS.schema()).write().format("delta").mode("overwrite")
          .option("replaceWhere", condition(rowsByMinute.keySet()))
          .option("userMetadata", BatchCommits.mark(app, batchId, null)).save(lake.path(Tables.REALTIME_KPIS));
      return null;
    });
  }

  /**
   * The replace condition for exactly these minutes: each run of consecutive minutes as one range.
   * A backfill touches thousands of minutes in a few runs, and a list of thousands of values costs
   * Delta seconds to evaluate; a range over a gap would delete the windows of minutes not written.
   */
  static String condition(Iterable<Long> ascendingMinutes) {
    List<String> runs = new ArrayList<>();
    Long from = null;
    long last = 0;
    for (long m : ascendingMinutes) {
      if (from != null && m != last + KpiState.WINDOW_MS) {
        runs.add(range(from, last));
        from = null;
      }
      if (from == null) from = m;
      last = m;
    }
    if (from != null) runs.add(range(from, last));
    return String.join(" OR ", runs);
  }

  private static String range(long first, long last) {
    return first == last ? "window_start = timestamp_millis(" + first + ")"
        : "(window_start >= timestamp_millis(" + first + ") AND window_start <= timestamp_millis(" + last + "))";
  }
}
