package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.cleaning.RateGroup;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.spark.LakeSessions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Moves the One Big Table rows that rate rules retract (earlier batches' events in a bucket that went
 * over its limit) to bronze.quarantine, then deletes them from the OBT. Moves run one after another
 * on a thread of their own: reading the rows back costs seconds whatever their number, so a batch
 * hands its retractions over once its own rows and accounting have landed, and the next batch runs
 * meanwhile; the moves queued while one runs are then made as one. Until a move lands, the OBT still
 * shows its rows. A move that a crash or a failure cut
 * short is finished by the next start ({@link io.livelake.ingestion.cleaning.CleaningState#unfinishedRetractions}).
 */
final class Retractor {
  private static final Logger LOG = LogManager.getLogger(Retractor.class);
  /** Each batch commits to each table once, so a commit that keeps meeting new appends is rare beyond two. */
  private static final int DELETE_ATTEMPTS = 10;

  private final Lake lake;
  private final String app;
  private final ExecutorService thread = Daemons.pool("livelake-retractor", 1);
  private final Deque<Queued> queue = new ArrayDeque<>();
  private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
  private volatile RuntimeException failure;

  /** {@code app}: the pipeline's name in commit marks; the moves' commits are marked {@code <app>-retraction:<batch>}. */
  Retractor(Lake lake, String app) {
    this.lake = lake;
    this.app = app + "-retraction";
  }

  /**
   * Queues the retractions batch {@code batchId} decided, after those queued before. {@code mayBeDone}:
   * an earlier run may have moved some of the rows already (they are then not quarantined twice).
   */
  synchronized void submit(long batchId, List<Retraction> retractions, boolean mayBeDone) {
    if (retractions.isEmpty()) return;
    enqueue(new Queued(batchId, retractions, mayBeDone, () -> { }));
  }

  /**
   * Queues {@code chore} after the moves queued so far, on their thread: work on the OBT that a move's
   * delete must not meet. The chore handles its own failures.
   */
  synchronized void thenRun(Runnable chore) {
    enqueue(new Queued(-1, List.of(), false, chore));
  }

  private void enqueue(Queued q) {
    queue.add(q);
    // One task per item; a task that finds its item taken by an earlier one's merge has nothing to do.
    last = CompletableFuture.runAsync(this::runNext, thread);
  }

  /**
   * Runs the next chore, or the moves queued one after another as one move: a move's cost (snapshots,
   * scans and commits of two tables) hardly depends on how many buckets it moves, and moves queue up
   * while one runs.
   */
  private void runNext() {
    List<Queued> moves = new ArrayList<>();
    Queued head;
    synchronized (this) {
      head = queue.poll();
      if (head == null) return;
      moves.add(head);
      while (!head.isChore() && !queue.isEmpty() && !queue.peek().isChore()) moves.add(queue.poll());
    }
    LakeSessions.inBackground(lake.spark());
    if (head.isChore()) {
      head.then().run();
      return;
    }
    List<Long> batches = moves.stream().map(Queued::batchId).toList();
    List<Retraction> retractions = moves.stream().flatMap(m -> m.retractions().stream()).toList();
    try {
      // A bucket over its limit sends its later events to quarantine, never to the OBT, so the newest
      // batch bounds the rows of every retraction merged here.
      move(batches, retractions, moves.stream().anyMatch(Queued::mayBeDone));
    } catch (Exception e) { // Spark's checked SparkException too, thrown from Scala undeclared
      LOG.warn("batch(es) {}: moving {} retracted bucket(s) to bronze.quarantine failed: {}", batches,
          retractions.size(), e.toString());
      if (failure == null) failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A batch's retractions, or (no retractions, batch -1) a chore to run in their order. */
  private record Queued(long batchId, List<Retraction> retractions, boolean mayBeDone, Runnable then) {
    boolean isChore() { return batchId < 0; }
  }

  /** Whether a move failed since the last {@link #drain}. */
  boolean failed() { return failure != null; }

  /**
   * Waits until every queued move landed.
   *
   * @throws IllegalStateException if one failed; the next start finishes it
   */
  void await() {
    RuntimeException f = drain();
    if (f != null) {
      throw new IllegalStateException("moving retracted rows from silver.events_obt to bronze.quarantine failed ("
          + f.getMessage() + "); the next start of the ingestion finishes the move", f);
    }
  }

  /** Waits until no move is queued or running; returns the first failure since the last call (null: none) and forgets it. */
  RuntimeException drain() {
    CompletableFuture<Void> pending;
    synchronized (this) {
      pending = last;
    }
    pending.join();
    RuntimeException f = failure;
    failure = null;
    return f;
  }

  private void move(List<Long> batches, List<Retraction> retractions, boolean mayBeDone) {
    long start = System.nanoTime();
    long batchId = batches.get(batches.size() - 1);
    Column filter = QuarantineRows.retractionFilter(retractions, batchId);
    // Quarantine first: a crash before the delete leaves the rows in both tables, which the next start
    // sees as an unfinished retraction; the other order could lose them. An append that read the
    // quarantine (to skip rows an earlier run moved) is not blind: a batch's quarantine append to the
    // same date meanwhile makes Delta refuse it, and it can simply run again from a new read.
    Conflicts.retry(DELETE_ATTEMPTS, "batch " + batchId + ": retraction to quarantine", () -> {
      Dataset<Row> rows = QuarantineRows.retractedToQuarantine(lake.read(Tables.EVENTS_OBT).where(filter), retractions);
      if (mayBeDone) rows = rows.join(quarantinedBefore(retractions), rows.col("event_id").equalTo(col("moved_id")), "left_anti");
      rows.write().format("delta").mode("append").option("userMetadata", BatchCommits.mark(app, batchId, null))
          .save(lake.path(Tables.QUARANTINE));
      return null;
    });
    delete(batchId, filter);
    LOG.debug("batch(es) {}: moved {} retracted bucket(s) in {} ms", batches, retractions.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Deletes the moved rows from the OBT, again when a batch's append committed to the same date
   * partition meanwhile: the tables commit as Serializable, so Delta refuses the delete even when that
   * append was blind (ConcurrentAppendException), and a delete by filter can simply run again. (Holding
   * the batches' OBT appends back for a second attempt instead made them wait for it: p99 13 s in
   * a run of the latency bench.)
   */
  private void delete(long batchId, Column filter) {
    Conflicts.retry(DELETE_ATTEMPTS, "batch " + batchId + ": retraction delete", () -> {
      lake.delta(Tables.EVENTS_OBT).delete(filter);
      return null;
    });
  }

  /** Event ids already rate-quarantined in the retractions' span. */
  private Dataset<Row> quarantinedBefore(List<Retraction> retractions) {
    long from = retractions.stream().mapToLong(Retraction::fromMs).min().getAsLong();
    long to = retractions.stream().mapToLong(Retraction::toMs).max().getAsLong();
    return lake.read(Tables.QUARANTINE)
        .where(col("event_time").geq(timestamp_millis(lit(from))).and(col("event_time").lt(timestamp_millis(lit(to))))
            .and(col("reason").isin(RateGroup.reasons().toArray())))
        .select(col("event_id").alias("moved_id"));
  }
}
