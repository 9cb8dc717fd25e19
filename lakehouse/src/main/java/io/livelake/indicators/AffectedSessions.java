package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which sessions a set of changed OBT rows (inserted or deleted: late events, retracted bot bursts)
 * can alter. Over-including is harmless — a recomputed session that did not change is not rewritten —
 * missing one is not, so each rule errs on the wide side.
 */
public final class AffectedSessions {
  private AffectedSessions() {}

  /**
   * (session_id) of every session whose row may change:
   * <ol>
   *   <li>sessions with a changed event;</li>
   *   <li>sessions of a viewer with a changed order or refund whose outcome window
   *       (session start .. end + {@code days}) covers it;</li>
   *   <li>other sessions of the same anchor watched by a viewer with a changed enter_room or
   *       heartbeat: whether they are the viewer's first session of the anchor (A43) may have changed.</li>
   * </ol>
   *
   * @param changes changed rows with session_id, anchor_id, user_id, event_type, event_time
   * @param obt the OBT as of the run (to find what the changed users watched)
   * @param existing gold.session_indicators before the run (session start and end)
   */
  public static Dataset<Row> of(Dataset<Row> changes, Dataset<Row> obt, Dataset<Row> existing, int days) {
    Dataset<Row> direct = changes.where(col("session_id").isNotNull()).select("session_id");
    Dataset<Row> users = changes.where(col("user_id").isNotNull().and(col("event_type").isin(SessionIndicators.ENTER,
            SessionIndicators.HEARTBEAT, SessionIndicators.PAID, SessionIndicators.REFUNDED)))
        .select("user_id").distinct();
    Dataset<Row> watched = obt
        .where(col("event_type").isin(SessionIndicators.ENTER, SessionIndicators.HEARTBEAT).and(col("session_id").isNotNull()))
        .join(users, "user_id", "left_semi")
        .select("session_id", "user_id", "anchor_id").distinct();
    Dataset<Row> purchases = changes.where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED))
        .select(col("user_id"), unix_millis(col("event_time")).alias("t"));
    Dataset<Row> windows = existing.select(col("session_id"), unix_millis(col("session_start")).alias("from_ms"),
        unix_millis(col("session_end")).plus(lit(days * 86_400_000L)).alias("to_ms"));
    Dataset<Row> byOutcome = watched.join(windows, "session_id").join(purchases, "user_id")
        .where(col("t").between(col("from_ms"), col("to_ms")))
        .select("session_id");
    Dataset<Row> viewerChanges = changes
        .where(col("event_type").isin(SessionIndicators.ENTER, SessionIndicators.HEARTBEAT)
            .and(col("user_id").isNotNull()).and(col("anchor_id").isNotNull()))
        .select("user_id", "anchor_id").distinct();
    Dataset<Row> byFirstVisit = watched.join(viewerChanges, new String[] {"user_id", "anchor_id"}).select("session_id");
    return direct.union(byOutcome).union(byFirstVisit).distinct();
  }
}
