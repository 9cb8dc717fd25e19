package io.livelake.simulator;

/**
 * How often each fault is injected. Generic faults are fractions of all base events; type-specific
 * ones are fractions of the events of that type; bursts and storms are per base event.
 */
public record FaultRates(
    double exactDuplicate,
    double redelivered,
    double malformedJson,
    double missingField,
    double wrongType,
    double late,
    double outOfOrder,
    double accessDuplicate,
    double orderDuplicate,
    double cartReadd,
    double abnormalCart,
    double abnormalOrder,
    double botBurst,
    double loginStorm,
    double logoutStorm) {

  /** The default mix: every fault type present, about 3% of records faulty. */
  public static FaultRates defaults() {
    return new FaultRates(0.004, 0.004, 0.002, 0.0015, 0.0015, 0.0015, 0.004,
        0.003, 0.03, 0.04, 0.03, 0.03, 0.00002, 0.00001, 0.00001);
  }

  /** No faults at all: a clean run. */
  public static FaultRates none() { return defaults().scaled(0); }

  /** Every rate multiplied by {@code f}. */
  public FaultRates scaled(double f) {
    return new FaultRates(exactDuplicate * f, redelivered * f, malformedJson * f, missingField * f, wrongType * f,
        late * f, outOfOrder * f, accessDuplicate * f, orderDuplicate * f, cartReadd * f, abnormalCart * f,
        abnormalOrder * f, botBurst * f, loginStorm * f, logoutStorm * f);
  }
}
