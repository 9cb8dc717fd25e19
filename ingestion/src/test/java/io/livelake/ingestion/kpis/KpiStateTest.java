package io.livelake.ingestion.kpis;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The driver-side KPI windows: counts, distinct users, exact sums, eviction and rebuilt minutes. */
class KpiStateTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = 60_000L;
  private static final Timestamp NOW = new Timestamp(T + 99 * MIN);

  private static KpiEvent ev(String session, long time, String user, String type, Double gift, Double amount) {
    return new KpiEvent(session, time, "douyin", "a1", user, type, gift, amount);
  }

  /** Rows keyed "session@minute", with every KPI column after window_end. */
  private static Map<String, String> rows(KpiState s, List<Long> minutes) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : s.rows(minutes, NOW)) {
      assertEquals(r.<Timestamp>getAs(1).getTime() + MIN, r.<Timestamp>getAs(2).getTime());
      assertEquals(NOW, r.get(16));
      m.put(r.getString(0) + "@" + (r.<Timestamp>getAs(1).getTime() - T) / MIN,
          r.get(3) + " " + r.get(4) + " viewers=" + r.get(5) + " comments=" + r.get(6) + " likes=" + r.get(7)
              + " shares=" + r.get(8) + " gifts=" + r.get(9) + " gift_value=" + r.get(10) + " clicks=" + r.get(11)
              + " orders=" + r.get(12) + " buyers=" + r.get(13) + " gmv=" + r.get(14) + " conversion=" + r.get(15));
    }
    return m;
  }

  @Test
  void countsEachSessionMinuteWithExactSumsWhateverTheBatchCuts() {
    KpiState s = new KpiState(Long.MIN_VALUE);
    s.add(ev("s1", T + 1_000, "u1", "comment", null, null));
    s.add(ev("s1", T + 2_000, "u1", "gift", 0.1, null));
    s.add(ev("s1", T + 3_000, "u2", "gift", 0.2, null));
    s.add(ev("s1", T + 4_000, "u2", "order_paid", null, 19.99));
    // A second batch into the same window.
    s.add(ev("s1", T + 5_000, "u3", "order_paid", null, 5.01));
    s.add(ev("s1", T + 6_000, "u3", "order_refunded", null, 0.005));
    s.add(ev("s1", T + 7_000, "u4", "like", null, null));
    s.add(ev("s1", T + 8_000, "u4", "share", null, null));
    s.add(ev("s1", T + 9_000, "u4", "product_click", null, null));
    s.add(ev("s2", T + 61_000, "u1", "enter_room", null, null));
    s.add(ev(null, T + 62_000, "u9", "login", null, null));

    // 0.1 + 0.2 is 0.3 here (a double sum gives 0.30000000000000004); 19.99 + 5.01 - 0.005 = 24.995 → 25.0.
    assertEquals(Map.of(
        "s1@0", "douyin a1 viewers=4 comments=1 likes=1 shares=1 gifts=2 gift_value=0.3 clicks=1 orders=2 buyers=2"
            + " gmv=25.0 conversion=0.5",
        "s2@1", "douyin a1 viewers=1 comments=0 likes=0 shares=0 gifts=0 gift_value=0.0 clicks=0 orders=0 buyers=0"
            + " gmv=0.0 conversion=0.0"), rows(s, List.of(T, T + MIN, T + 2 * MIN)));
    assertEquals(2, s.size(), "an event without a session has no window");
  }

  @Test
  void forgetsWindowsBehindTheWatermarkAndRebuildsMinutesFromTheObt() {
    KpiState s = new KpiState(Long.MIN_VALUE);
    s.add(ev("s1", T + 1_000, "u1", "comment", null, null));
    s.add(ev("s1", T + MIN + 1_000, "u1", "comment", null, null));
    s.add(ev("s1", T + 2 * MIN + 1_000, "u2", "like", null, null));

    s.forgetBefore(T + MIN + 30_000);
    assertEquals(T + MIN, s.completeFrom());
    assertFalse(s.holds(T));
    assertTrue(s.holds(T + MIN));
    assertEquals(2, s.size());
    assertEquals(List.of(), s.rows(List.of(T), NOW), "the window of minute 0 is forgotten");
    s.forgetBefore(T);
    assertEquals(T + MIN, s.completeFrom(), "the horizon never moves back");

    // The OBT's rows for minutes 0 and 2 replace whatever the state held for them; other minutes stay.
    s.replaceMinutes(List.of(T, T + 2 * MIN), List.of(
        ev("s1", T + 2_000, "u7", "like", null, null),
        ev("s1", T + MIN + 5_000, "u8", "like", null, null),
        ev("s3", T + 2 * MIN + 3_000, "u9", "comment", null, null)));
    Map<String, String> r = rows(s, List.of(T, T + MIN, T + 2 * MIN));
    assertEquals(3, r.size(), r.toString());
    assertTrue(r.get("s1@0").contains("viewers=1 comments=0 likes=1"), r.toString());
    assertTrue(r.get("s1@1").contains("viewers=1 comments=1 likes=0"), "minute 1 was not rebuilt: " + r);
    assertTrue(r.get("s3@2").contains("viewers=1 comments=1 likes=0"), r.toString());
    assertFalse(r.containsKey("s1@2"), "s1's minute-2 window is gone with the rebuild");
  }

  @Test
  void aRetractionTakesAUsersEventsOfItsTypesOutAndTheUserWhenNothingIsLeft() {
    KpiState s = new KpiState(Long.MIN_VALUE);
    s.add(ev("s1", T + 1_000, "bot", "product_click", null, null));
    s.add(ev("s1", T + 2_000, "bot", "ad_click", null, null));
    s.add(ev("s1", T + 3_000, "bot", "like", null, null));
    s.add(ev("s2", T + 4_000, "bot", "product_click", null, null));
    s.add(ev("s2", T + 5_000, "u1", "product_click", null, null));
    s.add(ev("s3", T + 6_000, "bot", "product_click", null, null));
    s.add(ev("s1", T + MIN + 1_000, "bot", "product_click", null, null));

    s.retract("bot", List.of("product_click", "ad_click"), T, T + MIN);

    Map<String, String> r = rows(s, List.of(T, T + MIN));
    assertEquals(Map.of(
        "s1@0", "douyin a1 viewers=1 comments=0 likes=1 shares=0 gifts=0 gift_value=0.0 clicks=0 orders=0 buyers=0"
            + " gmv=0.0 conversion=0.0",
        "s2@0", "douyin a1 viewers=1 comments=0 likes=0 shares=0 gifts=0 gift_value=0.0 clicks=1 orders=0 buyers=0"
            + " gmv=0.0 conversion=0.0",
        "s1@1", "douyin a1 viewers=1 comments=0 likes=0 shares=0 gifts=0 gift_value=0.0 clicks=1 orders=0 buyers=0"
            + " gmv=0.0 conversion=0.0"), r,
        "bot stays a viewer of s1 by its like, leaves s2, s3 loses its only user; minute 1 is outside the span");
    assertEquals(3, s.size());
  }
}
