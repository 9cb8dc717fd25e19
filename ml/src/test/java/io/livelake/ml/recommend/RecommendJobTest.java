package io.livelake.ml.recommend;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.testing.Obt;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Users who mostly shop in one category and sometimes in a second: plain ALS fills their lists with
 * the first (an information cocoon); the MMR re-ranking spreads them over categories at a bounded
 * cost in precision on each user's held-out last order.
 */
class RecommendJobTest {
  static final int CATEGORIES = 8;
  static final int PER_CATEGORY = 10;
  static final int USERS = 200;

  @Test
  void rerankingRaisesDiversityWithinThePrecisionBound() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("recs"), Map.of("recommendations.top.n", "10"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Obt obt = new Obt();
    Random rnd = new Random(11);
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      int primary = u % CATEGORIES;
      int secondary = (primary + 1 + rnd.nextInt(CATEGORIES - 1)) % CATEGORIES;
      long t = u * 10L;
      for (int i = 0; i < 15; i++) touch(obt, "product_impression", user, pick(primary, secondary, rnd), t++);
      for (int i = 0; i < 6; i++) touch(obt, "product_click", user, pick(primary, secondary, rnd), t++);
      for (int i = 0; i < 3; i++) touch(obt, "cart_add", user, pick(primary, secondary, rnd), t++);
      for (int o = 0; o < 3; o++) {
        int[] p = pick(primary, secondary, rnd);
        obt.order(user, "s1", 100_000L + o * 10_000L + u, user + "-o" + o, 20, product(p));
      }
    }
    obt.writeTo(lake);

    RecommendJob.Recommended run = RecommendJob.run(lake, config, s -> {});
    ListMetrics als = run.metrics().get(0);
    ListMetrics mmr = run.metrics().get(1);
    assertEquals(Recommender.ALS_METHOD, als.method());
    assertEquals(Recommender.MMR_METHOD, mmr.method());

    // Non-trivial accuracy: well above recommending 10 of the ~70 untouched products at random (at most 1 of them bought).
    double random = 1.0 / (CATEGORIES * PER_CATEGORY - 20);
    assertTrue(als.precision() > 2 * random, "ALS precision@10 " + als.precision() + " vs random " + random);
    assertTrue(als.usersEvaluated() > USERS * 0.9, "evaluated " + als.usersEvaluated());
    assertTrue(mmr.diversity() > als.diversity() + 0.1, "diversity " + als.diversity() + " -> " + mmr.diversity());
    assertTrue(mmr.precisionDrop() <= 0.05, "precision " + als.precision() + " -> " + mmr.precision());
    assertTrue(mmr.withinBound());
    assertEquals(als.precision() - mmr.precision(), mmr.precisionDrop(), 1e-12);
    assertTrue(mmr.coverage() >= als.coverage(), als.coverage() + " -> " + mmr.coverage());

    List<Row> metrics = lake.read(Tables.RECOMMENDATION_METRICS).filter("run_id = '" + run.runId() + "'")
        .orderBy("method").collectAsList();
    assertEquals(2, metrics.size());
    assertEquals(mmr.diversity(), metrics.get(1).<Double>getAs("intra_list_diversity"), 0.0);
    assertEquals(0.05, metrics.get(1).<Double>getAs("max_precision_drop"), 0.0);

    // Served lists: N per user and method, never a product the user already touched.
    assertEquals(USERS, run.users());
    assertEquals(2L * USERS * 10, lake.read(Tables.RECOMMENDATIONS).count());
    long seen = lake.read(Tables.RECOMMENDATIONS).join(
        Recommender.touches(lake.read(Tables.EVENTS_OBT), RecommendParams.from(config).weights()),
        new String[] {"user_id", "product_id"}).count();
    assertEquals(0, seen);

