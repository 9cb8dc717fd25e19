package io.livelake.simulator;

import java.time.Instant;

/** Parameters of one simulator run; the same options and seed give byte-identical output. */
public record SimulatorOptions(
    long seed,
    long events,
    int users,
    int anchors,
    int products,
    int sessionsPerDay,
    int meanViewers,
    Instant start,
    FaultRates faults,
    long watermarkMs,
    double eventsPerSecond) {

  public static SimulatorOptions defaults(long seed, long events) {
    return new SimulatorOptions(seed, events, 20_000, 40, 400, 48, 60, Instant.parse("2026-01-01T00:00:00Z"),
        FaultRates.defaults(), 10 * 60_000L, 0);
  }

  /**
   * The demo's market: many small sessions (about 600 in 200,000 events, more than the 500 of paper
   * 001's setting) among 200,000 users, so that few viewers watch two sessions within an outcome window.
   */
  public static SimulatorOptions demo(long seed, long events) {
    return defaults(seed, events).withWorld(200_000, 40, 400, 96, 6);
  }

  public SimulatorOptions withFaults(FaultRates f) {
    return new SimulatorOptions(seed, events, users, anchors, products, sessionsPerDay, meanViewers, start, f,
        watermarkMs, eventsPerSecond);
  }

  public SimulatorOptions withRate(double perSecond) {
    return new SimulatorOptions(seed, events, users, anchors, products, sessionsPerDay, meanViewers, start, faults,
        watermarkMs, perSecond);
  }

  public SimulatorOptions withWorld(int users, int anchors, int products, int sessionsPerDay, int meanViewers) {
    return new SimulatorOptions(seed, events, users, anchors, products, sessionsPerDay, meanViewers, start, faults,
        watermarkMs, eventsPerSecond);
  }

  public SimulatorOptions withWatermark(long ms) {
    return new SimulatorOptions(seed, events, users, anchors, products, sessionsPerDay, meanViewers, start, faults,
        ms, eventsPerSecond);
  }

  public SimulatorOptions withStart(Instant s) {
    return new SimulatorOptions(seed, events, users, anchors, products, sessionsPerDay, meanViewers, s, faults,
        watermarkMs, eventsPerSecond);
  }
}
