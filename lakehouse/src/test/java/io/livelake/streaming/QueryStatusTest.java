package io.livelake.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class QueryStatusTest {
  @Test
  void newestReportAndTheRecentSpanPerQuery() {
    List<Row> progress = List.of(
        // Before the span: counts for nothing but the query's history.
        report("a", 0, 1000, 5000, 100, 10.0, null, null, null, null),
        report("a", 1, 2000, 1000, 300, 30.0, 1500L, 50L, 2L, 4096L),
        report("a", 2, 2010, 3000, 100, 50.0, 1600L, 40L, 10L, 2048L),
        // An idle trigger: newest, but no rows and no state figures.
        report("a", 3, 2020, 1, 0, 0.0, 1600L, null, null, null),
        report("b", 7, 2005, 2, 0, null, null, null, null, null));
    List<Row> out = QueryStatus.of(TestSpark.session().createDataFrame(progress, Tables.QUERY_PROGRESS.schema()),
        at(1500)).collectAsList();
    assertEquals(2, out.size());

    Row a = out.get(0);
    assertEquals("a", a.getAs("query"));
    assertEquals(3L, a.<Long>getAs("last_batch_id"));
    assertEquals(at(2020), a.getAs("last_triggered_at"));
    assertEquals(1L, a.<Long>getAs("last_trigger_ms"));
    assertEquals(at(1600), a.getAs("watermark"));
    assertEquals(40L, a.<Long>getAs("state_rows"), "from the newest report with state figures");
    assertEquals(2048L, a.<Long>getAs("state_memory_bytes"));
    assertEquals(2L, a.<Long>getAs("batches"), "batches 1 and 2 read rows in the span");
    assertEquals(400L, a.<Long>getAs("rows_in"));
    assertEquals(40.0, a.<Double>getAs("offered_rows_per_s"), 1e-9);
    assertEquals(100.0, a.<Double>getAs("processed_rows_per_s"), 1e-9, "400 rows in 4 s of triggers");
    assertEquals(1000L, a.<Long>getAs("median_trigger_ms"));
    assertEquals(3000L, a.<Long>getAs("max_trigger_ms"));
    assertEquals(12L, a.<Long>getAs("state_rows_removed"));

    Row b = out.get(1);
    assertEquals("b", b.getAs("query"));
    assertEquals(7L, b.<Long>getAs("last_batch_id"));
    assertEquals(0L, b.<Long>getAs("batches"));
    assertEquals(0L, b.<Long>getAs("rows_in"));
    for (String c : List.of("watermark", "state_rows", "offered_rows_per_s", "processed_rows_per_s", "median_trigger_ms")) {
      assertNull(b.getAs(c), c);
    }
  }

  private static Row report(String query, long batch, long second, long triggerMs, long rows, Double rate, Long watermark,
      Long stateRows, Long removed, Long memory) {
    return RowFactory.create(query, query + "-id", query + "-run", batch, at(second), triggerMs,
        Map.of("triggerExecution", triggerMs), rows, rate, rate, watermark == null ? null : at(watermark), null, stateRows,
        stateRows == null ? null : 0L, removed, memory, stateRows == null ? null : 0L, "{}");
  }

  private static Timestamp at(long second) {
    return new Timestamp(second * 1000);
  }
}
