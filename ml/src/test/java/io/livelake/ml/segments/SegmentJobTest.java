package io.livelake.ml.segments;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.testing.Obt;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** K-means finds user groups planted in the events with distinct behaviour. */
class SegmentJobTest {
  /** Planted groups: minutes watched, interactions, orders, order value, days since last seen. */
  record Group(String name, int minutes, int interactions, int orders, double price, int daysAgo) {}

  static final List<Group> GROUPS = List.of(
      new Group("frequent high-value buyers", 90, 30, 8, 300, 1),
      new Group("occasional low-value buyers", 25, 6, 1, 15, 3),
      new Group("highly interactive viewers who rarely buy", 120, 80, 0, 0, 2),
      new Group("lapsed casual viewers", 4, 1, 0, 0, 40));
  static final int USERS_PER_GROUP = 40;
  static final int HORIZON_DAYS = 45;

  @Test
  void theCandidateKsAreAListOrRangesFromTwoToAHundred() {
    Path dir = Path.of("unused");
    assertEquals(List.of(2, 3, 4, 7), SegmentJob.kRange(TestSpark.config(dir, Map.of("segments.k.range", "2..4,3,7"))));
    Map<String, String> refused = Map.of(
        "5..2", "segments.k.range: 5..2 is an empty range; give it low..high, e.g. 2..8",
        "1..4", "segments.k.range: each k must be from 2 (one segment is no segmentation) to 100, got '1..4'",
        "2..80000", "segments.k.range: each k must be from 2 (one segment is no segmentation) to 100, got '2..80000'",
        "two", "segments.k.range: expected numbers such as 2,3,4 or 2..8, got 'two'");
    refused.forEach((range, message) -> assertEquals(message, assertThrows(io.livelake.config.ConfigException.class,
        () -> SegmentJob.kRange(TestSpark.config(dir, Map.of("segments.k.range", range)))).getMessage(), range));
  }

  @Test
  void recoversPlantedGroupsAndDescribesThem() {
    Path dir = TestSpark.newDir("segments");
    LiveLakeConfig config = TestSpark.config(dir, Map.of("segments.k.range", "2..5"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Map<String, Integer> planted = new HashMap<>();
    Obt obt = new Obt();
    Random rnd = new Random(3);
    for (int g = 0; g < GROUPS.size(); g++) {
      Group group = GROUPS.get(g);
      for (int u = 0; u < USERS_PER_GROUP; u++) {
        String user = "u" + g + "_" + u;
        planted.put(user, g);
        long last = (HORIZON_DAYS - group.daysAgo()) * 86_400L - rnd.nextInt(3_600);
        long start = last - 3 * 86_400L;
        int minutes = jitter(group.minutes(), rnd);
        for (int m = 0; m < minutes; m++) obt.event("heartbeat", user, "s" + (m / 60), start + m * 60L, null, null);
        for (int i = 0; i < jitter(group.interactions(), rnd); i++) obt.event("comment", user, "s0", start + i * 7L, null, null);
        for (int o = 0; o < jitter(group.orders(), rnd); o++) {
          obt.order(user, "s0", start + 30 + o, user + "-o" + o, group.price() * (0.8 + 0.4 * rnd.nextDouble()), "p1");
        }
        obt.event("leave_room", user, "s0", last, null, null);
      }
    }
    obt.writeTo(lake);

    SegmentJob.Segmented run = SegmentJob.run(lake, config, s -> {});
    Segmentation s = run.segmentation();
    assertEquals(4, s.k(), "silhouettes " + s.silhouettes());
    assertEquals(4, s.silhouettes().size());

    List<Row> assigned = lake.read(Tables.USER_SEGMENTS).select("user_id", "segment").collectAsList();
    int[] truth = new int[assigned.size()];
    int[] found = new int[assigned.size()];
    for (int i = 0; i < truth.length; i++) {
      truth[i] = planted.get(assigned.get(i).getString(0));
      found[i] = assigned.get(i).getInt(1);
    }
    double ari = AdjustedRand.index(truth, found);
    assertTrue(ari >= 0.8, "adjusted Rand index " + ari);

    List<String> descriptions = s.profiles().stream().map(SegmentProfile::description).toList();
    assertEquals("frequent high-value buyers", s.profiles().get(0).description(), descriptions.toString());
    for (Group g : GROUPS) assertTrue(descriptions.contains(g.name()), g.name() + " not in " + descriptions);

    List<Row> profiles = lake.read(Tables.SEGMENT_PROFILES).filter("run_id = '" + run.runId() + "'").orderBy("segment")
        .collectAsList();
    assertEquals(4, profiles.size());
    assertEquals(USERS_PER_GROUP, profiles.get(0).<Long>getAs("users"), 1);
    assertEquals(s.silhouettes().get(4), profiles.get(0).<Double>getAs("silhouette"), 0.0);
    assertEquals(s.profiles().get(0).description(),
        lake.read(Tables.USER_SEGMENTS).filter("segment = 1").select("description").first().getString(0));
  }

  /** A handful of users is refused, naming the setting: k-means would split them anyway. */
  @Test
  void tooFewUsersAreRefused() {
    Path dir = TestSpark.newDir("segments-few");
    LiveLakeConfig config = TestSpark.config(dir);
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Obt obt = new Obt();
    for (int u = 0; u < 5; u++) obt.event("heartbeat", "u" + u, "s0", u * 60L, null, null);
    obt.writeTo(lake);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentJob.run(lake, config, l -> { }));
    assertEquals("silver.events_obt holds events of 5 users, too few to segment (segments.min.users = 20): k-means on "
        + "so few finds groups of noise", e.getMessage());
    assertFalse(lake.exists(Tables.USER_SEGMENTS));
  }

  @Test
  void adjustedRandIndexOfKnownPartitions() {
    assertEquals(1.0, AdjustedRand.index(new int[] {0, 0, 1, 1, 2, 2}, new int[] {5, 5, 3, 3, 9, 9}), 1e-12);
    // The classic example of Hubert and Arabie's formula: 0.24242...
    assertEquals(0.242424, AdjustedRand.index(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), 1e-6);
  }

  private static int jitter(int mean, Random rnd) {
    return mean == 0 ? 0 : Math.max(1, (int) Math.round(mean * (0.8 + 0.4 * rnd.nextDouble())));
  }
}
