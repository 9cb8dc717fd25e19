package io.livelake.ingestion;

import io.livelake.catalog.LakeLock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * A started ingestion: its streaming query, and the queries of the layers that follow its tables (the
 * retractions and the tables' upkeep over ops.ingest_batches, the KPI layer over the OBT). A continuous
 * ingestion runs them beside it; an available-now one runs each once it has drained, until it has caught up.
 */
public final class RunningIngestion {
  private final StreamingQuery query;
  private final List<StreamingQuery> layers = new CopyOnWriteArrayList<>();
  /** An available-now run's layers, each run to the end in this order once the ingestion has drained. */
  private final List<Supplier<StreamingQuery>> catchUps;
  /** The pipeline's and the layers' holds on the lake, given up when the ingestion ends or stops. */
  private final List<LakeLock> locks;
  private volatile boolean stopped;

  RunningIngestion(StreamingQuery query, List<StreamingQuery> running, List<Supplier<StreamingQuery>> catchUps,
      List<LakeLock> locks) {
    this.query = query;
    this.layers.addAll(running);
    this.catchUps = catchUps;
    this.locks = List.copyOf(locks);
  }

  public StreamingQuery query() { return query; }

  /**
   * The layers' queries: those running beside a continuous ingestion, or those that caught up after an
   * available-now run (none before).
   */
  public List<StreamingQuery> layerQueries() { return List.copyOf(layers); }

  /**
   * Why a layer's query ended while the ingestion runs on (a second ingestion updating the same lake's
   * layers, say), naming the query; null while they run. The ingestion does not stop for it: its tables
   * stay exact, and the next start's layer catches up.
   */
  public String layerFailure() {
    for (StreamingQuery q : layers) {
      if (q.exception().isDefined()) return q.name() + ": " + q.exception().get().getMessage();
    }
    return null;
  }

  /**
   * Waits for the query to end (an available-now run: when drained), then for each layer to catch up
   * with what the ingestion wrote.
   *
   * @throws UnusableCheckpointException if the first batch refused the checkpoint, as itself: its
   *     message is the whole story, which Spark's wrapping would bury
   */
  public void awaitTermination() throws StreamingQueryException {
    awaitTermination(Long.MAX_VALUE);
  }

  /** As {@link #awaitTermination()}, for at most {@code timeoutMs}; true when the query has ended. */
  public boolean awaitTermination(long timeoutMs) throws StreamingQueryException {
    try {
      if (!query.awaitTermination(timeoutMs)) return false;
    } catch (StreamingQueryException e) {
      try {
        stopLayers();
      } finally {
        release();
      }
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof UnusableCheckpointException u) throw u;
      }
      throw e;
    }
    try {
      // Ended by stop() (Ctrl-C): the layers stay where they stand, and the next start catches them up.
      if (!stopped) for (Supplier<StreamingQuery> c : catchUps) layers.add(c.get());
    } finally {
      release();
    }
    return true;
  }

  /** Stops the query, then the layers where they stand (a restart catches them up). */
  public void stop() throws TimeoutException {
    stopped = true;
    try {
      query.stop();
    } finally {
      try {
        stopLayers();
      } finally {
        release();
      }
    }
  }

  private void release() {
    locks.forEach(LakeLock::close);
  }

  private void stopLayers() {
    for (StreamingQuery q : layers) {
      try {
        q.stop();
      } catch (TimeoutException e) {
        throw new IllegalStateException("stopping the query " + q.name() + ": " + e.getMessage(), e);
      }
    }
  }
}
