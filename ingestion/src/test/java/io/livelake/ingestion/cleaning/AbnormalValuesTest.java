package io.livelake.ingestion.cleaning;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.ingestion.obt.FxRates;
import io.livelake.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Paper 001's abnormal values with the default thresholds, and the currency conversion they use. */
class AbnormalValuesTest {
  private static final CleaningRules RULES = CleaningRules.from(TestSpark.config(TestSpark.newDir("abnormal")));

  private static String flag(String type, Integer quantity, List<Row> lines, Double amount, Double reporting) {
    AbnormalValues.Flag f = AbnormalValues.check(RULES, type, quantity, lines, amount, reporting, null);
    return f == null ? null : f.reason() + ": " + f.detail();
  }

  @Test
  void flagsAbsurdCartsAndOrdersNamingTheValueAndTheThreshold() {
    int maxQuantity = RULES.cartMaxQuantity();
    assertNull(flag("cart_add", maxQuantity, null, null, null));
    assertEquals("abnormal_cart_quantity: quantity " + (maxQuantity + 1) + " exceeds cleaning.cart.max.quantity = "
        + maxQuantity, flag("cart_remove", maxQuantity + 1, null, null, null));
    assertNull(flag("comment", maxQuantity + 1, null, null, null), "only carts have a quantity rule");

    List<Row> lines = List.of(RowFactory.create("p1", 2, 9.5), RowFactory.create("p2", 1, 1000.0));  // 1,019.00
    assertNull(flag("order_paid", null, lines, 1019.0, 1019.0));
    double tolerance = RULES.orderAmountTolerance();
    double off = 1019.0 * (1 + tolerance) + 1;
    assertEquals("abnormal_order_amount: amount " + off + " differs from its lines' total 1,019.00 by more than"
        + " cleaning.order.amount.tolerance = " + tolerance, flag("order_refunded", null, lines, off, 10.0));
    double low = 1019.0 * (1 - tolerance) - 1;  // 508.50
    assertEquals("abnormal_order_amount: amount " + low + " differs from its lines' total 1,019.00 by more than"
        + " cleaning.order.amount.tolerance = " + tolerance, flag("order_paid", null, lines, low, low));
    assertNull(flag("order_refunded", null, lines, low, low), "a partial refund, below its lines' total");
    assertNull(flag("order_refunded", null, lines, 30.0, 30.0), "a price protection of 30 on the 1,000 line");

    double max = RULES.orderMaxAmount();
    List<Row> big = List.of(RowFactory.create("p1", 1, max * 2));
    assertEquals("abnormal_order_amount: amount " + String.format(java.util.Locale.US, "%,.2f", max * 2 + 0.004)
        + " exceeds cleaning.order.max.amount = " + max, flag("order_paid", null, big, max * 2, max * 2 + 0.004));
  }

  @Test
  void flagsGiftsAndAmountsBeyondThePlausibleAndBeyondTheRangeOfNumbers() {
    assertNull(AbnormalValues.check(RULES, "gift", null, null, null, null, 520.0));
    assertEquals("gift_value 1,000,000.00 exceeds cleaning.gift.max.value = 100000.0",
        AbnormalValues.check(RULES, "gift", null, null, null, null, 1e6).detail());
    assertEquals("abnormal_gift_value", AbnormalValues.check(RULES, "gift", null, null, null, null, 1e308).reason());
    assertEquals("abnormal_order_amount: amount beyond 1.7976931348623157E308 exceeds cleaning.order.max.amount = "
        + RULES.orderMaxAmount(), flag("order_paid", null, List.of(RowFactory.create("p1", 1, 1e308)), 1e308,
        Double.POSITIVE_INFINITY));
    assertEquals("abnormal_order_amount: its lines' total is beyond the range of numbers",
        flag("order_paid", null, List.of(RowFactory.create("p1", 2, 1e308)), 5.0, 5.0),
        "a small amount cannot hide an infinite line total");
  }

  @Test
  void convertsAmountsIntoTheReportingCurrencyRoundedToCents() {
    FxRates fx = FxRates.from(TestSpark.config(TestSpark.newDir("fx"),
        Map.of("reporting.currency", "CNY", "reporting.fx.rates", "CNY:1,USD:7.1,IDR:0.00045")));
    assertEquals(71.0, fx.toReporting(10.0, "USD"));
    assertEquals(0.45, fx.toReporting(1000.0, "IDR"));
    assertEquals(12.35, fx.toReporting(12.345, "CNY"), "half up, on the amount as it prints");
    assertNull(fx.toReporting(10.0, "GBP"), "no rate");
    assertNull(fx.toReporting(null, "USD"));
    assertEquals(Double.POSITIVE_INFINITY, fx.toReporting(1e308, "USD"), "overflow is infinite, never an exception");
  }

  @Test
  void namesACurrencyWithoutARateAndTheSettingThatWouldGiveItOne() {
    FxRates fx = FxRates.from(TestSpark.config(TestSpark.newDir("fx-unknown"),
        Map.of("reporting.currency", "EUR", "reporting.fx.rates", "CNY:1,USD:7.1")));
    assertNull(fx.unconvertible("USD"));
    assertNull(fx.unconvertible("EUR"), "the reporting currency always converts");
    assertEquals("currency 'GBP' has no rate in reporting.fx.rates, so the amount cannot be converted into EUR"
        + " (reporting.fx.rates has rates for CNY, EUR, USD)", fx.unconvertible("GBP"));
    assertEquals("currency 'call [phone]...' has no rate in reporting.fx.rates, so the amount cannot be converted"
        + " into EUR (reporting.fx.rates has rates for CNY, EUR, USD)", fx.unconvertible("call 13912345678 now"));
    assertEquals("currency 'usd' has no rate in reporting.fx.rates, so the amount cannot be converted into EUR"
        + " (reporting.fx.rates has rates for CNY, EUR, USD; codes are upper case: USD)", fx.unconvertible("usd"));
    assertEquals("amount without a currency, so it cannot be converted into EUR (reporting.fx.rates has rates for CNY,"
        + " EUR, USD)", fx.unconvertible(null));
    // What Chinese exports write for the renminbi: named, not converted.
    assertEquals("currency 'rmb' has no rate in reporting.fx.rates, so the amount cannot be converted into EUR"
        + " (reporting.fx.rates has rates for CNY, EUR, USD; RMB is not an ISO 4217 code: the producer writes CNY for it,"
        + " or reporting.fx.rates gets RMB:<rate of CNY>)", fx.unconvertible("rmb"));
    assertEquals("currency '元' has no rate in reporting.fx.rates, so the amount cannot be converted into EUR"
        + " (reporting.fx.rates has rates for CNY, EUR, USD; 元 is not an ISO 4217 code: the producer writes CNY for it,"
        + " or reporting.fx.rates gets 元:<rate of CNY>)", fx.unconvertible("元"));
  }
}
