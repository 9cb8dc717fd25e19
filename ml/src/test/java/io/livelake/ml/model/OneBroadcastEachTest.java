package io.livelake.ml.model;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.SessionIndicators;
import io.livelake.ml.testing.GroundTruth;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Train leaves out the sessions whose id stands for more than one broadcast, and says how many. */
class OneBroadcastEachTest {
  @Test
  void sessionsWhoseIdStandsForTwoBroadcastsAreLeftOutAndCounted() {
    Dataset<Row> gold = GroundTruth.asGold(GroundTruth.sessions(TestSpark.session(), 40, 5));
    List<Object> mixed = gold.select("session_id").orderBy("session_id").limit(3).collectAsList().stream()
        .map(r -> r.get(0)).toList();
    Dataset<Row> flagged = gold.withColumn(SessionIndicators.CONFLICT,
        when(col("session_id").isin(mixed.toArray()), lit("platform douyin … taobao")));
    List<String> log = new ArrayList<>();
    Dataset<Row> kept = TrainJob.oneBroadcastEach(flagged, log::add);
    assertEquals(37, kept.count());
    assertEquals(0, kept.where(col("session_id").isin(mixed.toArray())).count());
    assertEquals(List.of("left out 3 sessions whose session_id stands for more than one broadcast (column "
        + "session_id_conflict says which anchors or platforms its events carry)"), log);

    log.clear();
    assertSame(gold, TrainJob.oneBroadcastEach(gold, log::add), "a table without the column is taken whole");
    Dataset<Row> none = gold.withColumn(SessionIndicators.CONFLICT, lit(null).cast("string"));
    assertSame(none, TrainJob.oneBroadcastEach(none, log::add));
    assertEquals(List.of(), log);
  }
}
