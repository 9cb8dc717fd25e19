package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

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
    Dataset<Row> paid = lookup
        .where(col("event_type").equalTo(SessionIndicators.PAID).and(col("user_id").isNotNull())
            .and(col("order_id").isNotNull()))
        .groupBy(col("user_id").alias("_paid_user"), col("order_id").alias("_paid_order"))
        .agg(min(struct(col("event_time"), col("session_id"))).alias("_first_paid"));
    Column refundOfPaid = orders.col("event_type").equalTo(SessionIndicators.REFUNDED)
        .and(orders.col("user_id").equalTo(paid.col("_paid_user")))
        .and(orders.col("order_id").equalTo(paid.col("_paid_order")));
    return orders.join(paid, refundOfPaid, "left")
        .withColumn("session_id", when(col("_first_paid").isNotNull(), col("_first_paid.session_id"))
            .otherwise(col("session_id")))
        .drop("_paid_user", "_paid_order", "_first_paid");
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
