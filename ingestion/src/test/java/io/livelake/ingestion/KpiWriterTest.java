package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KpiWriterTest {
  private static final long MIN = 60_000L;

  @Test
  void replacesRunsOfConsecutiveMinutesAsRangesAndNeverSpansAGap() {
    assertEquals("(window_start >= timestamp_millis(0) AND window_start <= timestamp_millis(120000))"
            + " OR window_start = timestamp_millis(300000)"
            + " OR (window_start >= timestamp_millis(420000) AND window_start <= timestamp_millis(480000))",
        KpiWriter.condition(List.of(0L, MIN, 2 * MIN, 5 * MIN, 7 * MIN, 8 * MIN)));
    assertEquals("window_start = timestamp_millis(60000)", KpiWriter.condition(List.of(MIN)));
  }
}
