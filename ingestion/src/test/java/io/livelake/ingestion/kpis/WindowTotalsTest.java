package io.livelake.ingestion.kpis;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowTotalsTest {
  private static final BigDecimal CENTS_1999 = new BigDecimal("19.9900000000");

  @Test
  void addsAndTakesAwayRowsExactlyAndKeepsTheSmallestLabelStillPresent() {
    WindowTotals w = new WindowTotals();
    w.add(1, "gift", new BigDecimal("0.1"), null, "taobao", "a2");
    w.add(1, "gift", new BigDecimal("0.2"), null, "douyin", "a1");
    w.add(1, "order_paid", null, CENTS_1999, "douyin", "a1");
    w.add(1, "view", null, null, null, null);
    assertEquals(4, w.rows);
    assertEquals(0, new BigDecimal("0.3").compareTo(w.giftValue));
    assertEquals(0, CENTS_1999.compareTo(w.gmv));
    assertEquals("[douyin, a1, 0, 0, 0, 0, 2, 0.3, 0, 1, 0, 19.9900000000]", Arrays.toString(w.figures()));

    // The douyin/a1 gift and order deleted: taobao and a2 are all that is left to name.
    w.add(-1, "gift", new BigDecimal("0.2"), null, "douyin", "a1");
    w.add(-1, "order_paid", null, CENTS_1999, "douyin", "a1");
    assertEquals("[taobao, a2, 0, 0, 0, 0, 1, 0.1, 0, 0, 0]", Arrays.toString(Arrays.copyOf(w.figures(), 11)));
    assertEquals(0, w.gmv.signum(), "19.99 - 19.99");
    assertFalse(w.isInconsistent());
    w.add(-1, "gift", new BigDecimal("0.1"), null, "taobao", "a2");
    w.add(-1, "view", null, null, null, null);
    assertTrue(w.isEmpty());
    assertFalse(w.isInconsistent());
  }

  @Test
  void aDeleteOfARowItNeverHadMakesItInconsistent() {
    WindowTotals w = new WindowTotals();
    w.add(1, "like", null, null, "douyin", "a1");
    w.add(-1, "comment", null, null, "douyin", "a1");
    assertTrue(w.isInconsistent(), "comments below zero");
    WindowTotals labels = new WindowTotals();
    labels.add(1, "like", null, null, "douyin", "a1");
    labels.add(-1, "like", null, null, "taobao", "a1");
    assertTrue(labels.isInconsistent(), "a platform no row named");
  }

  @Test
  void survivesItsBytesWithLongLabelsAndLargeSums() {
    WindowTotals w = new WindowTotals();
    String longAnchor = "a".repeat(70_000);
    w.add(1, "order_paid", null, new BigDecimal("123456789012345678.1234567890"), "抖音", longAnchor);
    w.viewers = 1;
    w.buyers = 1;
    WindowTotals back = WindowTotals.of(w.bytes());
    assertEquals(Arrays.toString(w.figures()), Arrays.toString(back.figures()));
    assertEquals(w.rows, back.rows);
    assertEquals(w.anchors, back.anchors);
    assertTrue(WindowTotals.of(null).isEmpty(), "no bytes: a window without rows");
  }
}
