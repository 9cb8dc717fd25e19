package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines `livelake indicators` prints after its summary, from a run's result alone. */
class FindingsTest {

  private static IndicatorsJob.Result result(List<IndicatorSupport.Verdict> support, OrderSessions.Reconciliation refunds) {
    return new IndicatorsJob.Result(1, "full", "first run", null, 1, 0, 0, 0, false, 0, 0, 0, support, null, null, refunds, 1.0);
  }

  private static IndicatorSupport.Verdict verdict(Indicator i, String reason) {
    return new IndicatorSupport.Verdict(i, 0, 0, null, null, reason);
  }

  @Test
  void aLakeWithoutSessionsIsToldSoOnceNotFourteenTimes() {
    List<IndicatorSupport.Verdict> none = Arrays.stream(Indicator.values()).map(i -> verdict(i, "there are no sessions")).toList();
    assertEquals(List.of("indicators: the data supports 0 of the 14 indicators as model inputs; train leaves out all of them: "
            + "there are no sessions",
        "indicators: 2 refunds; 0 counted in their order's session rather than the one they carry, 2 without their order "
            + "in the lake (counted in the session they carry, or as shop sales without one)"),
        result(none, new OrderSessions.Reconciliation(2, 0, 2, 0, List.of())).findings());
  }

  @Test
  void eachIndicatorLeftOutForItsOwnReasonHasItsLine() {
    List<IndicatorSupport.Verdict> support = Arrays.stream(Indicator.values())
        .map(i -> verdict(i, i == Indicator.A42 ? "the same value (0) in all 3 sessions"
            : i == Indicator.A22 ? "measured in 1 of 3 sessions" : null))
        .toList();
    assertEquals(List.of("indicators: the data supports 12 of the 14 indicators as model inputs; train leaves out:",
        "  " + verdict(Indicator.A22, null).label() + ": measured in 1 of 3 sessions",
        "  " + verdict(Indicator.A42, null).label() + ": the same value (0) in all 3 sessions"),
        result(support, new OrderSessions.Reconciliation(0, 0, 0, 0, List.of())).findings());
  }

  @Test
  void indicatorsLeftOutForOneReasonAreNamedOnOneLine() {
    List<IndicatorSupport.Verdict> support = Arrays.stream(Indicator.values())
        .map(i -> verdict(i, i == Indicator.A13 || i == Indicator.A51 ? "no session has one" : null))
        .toList();
    assertEquals(List.of("indicators: the data supports 12 of the 14 indicators as model inputs; train leaves out A13, A51: "
        + "no session has one"), result(support, null).findings());
  }
}
