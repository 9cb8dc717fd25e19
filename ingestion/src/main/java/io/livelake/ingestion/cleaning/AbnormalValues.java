package io.livelake.ingestion.cleaning;

import io.livelake.ingestion.validation.QuarantineReason;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * Abnormal values (paper 001 Table 2): absurd cart quantities, order amounts far from the sum of
 * their lines (a refund's only above it) or above the plausible maximum, and gifts above the plausible maximum.
 */
public final class AbnormalValues {
  private AbnormalValues() {}

  /** Why a valid event's values are abnormal, naming the value and the threshold. */
  public record Flag(String reason, String detail) {}

  /**
   * The flag of one valid event, or null when its values are plausible.
   *
   * @param lines order lines as rows of (product_id, quantity, price), or null
   * @param amountReporting the order amount in the reporting currency (infinite when the conversion
   *     overflows), or null
   */
  public static Flag check(CleaningRules rules, String type, Integer quantity, List<Row> lines, Double amount,
      Double amountReporting, Double giftValue) {
    if (giftValue != null && giftValue > rules.giftMaxValue()) {
      return new Flag(QuarantineReason.ABNORMAL_GIFT_VALUE,
          "gift_value " + twoDecimals(giftValue) + " exceeds cleaning.gift.max.value = " + rules.giftMaxValue());
    }
    boolean cart = type.equals("cart_add") || type.equals("cart_remove");
    if (cart && quantity != null && quantity > rules.cartMaxQuantity()) {
      return new Flag(QuarantineReason.ABNORMAL_CART_QUANTITY,
          "quantity " + quantity + " exceeds cleaning.cart.max.quantity = " + rules.cartMaxQuantity());
    }
    if (!type.equals("order_paid") && !type.equals("order_refunded")) return null;
    if (lines != null && amount != null) {
      double total = 0.0;
      for (Row l : lines) total += l.getDouble(2) * l.getInt(1);
      if (!Double.isFinite(total)) {
        return new Flag(QuarantineReason.ABNORMAL_ORDER_AMOUNT, "its lines' total is beyond the range of numbers");
      }
      // A refund of less than its lines is a partial one (a price protection, a compensation), plausible at any share:
      // held back, all of it would stay in the session's net sales.
      double below = type.equals("order_refunded") ? 0 : total - amount;
      if (Math.max(amount - total, below) > total * rules.orderAmountTolerance()) {
        return new Flag(QuarantineReason.ABNORMAL_ORDER_AMOUNT, "amount " + amount + " differs from its lines' total "
            + twoDecimals(total) + " by more than cleaning.order.amount.tolerance = " + rules.orderAmountTolerance());
      }
    }
    if (amountReporting != null && amountReporting > rules.orderMaxAmount()) {
      return new Flag(QuarantineReason.ABNORMAL_ORDER_AMOUNT, "amount " + twoDecimals(amountReporting)
          + " exceeds cleaning.order.max.amount = " + rules.orderMaxAmount());
    }
    return null;
  }

  private static String twoDecimals(double x) {
    if (!Double.isFinite(x)) return "beyond " + Double.MAX_VALUE;
    return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US)).format(x);
  }
}
