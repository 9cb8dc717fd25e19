package io.livelake.ingestion.cleaning;

/**
 * A cleaning decision against one event of the batch: {@code kind} is duplicate (with the rule in
 * {@code code}) or quarantine (with the reason in {@code code} and a {@code detail}).
 */
public record Verdict(EventKey event, String kind, String code, String detail) {
  public static final String DUPLICATE = "duplicate";
  public static final String QUARANTINE = "quarantine";
}
