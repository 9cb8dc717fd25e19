package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.StateLoader;
import io.livelake.ingestion.cleaning.Verdict;
import io.livelake.ingestion.kpis.KpiEvent;
import io.livelake.ingestion.validation.QuarantineReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the driver needs of a parsed batch, collected in one Spark job: the number of records, the
 * records quarantined while parsing (invalid or abnormal-valued) by reason, and for every event the
 * cleaning rules judge, its key and, index for index, its KPI facts.
 */
record BatchFacts(long records, Map<String, Long> parseReasons, List<EventKey> keys, List<KpiEvent> kpiEvents) {

  static BatchFacts collect(Dataset<Row> parsed) {
    List<Row> rows = parsed.select(col("reason"), col("source_partition"), col("source_file"), col("source_offset"),
        col("source_line"), col("event_id"), col("event_type"), col("event_time"), col("user_id"), col("product_id"),
        StateLoader.orderKey(col("event_time"), col("lines")), col("session_id"), col("platform"), col("anchor_id"),
        col("gift_value"), col("amount_reporting")).collectAsList();
    Map<String, Long> reasons = new TreeMap<>();
    List<EventKey> keys = new ArrayList<>(rows.size());
    List<KpiEvent> kpiEvents = new ArrayList<>(rows.size());
    for (Row r : rows) {
      String reason = r.getString(0);
      if (reason != null) reasons.merge(reason, 1L, Long::sum);
      boolean abnormal = QuarantineReason.ABNORMAL_CART_QUANTITY.equals(reason)
          || QuarantineReason.ABNORMAL_ORDER_AMOUNT.equals(reason);
      if (reason != null && !abnormal) continue;
      long time = r.getLong(7);
      keys.add(new EventKey(r.getInt(1), r.getString(2), r.isNullAt(3) ? null : r.getLong(3),
          r.isNullAt(4) ? null : r.getLong(4), r.getString(5), r.getString(6), time, r.getString(8),
          r.getString(9), r.getString(10), abnormal));
      kpiEvents.add(new KpiEvent(r.getString(11), time, r.getString(12), r.getString(13), r.getString(8),
          r.getString(6), r.isNullAt(14) ? null : r.getDouble(14), r.isNullAt(15) ? null : r.getDouble(15)));
    }
    return new BatchFacts(rows.size(), reasons, keys, kpiEvents);
  }

  /** KPI facts of the events that reach the OBT: neither abnormal-valued nor rejected by a verdict. */
  List<KpiEvent> accepted(List<Verdict> verdicts) {
    Set<EventKey> rejected = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Verdict v : verdicts) rejected.add(v.event());
    List<KpiEvent> accepted = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      EventKey k = keys.get(i);
      if (!k.abnormal() && !rejected.contains(k)) accepted.add(kpiEvents.get(i));
    }
    return accepted;
  }
}
