package io.livelake.ml.recommend;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.ml.testing.Obt;
import io.livelake.testing.TestSpark;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Two rooms, hand-computed lists. Room s1 shows pA, pB, pF (category X), pC (Y) and pE (W, unknown
 * to the model); u1 bought pA, u2 clicked pB, u3 has no factors, u4 left. Room s2 shows pD (Z) to
 * u1 and u5. Factors: u1 = (1, 0), u2 = (0, 1); pA = (.9, .1), pB = (.8, .3), pC = (.2, .7),
 * pD = (.5, .5), pF = (.7, 0).
 */
class LiveRecommenderTest {
  static final StructType USERS = new StructType().add("user_id", DataTypes.StringType)
      .add("factors", DataTypes.createArrayType(DataTypes.DoubleType, false));
  static final StructType ITEMS = new StructType().add("product_id", DataTypes.StringType)
      .add("category", DataTypes.StringType).add("factors", DataTypes.createArrayType(DataTypes.DoubleType, false));

  /** The events of both rooms; also the first batch of {@link LiveRecommendJobTest}. */
  static Obt rooms() {
    Obt obt = new Obt();
    for (String u : List.of("u1", "u2", "u3", "u4")) obt.event("enter_room", u, "s1", 0, null, null);
    obt.event("product_impression", "u3", "s1", 10, "pA", "X").event("product_impression", "u3", "s1", 10, "pB", "X")
        .event("product_impression", "u3", "s1", 10, "pC", "Y").event("product_impression", "u3", "s1", 10, "pE", "W")
        .event("product_impression", "u3", "s1", 10, "pF", "X");
    obt.event("product_click", "u2", "s1", 20, "pB", "X");
    obt.event("leave_room", "u4", "s1", 30, null, null);
    obt.order("u1", null, 40, "o1", 10, "pA");
    obt.event("enter_room", "u1", "s2", 5, null, null).event("product_impression", "u5", "s2", 6, "pD", "Z");
    return obt;
  }

  static Dataset<Row> userFactors(SparkSession spark) {
    return spark.createDataFrame(List.of(RowFactory.create("u1", List.of(1.0, 0.0)), RowFactory.create("u2", List.of(0.0, 1.0))),
        USERS);
  }

  static Dataset<Row> itemFactors(SparkSession spark) {
    return spark.createDataFrame(List.of(item("pA", "X", .9, .1), item("pB", "X", .8, .3), item("pC", "Y", .2, .7),
        item("pD", "Z", .5, .5), item("pF", "X", .7, 0)), ITEMS);
  }

  private static Row item(String id, String category, double a, double b) {
    return RowFactory.create(id, category, List.of(a, b));
  }

  @Test
  void ranksTheProductsOnShowByFactorsAndClicks() {
    SparkSession spark = TestSpark.session();
    assertEquals(List.of(
        "s1 u1 1 pB X 0.8000 0.8000 false",
        "s1 u1 2 pF X 0.7000 0.7000 false",
        "s1 u2 1 pB X 0.8000 0.3000 true",
        "s1 u2 2 pC Y 0.7000 0.7000 false",
        "s1 u3 1 pA X 0.0000 0.0000 false",
        "s1 u3 2 pB X 0.0000 0.0000 false",
        "s2 u1 1 pD Z 0.5000 0.5000 false",
        "s2 u5 1 pD Z 0.0000 0.0000 false"),
        lines(rank(spark, true, params(1.0))));
  }

  @Test
  void diversityRerankingSpreadsCategories() {
    SparkSession spark = TestSpark.session();
    List<String> lists = lines(rank(spark, true, params(0.5)));
    // u1: pF (X, 0.875 scaled) loses to pC (Y, 0.25 scaled): 0.5 * 0.875 - 0.5 < 0.5 * 0.25. u3: all equal, X then Y.
    assertEquals(List.of("s1 u1 2 pC Y 0.2000 0.2000 false", "s1 u3 2 pC Y 0.0000 0.0000 false"),
        lists.stream().filter(l -> l.matches("s1 u[13] 2 .*")).toList());
  }

  @Test
  void withoutFactorsTheViewersClicksRank() {
    SparkSession spark = TestSpark.session();
    List<String> lists = lines(rank(spark, false, params(1.0)));
    assertEquals(List.of("s1 u2 1 pB X 0.5000 0.0000 true", "s1 u2 2 pA X 0.0000 0.0000 false"),
        lists.stream().filter(l -> l.startsWith("s1 u2 ")).toList());
    assertEquals(8, lists.size());
  }

  @Test
  void theRoomKeepsItsAnchorAndNewestEvent() {
    SparkSession spark = TestSpark.session();
    List<Row> rows = rank(spark, true, params(1.0))
        .select("session_id", "anchor_id", "session_last_event").distinct().orderBy("session_id").collectAsList();
    assertEquals(2, rows.size());
    assertEquals("anchor-s1", rows.get(0).getString(1));
    // s1's newest event is u4 leaving at 30 s; the order at 40 s has no room.
    assertEquals(Obt.START.plusSeconds(30), rows.get(0).getTimestamp(2).toInstant());
    assertEquals(Obt.START.plusSeconds(6), rows.get(1).getTimestamp(2).toInstant());
  }

  /** The lists of {@link #rooms()}, scored with the factors above or with none. */
  private static Dataset<Row> rank(SparkSession spark, boolean withFactors, LiveRecommender.Params p) {
    Dataset<Row> window = rooms().rows(spark);
    List<Row> bought = LiveRecommender.bought(window).collectAsList();
    LiveScoring scoring = withFactors
        ? LiveScoring.of(itemFactors(spark).withColumn("run_id", functions.lit("r1")).collectAsList(),
            userFactors(spark).collectAsList(), bought)
        : LiveScoring.of(List.of(), List.of(), bought);
    assertEquals(withFactors ? "r1" : null, scoring.modelRunId());
    return LiveRecommender.rank(window, scoring, p);
  }

  static LiveRecommender.Params params(double lambda) {
    return new LiveRecommender.Params(Duration.ofMinutes(10), 2, 0.5, lambda);
  }

  static List<String> lines(Dataset<Row> lists) {
    return lists.collectAsList().stream().map(r -> String.format(Locale.ROOT, "%s %s %d %s %s %.4f %.4f %s",
        r.getAs("session_id"), r.getAs("user_id"), r.<Integer>getAs("rank"), r.getAs("product_id"), r.getAs("category"),
        r.<Double>getAs("score"), r.<Double>getAs("als_score"), r.<Boolean>getAs("clicked"))).sorted().toList();
  }
}
