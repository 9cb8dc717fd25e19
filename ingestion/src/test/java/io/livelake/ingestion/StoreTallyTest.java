package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.ingestion.cleaning.CleaningProcessor;
import io.livelake.ingestion.cleaning.Verdict;
import io.livelake.testing.TestSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The accounting of a batch the state store judged, from hand-made processor output: each row counted once,
 * by its reason from parsing first, then by its verdict, whose rows follow the rows they judge.
 */
class StoreTallyTest {
  /** The columns of a parsed row the tally reads. */
  private static final StructType PARSED = new StructType().add("reason", DataTypes.StringType)
      .add("source_partition", DataTypes.IntegerType).add("event_time", DataTypes.LongType);

  private static Row row(String reason, int partition, Long time) {
    return RowFactory.create(CleaningProcessor.ROW, null, null, null, null, null, null, null, null,
        RowFactory.create(reason, partition, time));
  }

  private static Row verdict(String kind, String code, boolean abnormal, int partition, long offset) {
    return RowFactory.create(kind, code, "detail", null, abnormal, partition, null, offset, null, null);
  }

  @Test
  void countsEachRowOnceByItsParsingReasonThenItsVerdict() {
    List<Row> judged = List.of(
        row(null, 0, 1_000L), // accepted
        row(null, 0, 3_000L), // a duplicate by event id
        row("malformed_json", 0, null), // quarantined while parsing, not judged: no event time
        row("abnormal_order_amount", 0, 5_000L), // an abnormal value: judged, counted by that reason
        row(null, 1, 2_000L), // quarantined by a rate rule
        row(null, 1, 4_000L), // accepted
        verdict(Verdict.DUPLICATE, "event_id", false, 0, 1),
        verdict(Verdict.QUARANTINE, "late", true, 0, 3),
        verdict(Verdict.QUARANTINE, "bot_burst", false, 1, 0),
        RowFactory.create(CleaningProcessor.RETRACTION, "bot_burst", "detail", 7L, null, 1, null, null, null, null));

    StoreTally t = StoreTally.of(TestSpark.session().createDataFrame(judged, CleaningProcessor.judgedRows(PARSED)));

    assertEquals(6, t.records);
    assertEquals(Map.of("malformed_json", 1L, "abnormal_order_amount", 1L, "bot_burst", 1L), t.byReason);
    assertEquals(Map.of("event_id", 1L), t.byRule);
    assertEquals(7, t.retracted);
    assertEquals(Map.of(0, 5_000L, 1, 4_000L), t.partitionMax, "the newest judged event of each partition");
    assertEquals(5_000L, t.maxEventTime);
    BatchOutcome o = t.outcome(3, System.currentTimeMillis());
    assertEquals(2, o.accepted());
    assertEquals(3, o.quarantined());
    assertEquals(1, o.duplicates());
  }
}
