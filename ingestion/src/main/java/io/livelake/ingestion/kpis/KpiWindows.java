package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.cleaning.CleaningState;
import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.cleaning.Verdict;
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
    for (Retraction r : judgement.retractions()) {
      for (long m = r.fromMs(); m < r.toMs(); m += 60_000L) minutes.add(m);
    }
    return minutes;
  }

  /** Recomputes the KPI windows of the given minutes from the OBT and replaces them: idempotent on replay. */
  public static void update(Lake lake, SortedSet<Long> minutes) {
    if (minutes.isEmpty()) return;
    // A live stream touches a few minutes per batch; a backfill touches long runs, better said as a range.
    String windows = minutes.size() <= 64
        ? "window_start IN (" + minutes.stream().map(m -> "timestamp_millis(" + m + ")")
            .collect(Collectors.joining(",")) + ")"
        : "window_start BETWEEN timestamp_millis(" + minutes.first() + ") AND timestamp_millis(" + minutes.last() + ")";
    Dataset<Row> obt = lake.read(Tables.EVENTS_OBT)
        .where(col("event_time").geq(timestamp_millis(lit(minutes.first())))
            .and(col("event_time").lt(timestamp_millis(lit(minutes.last() + 60_000L))))
            .and(expr(windows.replace("window_start", "event_minute"))));
    List<Column> cols = new ArrayList<>();
    for (StructField f : Tables.REALTIME_KPIS.schema().fields()) cols.add(col(f.name()).cast(f.dataType()));
    RealtimeKpis.compute(obt).withColumn("updated_at", current_timestamp())
        .select(cols.toArray(Column[]::new))
        .write().format("delta").mode("overwrite").option("replaceWhere", windows)
        .save(lake.path(Tables.REALTIME_KPIS));
  }
}
