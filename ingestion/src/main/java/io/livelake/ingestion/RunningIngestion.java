package io.livelake.ingestion;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * A started ingestion: its streaming query, and the KPI write its batches may leave in flight, which
 * ending the query waits for.
 */
public final class RunningIngestion {
  private final StreamingQuery query;
  private final IngestBatch batch;

  RunningIngestion(StreamingQuery query, IngestBatch batch) {
    this.query = query;
    this.batch = batch;
  }

  public StreamingQuery query() { return query; }

  /**
   * Waits for the query to end (an available-now run: when drained), then for its last KPI write.
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
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof UnusableCheckpointException u) throw u;
      }
      throw e;
    }
    batch.flush();
    return true;
  }

  /** Stops the query, then waits for its last KPI write. */
  public void stop() throws TimeoutException {
    query.stop();
    batch.flush();
  }
}
