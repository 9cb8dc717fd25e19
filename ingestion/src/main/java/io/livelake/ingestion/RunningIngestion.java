package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.ingestion.kpis.RealtimeKpis;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * A started ingestion: its streaming query, the retractions its batches may leave in flight, and the
 * KPI layer's query over the OBT (running beside it in a continuous ingestion; an available-now one
 * brings gold.realtime_kpis up to the OBT once it has drained).
 */
public final class RunningIngestion {
  private final StreamingQuery query;
  private final IngestBatch batch;
  private final Lake lake;
  private volatile StreamingQuery kpis;
  private final Consumer<RealtimeKpis.KpiBatch> kpiListener;
  /** An available-now run: the KPI layer catches up once the ingestion has drained. */
  private final boolean catchUpAtEnd;
  private volatile boolean stopped;

  /** {@code kpis}: the KPI layer's running query; null: caught up once the ingestion has ended. */
  RunningIngestion(StreamingQuery query, IngestBatch batch, Lake lake, StreamingQuery kpis,
      Consumer<RealtimeKpis.KpiBatch> kpiListener) {
    this.query = query;
    this.batch = batch;
    this.lake = lake;
    this.kpis = kpis;
    this.kpiListener = kpiListener;
    this.catchUpAtEnd = kpis == null;
  }

  public StreamingQuery query() { return query; }

  /**
   * The KPI layer's query: the one running beside a continuous ingestion, or the one that caught up
   * after an available-now run; null before that.
   */
  public StreamingQuery kpiQuery() { return kpis; }

  /**
   * Why the KPI layer's query ended while the ingestion runs on (a second ingestion updating the same
   * lake's KPIs, say); null while it runs. The ingestion does not stop for it: its tables stay exact,
   * and the next start's KPI layer catches up.
   */
  public String kpiFailure() {
    StreamingQuery k = kpis;
    return k == null || k.exception().isEmpty() ? null : k.exception().get().getMessage();
  }

  /**
   * Waits for the query to end (an available-now run: when drained), then for its retractions and
   * for gold.realtime_kpis to hold every window of what the OBT holds.
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
      stopKpis();
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof UnusableCheckpointException u) throw u;
      }
      throw e;
    }
    batch.flush();
    // Ended by stop() (Ctrl-C): the KPI layer stays where it stands, and the next start catches up.
    if (catchUpAtEnd && !stopped) kpis = RealtimeKpis.catchUp(lake, kpiListener);
    return true;
  }

  /** Stops the query, then waits for its retractions; the KPI layer stops where it stands (a restart catches up). */
  public void stop() throws TimeoutException {
    stopped = true;
    query.stop();
    try {
      batch.flush();
    } finally {
      stopKpis();
    }
  }

  private void stopKpis() {
    if (kpis == null) return;
    try {
      kpis.stop();
    } catch (TimeoutException e) {
      throw new IllegalStateException("stopping the KPI layer's query: " + e.getMessage(), e);
    }
  }
}
