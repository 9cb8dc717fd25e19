package io.livelake.ingestion.cleaning;

import java.util.List;

/**
 * Rows of earlier batches to move from the One Big Table to quarantine: one user's events of some
 * types in [fromMs, toMs), because the bucket they belong to turned out to exceed its rate limit.
 * {@code events}: how many rows that is, as the cleaning state counted them.
 */
public record Retraction(String userId, List<String> types, long fromMs, long toMs, String reason, String detail,
    long events) {
  /** How the detail of a row moved out of the OBT begins, before the rule's own detail. */
  public static final String MOVED = "moved from silver.events_obt: ";
}
