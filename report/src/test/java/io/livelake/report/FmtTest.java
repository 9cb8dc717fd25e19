package io.livelake.report;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The report's numbers as people read them: separators, currency, percentages, signs, no "NaN". */
class FmtTest {
  @Test
  void numbersAreWrittenForPeople() {
    assertEquals("1,234,567", Fmt.count(1_234_567));
    assertEquals("1 viewer", Fmt.count(1, "viewer"));
    assertEquals("0 viewers", Fmt.count(0, "viewer"));
    assertEquals("1,024 viewers", Fmt.count(1_024, "viewer"));
    assertEquals("CNY 12,346", Fmt.money(12_345.6, "CNY"));
    assertEquals("CNY 999.50", Fmt.money(999.5, "CNY"));
    assertEquals("CNY -1,500", Fmt.money(-1_500, "CNY"));
    assertEquals("12.3%", Fmt.percent(0.1234));
    assertEquals("100.0%", Fmt.percent(1));
    assertEquals("1,234.57", Fmt.number(1_234.5678, 2));
    assertEquals("+0.50", Fmt.change(0.5, 2));
    assertEquals("-0.36", Fmt.change(-0.357, 2));
    assertEquals("not defined", Fmt.number(Double.NaN, 3));
    assertEquals("minus infinity", Fmt.number(Double.NEGATIVE_INFINITY, 3));
  }
}