    // The serving model's factors are kept for the live recommendations: their dot product is the ALS score served.
    assertEquals(USERS, lake.read(Tables.ALS_USER_FACTORS).filter("run_id = '" + run.runId() + "' AND size(factors) = 16").count());
    assertEquals(CATEGORIES * PER_CATEGORY, lake.read(Tables.ALS_ITEM_FACTORS).count());
    Row first = lake.read(Tables.RECOMMENDATIONS).filter("method = 'als' AND rank = 1").orderBy("user_id").first();
    List<Double> u = lake.read(Tables.ALS_USER_FACTORS).filter("user_id = '" + first.getAs("user_id") + "'").first().getList(1);
    Row item = lake.read(Tables.ALS_ITEM_FACTORS).filter("product_id = '" + first.getAs("product_id") + "'").first();
    double dot = 0;
    for (int i = 0; i < u.size(); i++) dot += u.get(i) * item.<Double>getList(2).get(i);
    assertEquals(first.<Double>getAs("score"), dot, 1e-5);
    assertEquals(first.<String>getAs("category"), item.getString(1));
  }

  /**
   * Online Retail imported: orders only, one per customer. Held out, they leave ALS nothing to fit, which Spark
   * refused with "requirement failed: No ratings available from MapPartitionsRDD[186]"; the lists are still served.
   */
  @Test
  void usersWithOneOrderEachGetListsWithoutAnEvaluation() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("recs-one-order"), Map.of("recommendations.top.n", "2"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Obt obt = new Obt();
    obt.order("u1", null, 1_000L, "o1", 20, "p1", "p2");
    obt.order("u2", null, 2_000L, "o2", 20, "p2", "p3");
    obt.order("u3", null, 3_000L, "o3", 20, "p3");
    obt.order("u4", null, 4_000L, "o4", 20, "p1", "p2", "p3");
    obt.writeTo(lake);

    List<String> log = new java.util.ArrayList<>();
    RecommendJob.Recommended run = RecommendJob.run(lake, config, log::add);
    assertEquals(List.of(), run.metrics());
    assertTrue(log.get(1).startsWith("evaluation skipped: no interaction is left"), log.toString());
    assertEquals(3, run.users());
    assertTrue(log.contains("1 of the 4 users gets no list: each has touched every one of the 3 products the "
        + "interactions know (a list leaves out what its user was shown, clicked, carted or bought)"), log.toString());
    // Each user is offered the products of the catalogue they have not bought: u3 both others, u1 and u2 the one left;
    // u4 bought them all.
    assertEquals("[u1 als p3, u2 als p1, u3 als p1, u3 als p2]", lake.read(Tables.RECOMMENDATIONS)
        .filter("method = 'als'").selectExpr("concat_ws(' ', user_id, method, product_id)").orderBy("user_id",
            "product_id").collectAsList().stream().map(r -> r.getString(0)).toList().toString());
    assertEquals(0, lake.read(Tables.RECOMMENDATION_METRICS).filter("run_id = '" + run.runId() + "'").count());
  }

  /**
   * Online Retail's products have no category: every pair of a list differed, vacuously, so both methods measured an
   * intra-list diversity of 1.0000 and MMR, reordering nothing, looked as diverse as it could be.
   */
  @Test
  void listsOfProductsWithoutCategoriesHaveNoDiversityMeasured() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("recs-no-category"), Map.of("recommendations.top.n", "2"));
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(config));
    Obt obt = new Obt();
    obt.order("u1", null, 1_000L, "o1", 20, "p1", "p2").order("u1", null, 5_000L, "o4", 20, "p3");
    obt.order("u2", null, 2_000L, "o2", 20, "p2", "p3").order("u2", null, 6_000L, "o5", 20, "p1");
    obt.order("u3", null, 3_000L, "o3", 20, "p1", "p3").order("u3", null, 7_000L, "o6", 20, "p2");
    obt.writeTo(lake);

    List<String> log = new java.util.ArrayList<>();
    RecommendJob.Recommended run = RecommendJob.run(lake, config, log::add);
    assertTrue(log.contains("no product has a category (silver.dim_products, the events): intra-list diversity is not "
        + "measured and the re-ranked lists are ALS's"), log.toString());
    assertEquals(2, run.metrics().size());
    assertNull(run.metrics().get(0).diversity());
    assertNull(run.metrics().get(1).diversity());
    assertEquals(2, lake.read(Tables.RECOMMENDATION_METRICS)
        .filter("run_id = '" + run.runId() + "' AND intra_list_diversity IS NULL").count());
  }

  @Test
  void mmrKeepsTheOrderAtLambdaOneAndSpreadsCategoriesBelow() {
    List<Mmr.Candidate> c = List.of(new Mmr.Candidate("a1", "a", 0.9), new Mmr.Candidate("a2", "a", 0.85),
        new Mmr.Candidate("a3", "a", 0.8), new Mmr.Candidate("b1", "b", 0.5), new Mmr.Candidate("c1", "c", 0.1));
    assertEquals(List.of("a1", "a2", "a3"), Mmr.rerank(c, 3, 1.0).stream().map(Mmr.Candidate::productId).toList());
    assertEquals(List.of("a1", "b1", "c1"), Mmr.rerank(c, 3, 0.5).stream().map(Mmr.Candidate::productId).toList());
    assertEquals(5, Mmr.rerank(c, 10, 0.7).size());
  }

  private static int[] pick(int primary, int secondary, Random rnd) {
    int category = rnd.nextDouble() < 0.75 ? primary : secondary;
    // Popularity within a category falls off like 1/rank.
    double total = 0;
    for (int i = 0; i < PER_CATEGORY; i++) total += 1.0 / (i + 1);
    double x = rnd.nextDouble() * total;
    int item = 0;
    while (item < PER_CATEGORY - 1 && (x -= 1.0 / (item + 1)) > 0) item++;
    return new int[] {category, item};
  }

  private static String product(int[] p) { return "p" + p[0] + "_" + p[1]; }

  private static void touch(Obt obt, String type, String user, int[] p, long t) {
    obt.event(type, user, "s1", t, product(p), "c" + p[0]);
  }
}
