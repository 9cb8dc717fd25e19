package io.livelake.ingestion.kpis;

/**
 * What a real-time KPI window needs of one event in the One Big Table (event time in epoch ms;
 * gift value and reporting-currency amount null when the event has none).
 */
public record KpiEvent(String sessionId, long time, String platform, String anchorId, String userId, String type,
    Double giftValue, Double amount) {

  /** Start (epoch ms) of the one-minute window the event falls in. */
  public long minute() { return KpiState.windowStart(time); }
}
