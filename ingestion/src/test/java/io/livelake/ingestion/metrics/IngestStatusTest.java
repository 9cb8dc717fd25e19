package io.livelake.ingestion.metrics;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class IngestStatusTest {
  private static Timestamp at(String t) { return Timestamp.valueOf(t); }

  private static Row batch(String pipeline, long id, long in, long accepted, long quarantined, long late, long dups,
      long retracted, String finished, long state) {
    return RowFactory.create(pipeline, id, in, accepted, quarantined, dups, late, retracted,
        scala.jdk.javaapi.CollectionConverters.asScala(Map.<String, Long>of()),
        scala.jdk.javaapi.CollectionConverters.asScala(Map.<String, Long>of()), at(finished),
        scala.jdk.javaapi.CollectionConverters.asScala(Map.of(0, id * 1000, 1, 500L)), at(finished), at(finished), at(finished),
        at(finished), state);
  }

  @Test
  void totalsCoverTheSpanAndTheRestComesFromTheNewestBatch() {
    List<Row> rows = List.of(
        batch("kafka", 1, 100, 90, 6, 2, 4, 0, "2026-12-03 05:00:00", 50),   // before the span
        batch("kafka", 3, 30, 25, 3, 1, 2, 1, "2026-12-03 06:10:00", 70),    // newest, written before batch 2's row
        batch("kafka", 2, 20, 20, 0, 0, 0, 0, "2026-12-03 06:05:00", 60),
        batch("files", 0, 5, 5, 0, 0, 0, 0, "2026-12-03 04:00:00", 5));
    List<Row> out = IngestStatus.of(TestSpark.session().createDataFrame(rows, Tables.INGEST_BATCHES.schema()),
        at("2026-12-03 06:00:00")).collectAsList();
    assertEquals(2, out.size());
    Row files = out.get(0);
    assertEquals(List.of("files", 0L, 0L, 0L, 5L), List.of(files.getAs("pipeline"), files.getAs("batches"),
        files.getAs("records_in"), files.getAs("late"), files.getAs("state_events")));
    Row kafka = out.get(1);
    assertEquals(List.of("kafka", 3L, at("2026-12-03 06:10:00"), 2L, 50L, 45L, 3L, 1L, 2L, 1L, 70L, at("2026-12-03 06:10:00")),
        List.of(kafka.getAs("pipeline"), kafka.getAs("last_batch_id"), kafka.getAs("last_finished_at"),
            kafka.getAs("batches"), kafka.getAs("records_in"), kafka.getAs("accepted"), kafka.getAs("quarantined"),
            kafka.getAs("late"), kafka.getAs("duplicates"), kafka.getAs("retracted"), kafka.getAs("state_events"),
            kafka.getAs("watermark")));
    assertEquals(Map.of(0, 3000L, 1, 500L), kafka.getJavaMap(kafka.fieldIndex("partition_watermarks")));
    // Partition 0 reached its newest event in batch 3; partition 1 has had nothing newer since batch 1.
    assertEquals(Map.of(0, at("2026-12-03 06:10:00"), 1, at("2026-12-03 05:00:00")),
        kafka.getJavaMap(kafka.fieldIndex("partition_advanced_at")));
    assertEquals(Map.of(0, at("2026-12-03 04:00:00"), 1, at("2026-12-03 04:00:00")),
        files.getJavaMap(files.fieldIndex("partition_advanced_at")));
  }
}
