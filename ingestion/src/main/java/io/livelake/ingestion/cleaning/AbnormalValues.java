package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.validation.QuarantineReason;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Abnormal values (paper 001 Table 2): absurd cart quantities and order amounts far from the sum
 * of their lines or above the plausible maximum. Sets {@code reason}/{@code detail} where empty.
 */
public final class AbnormalValues {
  private AbnormalValues() {}

  /** Needs {@code amount_reporting} (the order amount in the reporting currency). */
  public static Dataset<Row> flag(Dataset<Row> events, CleaningRules rules) {
    Column isCart = col("event_type").isin("cart_add", "cart_remove");
    Column isOrder = col("event_type").isin("order_paid", "order_refunded");
    Column linesTotal = aggregate(col("lines"), lit(0.0),
        (acc, l) -> acc.plus(l.getField("price").multiply(l.getField("quantity"))));
    Column badCart = isCart.and(col("quantity").gt(rules.cartMaxQuantity()));
    Column offLines = isOrder.and(abs(col("amount").minus(linesTotal)).gt(linesTotal.multiply(rules.orderAmountTolerance())));
    Column tooBig = isOrder.and(col("amount_reporting").gt(rules.orderMaxAmount()));
    Column reason = when(col("reason").isNotNull(), col("reason"))
        .when(badCart, lit(QuarantineReason.ABNORMAL_CART_QUANTITY))
        .when(offLines.or(tooBig), lit(QuarantineReason.ABNORMAL_ORDER_AMOUNT))
        .otherwise(lit(null));
    Column detail = when(col("reason").isNotNull(), col("detail"))
        .when(badCart, concat(lit("quantity "), col("quantity").cast("string"),
            lit(" exceeds cleaning.cart.max.quantity = " + rules.cartMaxQuantity())))
        .when(offLines, concat(lit("amount "), col("amount").cast("string"), lit(" differs from its lines' total "),
            format_number(linesTotal, 2), lit(" by more than cleaning.order.amount.tolerance = " + rules.orderAmountTolerance())))
        .when(tooBig, concat(lit("amount "), format_number(col("amount_reporting"), 2),
            lit(" exceeds cleaning.order.max.amount = " + rules.orderMaxAmount())))
        .otherwise(lit(null));
    return events.withColumn("reason", reason).withColumn("detail", detail);
  }
}
