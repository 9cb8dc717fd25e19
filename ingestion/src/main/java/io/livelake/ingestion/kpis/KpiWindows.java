package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.cleaning.RateGroup;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.obt.ObtBuilder;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps gold.realtime_kpis in step with the One Big Table through the driver's {@link KpiState}: a
 * batch counts its accepted events into their windows, and the new rows of those windows replace
 * the old ones (idempotent when a batch is replayed).
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
   * The minutes whose windows batches {@code afterBatch + 1} to {@code throughBatch} changed: those
   * of their accepted events, and every rate bucket in which they quarantined an event, since only
   * such an event retracts earlier ones (from its own bucket).
   */
  public static SortedSet<Long> touchedBy(Lake lake, long afterBatch, long throughBatch) {
    SortedSet<Long> minutes = new TreeSet<>();
    if (throughBatch <= afterBatch) return minutes;
    Column batches = col("ingest_batch_id").gt(afterBatch).and(col("ingest_batch_id").leq(throughBatch));
    for (Row r : lake.read(Tables.EVENTS_OBT).where(batches).select(unix_millis(col("event_minute"))).distinct()
        .collectAsList()) {
      minutes.add(r.getLong(0));
    }
    for (Row r : lake.read(Tables.QUARANTINE).where(batches.and(col("reason").isin(RateGroup.reasons().toArray())))
        .select(col("reason"), col("event_type"), unix_millis(col("event_time"))).collectAsList()) {
      RateGroup g = RateGroup.of(r.getString(1));
      if (g == null || !g.reason().equals(r.getString(0))) continue;
      long bucket = g.bucketStart(r.getLong(2));
      for (long m = bucket; m < bucket + g.bucketMs(); m += KpiState.WINDOW_MS) minutes.add(m);
    }
    return minutes;
  }

  /**
   * A batch's change to gold.realtime_kpis: its accepted events are counted into the state at once;
   * {@link #rows} then gives the new rows of every minute the batch touched, for the writer to
   * replace. A retraction takes its events out of the state's windows. Minutes the state cannot
   * update in place, because they lie behind its horizon or because an earlier process may have died
   * before writing them, are first rebuilt from the OBT, so such an update's rows are taken after the
   * batch's OBT append and retraction; any other's at once.
   */
  public static final class Update {
    private static final long GAP_FILLED_MS = 86_400_000L;
    private final KpiState state;
    private final SortedSet<Long> touched = new TreeSet<>();
    private final SortedSet<Long> rebuilt = new TreeSet<>();
    private final SortedSet<Long> rebuiltAfterRetractions = new TreeSet<>();

    /** {@code unwritten}: minutes whose last change may not have reached the table (after a restart). */
    public Update(KpiState state, List<KpiEvent> accepted, List<Retraction> retractions, Collection<Long> unwritten) {
      this.state = state;
      // A retraction comes out of the held minutes; older ones (of an hourly bucket) are rebuilt once it landed.
      for (Retraction r : retractions) {
        state.retract(r.userId(), r.types(), r.fromMs(), r.toMs());
        for (long m = r.fromMs(); m < r.toMs(); m += KpiState.WINDOW_MS) {
          (state.holds(m) ? touched : rebuiltAfterRetractions).add(m);
        }
      }
      rebuilt.addAll(unwritten);
      touched.addAll(rebuilt);
      for (KpiEvent e : accepted) {
        touched.add(e.minute());
        if (!state.holds(e.minute())) rebuilt.add(e.minute());
      }
      for (KpiEvent e : accepted) {
        if (!rebuilt.contains(e.minute())) state.add(e);
      }
    }

    /** Whether {@link #rows} reads the OBT, and so must wait for the batch's changes to it. */
    public boolean readsObt() { return !rebuilt.isEmpty(); }

    /**
     * Minutes of the batch's retractions older than the state holds: once the retractions have
     * landed, {@link #rowsFromObt} gives their new rows.
     */
    public SortedSet<Long> rebuiltAfterRetractions() { return rebuiltAfterRetractions; }

    /**
     * The new rows of every touched minute, by minute (an empty list: the minute lost its windows),
     * rebuilding minutes from the OBT first.
     */
    public SortedMap<Long, List<Row>> rows(Lake lake) {
      if (!rebuilt.isEmpty()) state.replaceMinutes(rebuilt, obtEvents(lake, rebuilt));
      return byMinute(state, withHeldGaps());
    }

    /**
     * The touched minutes, and the minutes the state holds between two of them up to a day apart:
     * rewriting those unchanged lets the write replace a few ranges instead of thousands of single
     * minutes (a backfill batch touches thousands), which Delta evaluates far faster.
     */
    private SortedSet<Long> withHeldGaps() {
      SortedSet<Long> minutes = new TreeSet<>(touched);
      Long previous = null;
      for (long m : touched) {
        if (previous != null && state.holds(previous) && m - previous <= GAP_FILLED_MS) {
          for (long g = previous + KpiState.WINDOW_MS; g < m; g += KpiState.WINDOW_MS) minutes.add(g);
        }
        previous = m;
      }
      return minutes;
    }
  }

  /**
   * The rows of gold.realtime_kpis for {@code minutes} (ascending), counted from what the OBT holds for
   * them now, by minute (an empty list: the minute has no window).
   */
  public static SortedMap<Long, List<Row>> rowsFromObt(Lake lake, SortedSet<Long> minutes) {
    KpiState state = new KpiState(Long.MIN_VALUE);
    state.replaceMinutes(minutes, obtEvents(lake, minutes));
    return byMinute(state, minutes);
  }

  /** The state's rows of each of {@code minutes}, by minute (an empty list: the minute has no window). */
  private static SortedMap<Long, List<Row>> byMinute(KpiState state, Iterable<Long> minutes) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    SortedMap<Long, List<Row>> rows = new TreeMap<>();
    for (long m : minutes) rows.put(m, state.rows(List.of(m), now));
    return rows;
  }

  private static List<KpiEvent> obtEvents(Lake lake, SortedSet<Long> minutes) {
    return events(lake.read(Tables.EVENTS_OBT)
        .where(ObtBuilder.eventTimeWithin(minutes.first(), minutes.last() + KpiState.WINDOW_MS)
            .and(expr("event_minute IN (" + minuteList(minutes) + ")"))));
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
