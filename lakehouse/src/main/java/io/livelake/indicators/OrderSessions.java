package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a refund counts: in the live session where its order was paid, whatever session the refund event
 * carries itself. An after-sales system that sends refunds seldom knows the live room, and a refund sent without
 * its order's session would otherwise leave that session's sales (A32) gross and take the amount off the shop's.
 * The order is the earliest order_paid of the same user and order_id; the refund event's own session_id counts
 * only when the lake holds no such order.
 */
public final class OrderSessions {
  private OrderSessions() {}

  /**
   * {@code orders} (order events with user_id, order_id, session_id, event_time and event_type) with each refund's
   * session_id replaced by its order's, the order being looked up among the order_paid rows of {@code lookup}
   * (which must hold every order of the refunds, e.g. all of silver.order_events); other columns as they are.
   */
  public static Dataset<Row> attributed(Dataset<Row> orders, Dataset<Row> lookup) {
    Dataset<Row> paid = paidOrders(lookup);
    return orders.join(paid, refundOf(orders, paid), "left")
        .withColumn("session_id", when(col("_first_paid").isNotNull(), col("_first_paid.session_id"))
            .otherwise(col("session_id")))
        .drop("_paid_user", "_paid_order", "_first_paid", "_paid_exact");
  }

  /**
   * How the refunds of {@code orderEvents} (all of silver.order_events) were matched with their orders: how many
   * count in another session than the one they carry, how many have no order in the lake, and which orders were
   * refunded more than they were paid (whose sessions' A32 is then lower than what they sold).
   */
  public static Reconciliation reconcile(Dataset<Row> orderEvents) {
    Dataset<Row> paid = paidOrders(orderEvents);
    Dataset<Row> refunds = orderEvents.where(col("event_type").equalTo(SessionIndicators.REFUNDED));
    Dataset<Row> perOrder = refunds.join(paid, refundOf(refunds, paid), "left")
        .groupBy("user_id", "order_id")
        .agg(count(lit(1)).alias("_refunds"),
            count(when(col("_first_paid").isNotNull().and(not(col("session_id").eqNullSafe(col("_first_paid.session_id")))), 1))
                .alias("_moved"),
            count(col("_first_paid")).alias("_matched"),
            sum(col("amount_reporting").cast(SessionIndicators.MONEY)).alias("_refunded"), max("_paid_exact").alias("_paid"));
    Column over = col("_matched").gt(0).and(col("_refunded").gt(col("_paid")));
    Row counts = perOrder.agg(coalesce(sum("_refunds"), lit(0L)), coalesce(sum("_moved"), lit(0L)),
        coalesce(sum(when(col("_matched").equalTo(0), col("_refunds"))), lit(0L)), count(when(over, 1))).first();
    long overRefunded = counts.getLong(3);
    List<String> examples = overRefunded == 0 ? List.of()
        : perOrder.where(over).select("order_id").orderBy("order_id").limit(EXAMPLES).collectAsList().stream()
            .map(r -> r.getString(0)).toList();
    return new Reconciliation(counts.getLong(0), counts.getLong(1), counts.getLong(2), overRefunded, examples);
  }

  /** Orders over-refunded that {@link #reconcile} names; the rest are counted. */
  static final int EXAMPLES = 5;

  /**
   * What {@link #reconcile} found: {@code refunds} in the lake, {@code moved} of them counted in their order's
   * session rather than the one they carry, {@code withoutOrder} with no order_paid of the same user and order_id in
   * the lake (counted where they say), and {@code overRefunded} orders whose refunds exceed their payments, the first
   * few by order_id in {@code examples}.
   */
  public record Reconciliation(long refunds, long moved, long withoutOrder, long overRefunded, List<String> examples) {
    /** The line `livelake indicators` prints about refunds; empty when the lake has none. */
    public Optional<String> summary() {
      if (refunds == 0) return Optional.empty();
      String over = overRefunded == 0 ? ""
          : String.format(Locale.ROOT, "; %,d order%s refunded more than %s paid (%s%s): A32 counts the refunds in full",
              overRefunded, overRefunded == 1 ? "" : "s", overRefunded == 1 ? "it was" : "they were",
              String.join(", ", examples), overRefunded > examples.size() ? ", ..." : "");
      return Optional.of(String.format(Locale.ROOT, "indicators: %,d refund%s; %,d counted in their order's session rather "
              + "than the one they carry, %,d without their order in the lake (counted in the session they carry, or as "
              + "shop sales without one)%s",
          refunds, refunds == 1 ? "" : "s", moved, withoutOrder, over));
    }
  }

  /**
   * Per order (user_id and order_id) of {@code lookup}'s order_paid rows: the earliest payment's time and session,
   * and the amount paid in all, in columns named apart from the order events' own.
   */
  private static Dataset<Row> paidOrders(Dataset<Row> lookup) {
    return lookup
        .where(col("event_type").equalTo(SessionIndicators.PAID).and(col("user_id").isNotNull())
            .and(col("order_id").isNotNull()))
        .groupBy(col("user_id").alias("_paid_user"), col("order_id").alias("_paid_order"))
        .agg(min(struct(col("event_time"), col("session_id"))).alias("_first_paid"),
            sum(col("amount_reporting").cast(SessionIndicators.MONEY)).alias("_paid_exact"));
  }

  /** The join of a refund of {@code orders} with its order in {@link #paidOrders}. */
  private static Column refundOf(Dataset<Row> orders, Dataset<Row> paid) {
    return orders.col("event_type").equalTo(SessionIndicators.REFUNDED)
        .and(orders.col("user_id").equalTo(paid.col("_paid_user")))
        .and(orders.col("order_id").equalTo(paid.col("_paid_order")));
  }

  /**
   * The rows of {@code orderEvents} that belong to an order (user_id and order_id) of a changed order event in
   * {@code changes}: when one of them changes, each other may count in another session or channel, before or after.
   */
  public static Dataset<Row> sharingAnOrder(Dataset<Row> orderEvents, Dataset<Row> changes) {
    Dataset<Row> changed = changes
        .where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED).and(col("user_id").isNotNull())
            .and(col("order_id").isNotNull()))
        .select("user_id", "order_id").distinct();
    return orderEvents.join(changed, new String[] {"user_id", "order_id"}, "left_semi");
  }
}
