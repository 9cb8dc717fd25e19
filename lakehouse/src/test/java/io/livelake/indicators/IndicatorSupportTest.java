package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IndicatorSupportTest {
  /**
   * Twenty sessions as a data set without comments, gifts or ads would give them: A12 and A13 are 0
   * everywhere, A51 is null everywhere (no ad impressions), A41 has a rating in 1 session, A22 in 2
   * (10%, exactly the default coverage), A23 is NaN in 19 sessions; every other indicator varies.
   */
  private static Dataset<Row> sessions() {
    return IndicatorRows.of(20, (s, i) -> switch (i) {
      case A12, A13 -> 0.0;
      case A51 -> null;
      case A41 -> s == 3 ? 4.5 : null;
      case A22 -> s < 2 ? 3.0 + s : null;
      case A23 -> s == 0 ? 0.5 : Double.NaN;
      default -> (double) (s % 5);
    });
  }

  @Test
  void constantMissingAndRareIndicatorsAreUnsupportedWithTheirReason() {
    Map<Indicator, IndicatorSupport.Verdict> v = new EnumMap<>(Indicator.class);
    IndicatorSupport.measure(sessions(), 0.1).forEach(x -> v.put(x.indicator(), x));
    assertEquals(14, v.size());
    assertEquals("the same value (0) in all 20 sessions, so it tells no session from another "
        + "(measured as comment events)", v.get(Indicator.A12).reason());
    assertEquals(new IndicatorSupport.Verdict(Indicator.A13, 20, 20, 0.0, 0.0, "the same value (0) in all 20 sessions, "
        + "so it tells no session from another (measured as gift events (gift value kept in gift_value))"),
        v.get(Indicator.A13));
    assertEquals(new IndicatorSupport.Verdict(Indicator.A51, 20, 0, null, null, "no value in any of the 20 sessions "
        + "(measured as ad clicks / ad impressions)"), v.get(Indicator.A51));
    assertEquals("a value in only 1 of 20 sessions (5%), below indicators.support.min.coverage 10%",
        v.get(Indicator.A41).reason());
    assertEquals(1L, v.get(Indicator.A41).measured());
    assertEquals("a value in only 1 of 20 sessions (5%), below indicators.support.min.coverage 10%",
        v.get(Indicator.A23).reason(), "NaN is no value");
    // 2 of 20 is 10%: at the threshold counts as enough; the two values differ.
    assertTrue(v.get(Indicator.A22).supported());
    assertEquals(new IndicatorSupport.Verdict(Indicator.A22, 20, 2, 3.0, 4.0, null), v.get(Indicator.A22));
    assertEquals(List.of(Indicator.A11, Indicator.A14, Indicator.A21, Indicator.A22, Indicator.A31, Indicator.A32,
        Indicator.A33, Indicator.A42, Indicator.A43), IndicatorSupport.supported(List.copyOf(v.values())));
  }

  @Test
  void aCoverageAboveTheRareOnesLeavesThemOutAndAMissingColumnIsNamed() {
    Map<Indicator, String> columns = new EnumMap<>(Indicator.class);
    for (Indicator i : Indicator.values()) columns.put(i, i.column());
    columns.remove(Indicator.A42);
    List<IndicatorSupport.Verdict> v = IndicatorSupport.measure(sessions(), columns, 0.125, "no column for it");
    assertEquals("a value in only 2 of 20 sessions (10%), below indicators.support.min.coverage 12.5%",
        v.get(Indicator.A22.ordinal()).reason());
    assertEquals(new IndicatorSupport.Verdict(Indicator.A42, 20, 0, null, null, "no column for it"),
        v.get(Indicator.A42.ordinal()));
    assertEquals("there are no sessions",
        IndicatorSupport.measure(sessions().limit(0), 0.1).get(0).reason());
    assertEquals(List.of("there is only 1 session, and a model learns from differences between sessions"),
        IndicatorSupport.measure(sessions().limit(1), 0.1).stream().map(IndicatorSupport.Verdict::reason).distinct().toList());
  }
}
