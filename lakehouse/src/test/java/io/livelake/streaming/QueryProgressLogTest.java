package io.livelake.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

class QueryProgressLogTest {
  private static final StructType EVENTS = new StructType()
      .add("id", DataTypes.StringType).add("ts", DataTypes.TimestampType);

  /**
   * Duplicates dropped within a 10 s watermark: three ids at second 100, then a repeat and a new id at
   * 200, then one at 300 and a late one at 150. The watermark the batches run with is 0, 90 and 190 s; the state holds 3,
   * then 4 ids; at 190 s the three ids of second 100 (kept until 110) are evicted, leaving d and e. The
   * late f is not dropped by this operator: it is written, kept until 160 and so evicted at once.
   * Without no-data batches, so that eviction happens in the next batch with data, not in one that
   * may or may not have run when the test looks.
   */
  @Test
  void keepsEachReportOnceWithTheWatermarkAndTheStateStoreFigures() throws Exception {
    SparkSession spark = TestSpark.session().newSession();
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    Lake lake = TestSpark.newLake("query-progress");
    MemoryStream<Row> input = MemoryStream.apply(1, spark.sqlContext(), Option.apply(1), Encoders.row(EVENTS));
    StreamingQuery q = input.toDF().withWatermark("ts", "10 seconds").dropDuplicatesWithinWatermark("id")
        .writeStream().queryName("dedup").format("noop")
        .option("checkpointLocation", TestSpark.newDir("query-progress-checkpoint").toString()).start();
    try {
      QueryProgressLog log = QueryProgressLog.of(lake, q);
      add(input, q, "a", 100, "b", 100, "c", 100);
      add(input, q, "a", 200, "d", 200);
      int first = log.flush();
      assertEquals(first, lake.read(Tables.QUERY_PROGRESS).count());
      assertEquals(0, log.flush(), "nothing new: nothing appended");
      add(input, q, "e", 300, "f", 150);
      int second = log.flush();
      assertEquals(q.recentProgress().length, first + second);

      List<Row> rows = lake.read(Tables.QUERY_PROGRESS).orderBy("triggered_at").collectAsList();
      assertEquals(q.recentProgress().length, rows.size());
      List<String> batches = new ArrayList<>();
      for (Row r : rows) {
        assertEquals("dedup", r.getAs("query"));
        assertEquals(q.id().toString(), r.getAs("query_id"));
        assertEquals(q.runId().toString(), r.getAs("run_id"));
        // Idle triggers (none ran a plan: no state figures) come every 10 s, whenever the test is slow.
        if (r.getAs("state_rows") != null) {
          batches.add("batch " + r.getAs("batch_id") + ": " + r.getAs("input_rows") + " rows at watermark "
              + seconds(r.getAs("watermark")) + " s, max " + seconds(r.getAs("max_event_time")) + " s: state "
              + r.getAs("state_rows") + ", " + r.getAs("state_rows_updated") + " written, " + r.getAs("state_rows_removed")
              + " removed, " + r.getAs("rows_dropped_by_watermark") + " late");
        }
      }
      assertEquals(List.of("batch 0: 3 rows at watermark 0 s, max 100 s: state 3, 3 written, 0 removed, 0 late",
          "batch 1: 2 rows at watermark 90 s, max 200 s: state 4, 1 written, 0 removed, 0 late",
          "batch 2: 2 rows at watermark 190 s, max 300 s: state 2, 2 written, 4 removed, 0 late"), batches);
      Row last = rows.get(rows.size() - 1);
      assertEquals(q.lastProgress().durationMs().get("triggerExecution"), last.<Long>getAs("trigger_ms"));
      assertEquals(q.lastProgress().durationMs(), last.getJavaMap(last.fieldIndex("durations_ms")));
      assertEquals(q.lastProgress().json(), last.getAs("progress_json"));
    } finally {
      q.stop();
    }
  }

  /** Its rows there before it starts, so its first trigger has no previous one to measure the offered rate from. */
  @Test
  void aStatelessQueryHasNoWatermarkAndNoStateFiguresAndItsFirstOfferedRateIsUnknown() throws Exception {
    SparkSession spark = TestSpark.session();
    Lake lake = TestSpark.newLake("query-progress-stateless");
    MemoryStream<Row> input = MemoryStream.apply(1, spark.sqlContext(), Option.apply(1), Encoders.row(EVENTS));
    input.addData(CollectionConverters.asScala(List.of(row("a", 100), row("b", 100))));
    StreamingQuery q = input.toDF().writeStream().queryName("plain").format("noop")
        .option("checkpointLocation", TestSpark.newDir("query-progress-stateless-checkpoint").toString()).start();
    try {
      q.processAllAvailable();
      QueryProgressLog log = QueryProgressLog.of(lake, q);
      assertEquals(q.recentProgress().length, log.flush());
      Row r = lake.read(Tables.QUERY_PROGRESS).orderBy("triggered_at").first();
      assertEquals(0L, r.<Long>getAs("batch_id"));
      assertEquals(2L, r.<Long>getAs("input_rows"));
      assertEquals(0.0, q.recentProgress()[0].inputRowsPerSecond(), "Spark's figure: 2 rows over no known time");
      for (String c : List.of("input_rows_per_s", "watermark", "max_event_time", "state_rows", "state_rows_removed",
          "state_memory_bytes")) {
        assertNull(r.getAs(c), c);
      }
    } finally {
      q.stop();
    }
  }

  /** Adds (id, second) pairs as one batch and waits until the query has processed it. */
  private static void add(MemoryStream<Row> input, StreamingQuery q, Object... idsAndSeconds) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < idsAndSeconds.length; i += 2) rows.add(row((String) idsAndSeconds[i], (Integer) idsAndSeconds[i + 1]));
    input.addData(CollectionConverters.asScala(rows));
    q.processAllAvailable();
  }

  private static Row row(String id, int second) {
    return RowFactory.create(id, Timestamp.from(Instant.ofEpochSecond(second)));
  }

  private static long seconds(Timestamp t) {
    return t.toInstant().getEpochSecond();
  }
}
