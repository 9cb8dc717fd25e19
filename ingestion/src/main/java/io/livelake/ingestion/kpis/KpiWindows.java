package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.obt.ObtBuilder;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps gold.realtime_kpis in step with the One Big Table through the driver's {@link KpiState}: a
 * batch counts its accepted events into their windows and replaces those windows' rows, which is
 * idempotent when a batch is replayed.
 */
public final class KpiWindows {
  private KpiWindows() {}

  /**
   * The state as it was after batch {@code nextBatchId - 1}: every window from {@code fromMs} on
   * (Long.MIN_VALUE: all), counted from the OBT rows of the earlier batches.
   */
  public static KpiState load(Lake lake, long nextBatchId, long fromMs) {
    long from = fromMs == Long.MIN_VALUE ? fromMs : KpiState.windowStart(fromMs);
    KpiState state = new KpiState(from);
    Column rows = col("ingest_batch_id").lt(nextBatchId);
    if (from != Long.MIN_VALUE) rows = rows.and(ObtBuilder.eventTimeFrom(from));
    events(lake.read(Tables.EVENTS_OBT).where(rows)).forEach(state::add);
    return state;
  }

  /**
   * A batch's change to gold.realtime_kpis: its accepted events are counted into the state at once;
   * the write {@link #prepare} returns then replaces the rows of every minute the batch touched.
   * Minutes the state cannot update in place, because a retraction took events out of them or because
   * they lie behind its horizon, are first rebuilt from the OBT, so such an update is prepared after
   * the batch's OBT append and retraction; any other can be written beside them.
   */
  public static final class Update {
    private final KpiState state;
    private final SortedSet<Long> touched = new TreeSet<>();
    private final SortedSet<Long> rebuilt = new TreeSet<>();

    public Update(KpiState state, List<KpiEvent> accepted, List<Retraction> retractions) {
      this.state = state;
      for (Retraction r : retractions) {
        for (long m = r.fromMs(); m < r.toMs(); m += KpiState.WINDOW_MS) rebuilt.add(m);
      }
      touched.addAll(rebuilt);
      for (KpiEvent e : accepted) {
        touched.add(e.minute());
        if (!state.holds(e.minute())) rebuilt.add(e.minute());
      }
      for (KpiEvent e : accepted) {
        if (!rebuilt.contains(e.minute())) state.add(e);
      }
    }

    /** Whether {@link #prepare} reads the OBT, and so must wait for the batch's changes to it. */
    public boolean readsObt() { return !rebuilt.isEmpty(); }

    /**
     * Takes the rows of the touched minutes from the state (rebuilding minutes from the OBT first) and
     * returns their write, which replaces those minutes' rows: idempotent on replay. The state may
     * move on while the write runs.
     */
    public Runnable prepare(Lake lake) {
      if (touched.isEmpty()) return () -> { };
      if (!rebuilt.isEmpty()) {
        state.replaceMinutes(rebuilt, events(lake.read(Tables.EVENTS_OBT)
            .where(ObtBuilder.eventTimeWithin(rebuilt.first(), rebuilt.last() + KpiState.WINDOW_MS)
                .and(expr("event_minute IN (" + minuteList(rebuilt) + ")")))));
      }
      Dataset<Row> rows = lake.spark().createDataFrame(state.rows(touched, new Timestamp(System.currentTimeMillis())),
          Tables.REALTIME_KPIS.schema());
      // A live stream touches a few minutes per batch; a backfill touches long runs, better said as a range.
      String windows = touched.size() <= 64 ? "window_start IN (" + minuteList(touched) + ")"
          : "window_start BETWEEN timestamp_millis(" + touched.first() + ") AND timestamp_millis(" + touched.last() + ")";
      return () -> rows.write().format("delta").mode("overwrite").option("replaceWhere", windows)
          .save(lake.path(Tables.REALTIME_KPIS));
    }
  }

  /** The KPI facts of OBT rows, collected to the driver. */
  private static List<KpiEvent> events(Dataset<Row> obt) {
    List<KpiEvent> events = new ArrayList<>();
    for (Row r : obt.where(col("session_id").isNotNull())
        .select(col("session_id"), unix_millis(col("event_time")), col("platform"), col("anchor_id"), col("user_id"),
            col("event_type"), col("gift_value"), col("amount_reporting"))
        .collectAsList()) {
      events.add(new KpiEvent(r.getString(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
          r.getString(5), r.isNullAt(6) ? null : r.getDouble(6), r.isNullAt(7) ? null : r.getDouble(7)));
    }
    return events;
  }

  private static String minuteList(SortedSet<Long> minutes) {
    return minutes.stream().map(m -> "timestamp_millis(" + m + ")").collect(Collectors.joining(","));
  }
}
