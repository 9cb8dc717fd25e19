package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.cleaning.CleaningState;
import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.cleaning.Verdict;
import io.livelake.ingestion.obt.ObtBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Keeps gold.realtime_kpis in step with the One Big Table: the windows a batch changed are
 * recomputed from the OBT and replaced, which is idempotent when a batch is replayed.
 */
public final class KpiWindows {
  private KpiWindows() {}

  /** Minutes (epoch ms) holding an event this batch accepted or retracted: the KPI windows it changed. */
  public static SortedSet<Long> affectedMinutes(List<EventKey> keys, CleaningState.Judgement judgement) {
    Set<EventKey> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Verdict v : judgement.verdicts()) rejected.add(v.event());
    SortedSet<Long> minutes = new TreeSet<>();
    for (EventKey k : keys) {
      if (!k.abnormal() && !rejected.contains(k)) minutes.add(Math.floorDiv(k.time(), 60_000L) * 60_000L);
    }
    minutes.addAll(retractedMinutes(judgement));
    return minutes;
  }

  private static SortedSet<Long> retractedMinutes(CleaningState.Judgement judgement) {
    SortedSet<Long> minutes = new TreeSet<>();
    for (Retraction r : judgement.retractions()) {
      for (long m = r.fromMs(); m < r.toMs(); m += 60_000L) minutes.add(m);
    }
    return minutes;
  }

  /**
   * Recomputes the KPI windows of {@code minutes} and replaces them: idempotent on replay. Windows
   * that held no events before this batch are computed from the batch's accepted rows alone;
   * the others are recomputed from the OBT, which already holds the batch.
   *
   * @param accepted the batch's accepted events (event_time in epoch ms)
   * @param judgement the batch's verdicts: its earlier minutes and the retractions (whose minutes
   *     may lie before the cleaning state's horizon, so they are always recomputed from the OBT)
   */
  public static void update(Lake lake, SortedSet<Long> minutes, Dataset<Row> accepted,
      CleaningState.Judgement judgement) {
    if (minutes.isEmpty()) return;
    SortedSet<Long> revisited = new TreeSet<>(minutes);
    revisited.retainAll(judgement.earlierMinutes());
    revisited.addAll(retractedMinutes(judgement));
    Dataset<Row> fresh = accepted.withColumn("event_minute", date_trunc("minute", timestamp_millis(col("event_time"))));
    Dataset<Row> rows;
    if (revisited.isEmpty()) {
      rows = fresh.select(KPI_INPUT);
    } else {
      String revisitedIn = minuteList(revisited);
      Dataset<Row> earlier = lake.read(Tables.EVENTS_OBT)
          .where(ObtBuilder.eventTimeWithin(revisited.first(), revisited.last() + 60_000L)
              .and(expr("event_minute IN (" + revisitedIn + ")")));
      rows = fresh.where(expr("NOT event_minute IN (" + revisitedIn + ")")).select(KPI_INPUT)
          .unionByName(earlier.select(KPI_INPUT));
    }
    // A live stream touches a few minutes per batch; a backfill touches long runs, better said as a range.
    String windows = minutes.size() <= 64 ? "window_start IN (" + minuteList(minutes) + ")"
        : "window_start BETWEEN timestamp_millis(" + minutes.first() + ") AND timestamp_millis(" + minutes.last() + ")";
    List<Column> cols = new ArrayList<>();
    for (StructField f : Tables.REALTIME_KPIS.schema().fields()) cols.add(col(f.name()).cast(f.dataType()));
    RealtimeKpis.compute(rows).withColumn("updated_at", current_timestamp())
        .select(cols.toArray(Column[]::new))
        .write().format("delta").mode("overwrite").option("replaceWhere", windows)
        .save(lake.path(Tables.REALTIME_KPIS));
  }

  private static final Column[] KPI_INPUT = {col("session_id"), col("event_minute"), col("platform"), col("anchor_id"),
      col("user_id"), col("event_type"), col("gift_value"), col("amount_reporting")};

  private static String minuteList(SortedSet<Long> minutes) {
    return minutes.stream().map(m -> "timestamp_millis(" + m + ")").collect(Collectors.joining(","));
  }
}
