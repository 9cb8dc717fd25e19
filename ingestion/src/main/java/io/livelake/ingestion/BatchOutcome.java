package io.livelake.ingestion;

import io.livelake.ingestion.validation.QuarantineReason;
import java.util.Map;

/** What one micro-batch did: records in = accepted + quarantined + duplicates. */
public record BatchOutcome(
    long batchId,
    long recordsIn,
    long accepted,
    long quarantined,
    long duplicates,
    long late,
    long retracted,
    Map<String, Long> quarantinedByReason,
    Map<String, Long> duplicatesByRule,
    double seconds) {

  /**
   * A batch's outcome from its records and what they came to: quarantined by reason (late among them) and
   * duplicates by rule, every other record accepted; {@code startedMs} is when the batch started.
   */
  static BatchOutcome of(long batchId, long records, Map<String, Long> byReason, Map<String, Long> byRule,
      long retracted, long startedMs) {
    long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
    long duplicates = byRule.values().stream().mapToLong(Long::longValue).sum();
    return new BatchOutcome(batchId, records, records - quarantined - duplicates, quarantined, duplicates,
        byReason.getOrDefault(QuarantineReason.LATE, 0L), retracted, byReason, byRule,
        (System.currentTimeMillis() - startedMs) / 1000.0);
  }
}
