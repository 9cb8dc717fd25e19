package io.livelake.streaming;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Keeps Spark's own progress reports of one running streaming query in ops.query_progress, so the
 * rates, phases, watermark and state size of every trigger outlive the driver that made them.
 *
 * <p>The command that awaits the query calls {@link #flush()} now and then on its own thread: no
 * listener thread, and a report is kept only once (by its trigger time) however often it is called.
 * Spark holds the last {@code spark.sql.streaming.numRecentProgressUpdates} (100) reports, so a
 * flush at least every 100 triggers loses none.
 */
public final class QueryProgressLog {
  private final Lake lake;
  private final StreamingQuery query;
  private Instant kept;

  private QueryProgressLog(Lake lake, StreamingQuery query) {
    this.lake = lake;
    this.query = query;
  }

  /** The log of {@code query}; creates ops.query_progress when the lake has none yet. */
  public static QueryProgressLog of(Lake lake, StreamingQuery query) {
    lake.ensure(Tables.QUERY_PROGRESS);
    return new QueryProgressLog(lake, query);
  }

  /** Appends the reports not kept yet, in one commit; returns how many. */
  public synchronized int flush() {
    List<Row> rows = new ArrayList<>();
    Instant newest = kept;
    for (StreamingQueryProgress p : query.recentProgress()) {
      Instant at = Instant.parse(p.timestamp());
      if (newest != null && !at.isAfter(newest)) continue;
      rows.add(row(p));
      newest = at;
    }
    if (rows.isEmpty()) return 0;
    lake.spark().createDataFrame(rows, Tables.QUERY_PROGRESS.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.QUERY_PROGRESS));
    kept = newest;
    return rows.size();
  }

  /** One report as a row of ops.query_progress. */
  static Row row(StreamingQueryProgress p) {
    Map<String, String> eventTime = p.eventTime();
    StateOperatorProgress[] ops = p.stateOperators();
    return RowFactory.create(p.name(), p.id().toString(), p.runId().toString(), p.batchId(),
        Timestamp.from(Instant.parse(p.timestamp())), p.durationMs().get("triggerExecution"), Map.copyOf(p.durationMs()),
        p.numInputRows(), offered(p), rate(p.processedRowsPerSecond()),
        instant(eventTime.get("watermark")), instant(eventTime.get("max")),
        sum(ops, StateOperatorProgress::numRowsTotal), sum(ops, StateOperatorProgress::numRowsUpdated),
        sum(ops, StateOperatorProgress::numRowsRemoved), sum(ops, StateOperatorProgress::memoryUsedBytes),
        sum(ops, StateOperatorProgress::numRowsDroppedByWatermark), p.json());
  }

  /** A state figure summed over the stateful operators; null for a query without any. */
  private static Long sum(StateOperatorProgress[] ops, ToLongFunction<StateOperatorProgress> figure) {
    if (ops.length == 0) return null;
    long total = 0;
    for (StateOperatorProgress o : ops) total += figure.applyAsLong(o);
    return total;
  }

  /**
   * The rate since the previous trigger; unknown for a run's first, which Spark reports as 0 (rows
   * over an infinite time) even when it read rows.
   */
  private static Double offered(StreamingQueryProgress p) {
    return p.numInputRows() > 0 && p.inputRowsPerSecond() == 0 ? null : rate(p.inputRowsPerSecond());
  }

  /** Spark reports NaN or infinity when a rate has no time to divide by (a first or instant trigger). */
  private static Double rate(double perSecond) {
    return Double.isFinite(perSecond) ? perSecond : null;
  }

  private static Timestamp instant(String iso) {
    return iso == null ? null : Timestamp.from(Instant.parse(iso));
  }
}
