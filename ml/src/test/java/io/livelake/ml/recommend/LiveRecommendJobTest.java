package io.livelake.ml.recommend;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.LakeWrites;
import io.livelake.ml.testing.Obt;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The live query over a real OBT: the rooms of {@link LiveRecommenderTest}, then 15 minutes later a
 * new viewer in s2 only (s1 falls out of the 10-minute window); a batch replayed after its write
 * (the checkpoint lost its commit) changes nothing.
 */
class LiveRecommendJobTest {
  @Test
  void keepsTheListsOfLiveRoomsExactlyOnce() throws Exception {
    Path dir = TestSpark.newDir("live-recs");
    LiveLakeConfig config = TestSpark.config(dir, Map.of("recommendations.live.top.n", "2",
        "recommendations.diversity.lambda", "1.0", "recommendations.live.window", "10m"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Timestamp fitted = Timestamp.from(Obt.START);
    LakeWrites.overwrite(lake, Tables.ALS_USER_FACTORS, LiveRecommenderTest.userFactors(lake.spark())
        .withColumn("run_id", functions.lit("r1")).withColumn("computed_at", functions.lit(fitted)));
    LakeWrites.overwrite(lake, Tables.ALS_ITEM_FACTORS, LiveRecommenderTest.itemFactors(lake.spark())
        .withColumn("run_id", functions.lit("r1")).withColumn("computed_at", functions.lit(fitted)));

    LiveRecommenderTest.rooms().writeTo(lake);
    List<LiveRecommendJob.LiveBatch> batches = run(lake, config);
    assertEquals(1, batches.size());
    assertEquals(14, batches.get(0).events());
    assertEquals(8, batches.get(0).rows());
    assertEquals("r1", batches.get(0).modelRunId());
    assertEquals(List.of(
        "s1 u1 1 pB X 0.8000 0.8000 false", "s1 u1 2 pF X 0.7000 0.7000 false",
        "s1 u2 1 pB X 0.8000 0.3000 true", "s1 u2 2 pC Y 0.7000 0.7000 false",
        "s1 u3 1 pA X 0.0000 0.0000 false", "s1 u3 2 pB X 0.0000 0.0000 false",
        "s2 u1 1 pD Z 0.5000 0.5000 false", "s2 u5 1 pD Z 0.0000 0.0000 false"),
        LiveRecommenderTest.lines(lake.read(Tables.LIVE_RECOMMENDATIONS)));
    // Current to the newest event: u1's order at 40 s.
    assertEquals(1, lake.read(Tables.LIVE_RECOMMENDATIONS).select("as_of", "model_run_id").distinct()
        .filter(functions.col("as_of").equalTo(functions.lit(Timestamp.from(Obt.START.plusSeconds(40))))
            .and(functions.col("model_run_id").equalTo("r1"))).count());

    // A room whose id holds a quote: the batch's overwrite names it in a SQL condition, where 'o''clock' reads oclock.
    new Obt().event("enter_room", "u6", "s2", 900, null, null).event("product_impression", "u6", "s2", 905, "pD", "Z")
        .event("enter_room", "u7", "o'clock", 900, null, null).event("product_impression", "u7", "o'clock", 905, "pD", "Z")
        .writeTo(lake);
    batches = run(lake, config);
    assertEquals(List.of(1L), batches.stream().map(LiveRecommendJob.LiveBatch::batchId).toList());
    List<String> later = List.of("o'clock u7 1 pD Z 0.0000 0.0000 false", "s2 u6 1 pD Z 0.0000 0.0000 false");
    assertEquals(later, LiveRecommenderTest.lines(lake.read(Tables.LIVE_RECOMMENDATIONS)));

    // The write of batch 1 landed but its checkpoint commit did not: the restart runs batch 1 again.
    long version = lake.delta(Tables.LIVE_RECOMMENDATIONS).history(1).first().getLong(0);
    Path commit = Path.of(lake.paths().checkpoint(LiveRecommendJob.PIPELINE).replaceFirst("^file:", ""), "commits", "1");
    assertTrue(Files.deleteIfExists(commit), commit + " exists");
    Files.deleteIfExists(commit.resolveSibling(".1.crc"));
    batches = run(lake, config);
    assertEquals(List.of(1L), batches.stream().map(LiveRecommendJob.LiveBatch::batchId).toList());
    assertEquals(version, lake.delta(Tables.LIVE_RECOMMENDATIONS).history(1).first().getLong(0), "no second commit");
    assertEquals(later, LiveRecommenderTest.lines(lake.read(Tables.LIVE_RECOMMENDATIONS)));

    assertEquals(List.of(), run(lake, config), "nothing new, no batch");
  }

  private static List<LiveRecommendJob.LiveBatch> run(Lake lake, LiveLakeConfig config) throws Exception {
    List<LiveRecommendJob.LiveBatch> batches = new ArrayList<>();
    LiveRecommendJob.start(lake, config, true, batches::add).awaitTermination();
    return batches;
  }
}
