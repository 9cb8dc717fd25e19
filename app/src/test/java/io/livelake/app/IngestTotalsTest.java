package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.ingestion.BatchOutcome;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The totals an ingestion prints at its end: the quarantined records by reason over its batches. */
class IngestTotalsTest {
  private static BatchOutcome batch(long id, Map<String, Long> byReason) {
    long q = byReason.values().stream().mapToLong(Long::longValue).sum();
    return new BatchOutcome(id, q + 10, 10, q, 0, byReason.getOrDefault("late", 0L), 0, byReason, Map.of(), 1.0);
  }

  @Test
  void reasonsAreSummedOverBatchesMostFirstWithTheQueryThatShowsTheirDetails() {
    IngestCommand.Totals totals = new IngestCommand.Totals();
    totals.add(batch(0, Map.of("unknown_event_type", 9L, "late", 0L)));
    totals.add(batch(1, Map.of("late", 6L, "schema_violation", 1_200L)));
    totals.add(batch(2, Map.of("late", 3L, "malformed_json", 9L)));
    assertEquals(Optional.of("quarantined by reason: schema_violation 1,200, late 9, malformed_json 9, "
        + "unknown_event_type 9; what was wrong with each: livelake --lake '/data/my lake' sql \"SELECT reason, "
        + "detail, count(*) AS n FROM bronze.quarantine GROUP BY reason, detail ORDER BY n DESC\""),
        totals.quarantinedByReason("/data/my lake"));
    assertTrue(totals.summary().startsWith("ingested 1,257 records: 30 to silver.events_obt, 1,227 quarantined"),
        totals.summary());
  }

  @Test
  void aRunWithoutQuarantineSaysNothingMore() {
    IngestCommand.Totals totals = new IngestCommand.Totals();
    totals.add(batch(0, Map.of()));
    assertEquals(Optional.empty(), totals.quarantinedByReason("/lake"));
  }
}
