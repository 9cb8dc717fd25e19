package io.livelake.ingestion;

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
    double seconds) {}
