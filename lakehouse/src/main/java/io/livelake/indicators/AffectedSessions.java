package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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
   *   <li>of the sessions of the same anchor a viewer with a changed enter_room or heartbeat watched
   *       without a changed visit, the earliest: it may have stopped or started being the viewer's
   *       first session of the anchor (A43); later ones stay second or later;</li>
   *   <li>for every event of an order with a changed order event (a late order_paid, a refund), its own
   *       session and, by rule 2, the sessions whose outcome window covers it: a refund counts in its
   *       order's session ({@link OrderSessions}), so it may have moved from one to the other.</li>
   * </ol>
   *
   * @param changes changed rows with session_id, anchor_id, user_id, event_type, event_time, order_id
   * @param sameOrder the silver.order_events rows of the changed orders ({@link OrderSessions#sharingAnOrder}), with
   *     each one's own session_id
   * @param viewerDays silver.viewer_days as of the run (to find what the changed users watched)
   * @param sessionDays silver.session_days as of the run (the sessions' order within their anchor)
   * @param existing gold.session_indicators before the run (session start and end)
   */
  public static Dataset<Row> of(Dataset<Row> changes, Dataset<Row> sameOrder, Dataset<Row> viewerDays,
      Dataset<Row> sessionDays, Dataset<Row> existing, int days) {
    Dataset<Row> direct = changes.select("session_id").union(sameOrder.select("session_id"))
        .where(col("session_id").isNotNull());
    Dataset<Row> users = changes.where(col("user_id").isNotNull().and(col("event_type").isin(SessionIndicators.ENTER,
            SessionIndicators.HEARTBEAT, SessionIndicators.PAID, SessionIndicators.REFUNDED)))
        .select("user_id").distinct();
    Dataset<Row> watched = viewerDays
        .join(users, "user_id", "left_semi")
        .select("session_id", "user_id", "anchor_id").distinct();
    Dataset<Row> purchases = changes.where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED))
        .select(col("user_id"), unix_millis(col("event_time")).alias("t"))
        .union(sameOrder.select(col("user_id"), unix_millis(col("event_time")).alias("t")));
    Dataset<Row> windows = existing.select(col("session_id"), unix_millis(col("session_start")).alias("from_ms"),
        unix_millis(col("session_end")).plus(lit(days * 86_400_000L)).alias("to_ms"));
    Dataset<Row> byOutcome = watched.join(windows, "session_id").join(purchases, "user_id")
        .where(col("t").between(col("from_ms"), col("to_ms")))
        .select("session_id");
    Dataset<Row> viewerChanges = changes
        .where(col("event_type").isin(SessionIndicators.ENTER, SessionIndicators.HEARTBEAT)
            .and(col("user_id").isNotNull()).and(col("anchor_id").isNotNull()))
        .select("user_id", "anchor_id").distinct();
    // The viewer's first session of the anchor (A43) is the earliest of the sessions watched. Sessions
    // with a changed visit are recomputed anyway (rule 1); of the others only the earliest can have been
    // or become the first, as it is the first of them before and after the change.
    Dataset<Row> changedVisits = changes
        .where(col("event_type").isin(SessionIndicators.ENTER, SessionIndicators.HEARTBEAT).and(col("user_id").isNotNull()))
        .select("session_id", "user_id");
    Dataset<Row> starts = sessionDays.groupBy("session_id")
        .agg(coalesce(max("session_start"), min("first_event")).alias("start"));
    Dataset<Row> byFirstVisit = watched.join(viewerChanges, new String[] {"user_id", "anchor_id"})
        .join(changedVisits, new String[] {"session_id", "user_id"}, "left_anti")
        .join(starts, "session_id")
        .withColumn("nth", row_number().over(Window.partitionBy("user_id", "anchor_id").orderBy("start", "session_id")))
        .where(col("nth").equalTo(1))
        .select("session_id");
    return direct.union(byOutcome).union(byFirstVisit).distinct();
  }
}
