package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Product recommendations (paper 004): ALS on implicit feedback (weighted product impressions, clicks,
 * cart adds and purchases), top-N per user among products the user has not touched, and the same
 * candidates re-ranked by {@link Mmr} for diversity (paper 002); precision@N on each user's held-out
 * last order, intra-list category diversity and catalogue coverage for both.
 */
public final class Recommender {
  public static final String ALS_METHOD = "als";
  public static final String MMR_METHOD = "mmr";
  static final StructType LIST = new StructType().add("user_id", DataTypes.StringType).add("method", DataTypes.StringType)
      .add("rank", DataTypes.IntegerType).add("product_id", DataTypes.StringType).add("category", DataTypes.StringType)
      .add("score", DataTypes.DoubleType);

  private Recommender() {}

  /**
   * One row per product touch: user_id, product_id, event_time, order_id (purchases) and weight; an
   * order counts once per product of its lines. Event types without a weight are ignored.
   */
  public static Dataset<Row> touches(Dataset<Row> obt, Map<String, Double> weights) {
    Column weight = lit(null).cast("double");
    for (var e : weights.entrySet()) weight = when(col("event_type").equalTo(e.getKey()), e.getValue()).otherwise(weight);
    Dataset<Row> typed = obt.filter(col("user_id").isNotNull().and(col("event_type").isin(weights.keySet().toArray())))
        .withColumn("weight", weight);
    Dataset<Row> products = typed.filter(col("product_id").isNotNull())
        .select(col("user_id"), col("product_id"), col("event_time"), lit(null).cast("string").as("order_id"), col("weight"));
    Dataset<Row> orders = typed.filter(col("product_id").isNull().and(col("order_lines").isNotNull()))
        .select(col("user_id"), explode(col("order_lines")).as("line"), col("event_time"), col("order_id"), col("weight"))
        .select(col("user_id"), col("line.product_id").as("product_id"), col("event_time"), col("order_id"), col("weight"))
        .filter(col("product_id").isNotNull())
        .dropDuplicates("user_id", "order_id", "product_id");
    return products.unionByName(orders);
  }

  /** product_id and category, from the product dimension where known and the events otherwise. */
  public static Dataset<Row> categories(Dataset<Row> obt, Dataset<Row> dimProducts) {
    Dataset<Row> fromEvents = obt.filter(col("product_id").isNotNull().and(col("category").isNotNull()))
        .select("product_id", "category");
    Dataset<Row> all = dimProducts == null ? fromEvents
        : dimProducts.select("product_id", "category").filter(col("category").isNotNull()).unionByName(fromEvents);
    return all.groupBy("product_id").agg(first("category").as("category"));
  }

  /** user_id and product_id of the products of each user's last paid order, the held-out purchases. */
  public static Dataset<Row> lastOrders(Dataset<Row> touches) {
    Dataset<Row> orders = touches.filter(col("order_id").isNotNull());
    Dataset<Row> last = orders.groupBy("user_id").agg(max(struct(col("event_time"), col("order_id"))).as("last"))
        .select(col("user_id"), col("last.order_id").as("order_id"));
    return orders.join(last, new String[] {"user_id", "order_id"}).select("user_id", "product_id").distinct();
  }

  /** The touches without the held-out (user, product) pairs, so the evaluation cannot see them in any form. */
  public static Dataset<Row> withoutHeldOut(Dataset<Row> touches, Dataset<Row> heldOut) {
    return touches.join(heldOut, touches.col("user_id").equalTo(heldOut.col("user_id"))
        .and(touches.col("product_id").equalTo(heldOut.col("product_id"))), "left_anti");
  }

  /**
   * An ALS model with the ids behind its integer user and item indices, the (user_id, product_id,
   * strength) it was fitted on and the most products one user touched.
   */
  public record Fitted(ALSModel model, String[] users, String[] items, Dataset<Row> ratings, long mostTouched) {}

  /** ALS fitted on the summed weights of each (user, product) of {@code touches}. */
  public static Fitted fit(Dataset<Row> touches, RecommendParams p) {
    Dataset<Row> ratings = touches.groupBy("user_id", "product_id").agg(sum("weight").as("strength"));
    StringIndexerModel users = new StringIndexer().setInputCol("user_id").setOutputCol("user_idx")
        .setStringOrderType("alphabetAsc").fit(ratings);
    StringIndexerModel items = new StringIndexer().setInputCol("product_id").setOutputCol("item_idx")
        .setStringOrderType("alphabetAsc").fit(ratings);
    Dataset<Row> indexed = items.transform(users.transform(ratings)).repartition(2, col("user_id"))
        .sortWithinPartitions("user_id", "product_id").cache();
    ALSModel model = new ALS().setImplicitPrefs(true).setRank(p.rank()).setMaxIter(p.maxIter()).setRegParam(p.reg())
        .setAlpha(p.alpha()).setSeed(p.seed()).setUserCol("user_idx").setItemCol("item_idx").setRatingCol("strength")
        .setColdStartStrategy("drop").fit(indexed);
    long mostTouched = indexed.groupBy("user_id").count().agg(max("count")).first().getLong(0);
    indexed.unpersist();
    return new Fitted(model, users.labelsArray()[0], items.labelsArray()[0], ratings, mostTouched);
  }

  /**
   * Per user of {@code als} up to {@code p.candidates()} products the user has not touched, best first:
   * user_id, product_id, category, score, candidate (1-based position).
   */
  public static Dataset<Row> candidates(Fitted als, Dataset<Row> categories, RecommendParams p) {
    int k = (int) Math.min(als.items().length, p.candidates() + als.mostTouched());
    Dataset<Row> recs = als.model().recommendForAllUsers(k)
        .select(col("user_idx"), explode(col("recommendations")).as("r"))
        .select(col("user_idx").cast("double").as("user_idx"), col("r.item_idx").cast("double").as("item_idx"),
            col("r.rating").cast("double").as("score"));
    recs = new IndexToString().setInputCol("user_idx").setOutputCol("user_id").setLabels(als.users()).transform(recs);
    recs = new IndexToString().setInputCol("item_idx").setOutputCol("product_id").setLabels(als.items()).transform(recs);
    Dataset<Row> unseen = recs.join(als.ratings().select("user_id", "product_id"), new String[] {"user_id", "product_id"},
        "left_anti");
    Dataset<Row> ranked = unseen.withColumn("candidate", row_number().over(
        Window.partitionBy("user_id").orderBy(col("score").desc(), col("product_id"))))
        .filter(col("candidate").leq(p.candidates()));
    return ranked.join(categories, new String[] {"product_id"}, "left")
        .select("user_id", "product_id", "category", "score", "candidate");
  }

  /** user_id and factors (the ALS user vector) of every user the model knows. */
  public static Dataset<Row> userFactors(Fitted als) {
    return named(als.model().userFactors(), "user_id", als.users());
  }

  /** product_id, category and factors (the ALS item vector) of every product the model knows. */
  public static Dataset<Row> itemFactors(Fitted als, Dataset<Row> categories) {
    return named(als.model().itemFactors(), "product_id", als.items()).join(categories, new String[] {"product_id"}, "left")
        .select("product_id", "category", "factors");
  }

  private static Dataset<Row> named(Dataset<Row> factors, String idColumn, String[] labels) {
    Dataset<Row> f = factors.select(col("id").cast("double").as("idx"), col("features").cast("array<double>").as("factors"));
    return new IndexToString().setInputCol("idx").setOutputCol(idColumn).setLabels(labels).transform(f)
        .select(idColumn, "factors");
  }

  /** Both lists of every user: {@value #ALS_METHOD} (the N best candidates) and {@value #MMR_METHOD} (re-ranked). */
  public static Dataset<Row> lists(Dataset<Row> candidates, RecommendParams p) {
    Dataset<Row> als = candidates.filter(col("candidate").leq(p.topN()))
        .select(col("user_id"), lit(ALS_METHOD).as("method"), col("candidate").as("rank"), col("product_id"),
            col("category"), col("score"));
    int n = p.topN();
    double lambda = p.lambda();
    Dataset<Row> mmr = candidates.groupByKey((MapFunction<Row, String>) r -> r.getAs("user_id"), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (user, rows) -> rerank(user, rows, n, lambda),
            Encoders.row(LIST));
    return als.unionByName(mmr);
  }

  private static Iterator<Row> rerank(String user, Iterator<Row> rows, int n, double lambda) {
    List<Row> sorted = new ArrayList<>();
    rows.forEachRemaining(sorted::add);
    sorted.sort(java.util.Comparator.comparingInt(r -> r.<Integer>getAs("candidate")));
    List<Mmr.Candidate> candidates = sorted.stream()
        .map(r -> new Mmr.Candidate(r.getAs("product_id"), r.getAs("category"), r.<Double>getAs("score"))).toList();
    List<Row> out = new ArrayList<>();
    List<Mmr.Candidate> chosen = Mmr.rerank(candidates, n, lambda);
    for (int i = 0; i < chosen.size(); i++) {
      Mmr.Candidate c = chosen.get(i);
      out.add(RowFactory.create(user, MMR_METHOD, i + 1, c.productId(), c.category(), c.score()));
    }
    return out.iterator();
  }

  /** The metrics of each method's lists against the held-out purchases; ALS first, drops relative to it. */
  public static List<ListMetrics> evaluate(Dataset<Row> lists, Dataset<Row> heldOut, long catalogue, RecommendParams p) {
    List<ListMetrics> out = new ArrayList<>();
    double alsPrecision = Double.NaN;
    for (String method : List.of(ALS_METHOD, MMR_METHOD)) {
      Dataset<Row> l = lists.filter(col("method").equalTo(method)).cache();
      Dataset<Row> evaluated = heldOut.select("user_id").distinct().join(l.select("user_id").distinct(), "user_id");
      long usersEvaluated = evaluated.count();
      long hits = l.join(heldOut, new String[] {"user_id", "product_id"}).count();
      double precision = usersEvaluated == 0 ? 0 : hits / ((double) p.topN() * usersEvaluated);
      // In the same pass: whether any listed product has a category, without which every pair differs vacuously.
      Row d = l.withColumn("cat", coalesce(col("category"), concat(lit("\u0000"), col("product_id"))))
          .groupBy("user_id", "cat").agg(count("*").as("count"), max(col("category").isNotNull()).as("categorized"))
          .groupBy("user_id").agg(sum(col("count").multiply(col("count").minus(1)).divide(2)).as("same"),
              sum("count").as("n"), max("categorized").as("categorized"))
          .select(when(col("n").lt(2), lit(0.0))
              .otherwise(lit(1.0).minus(col("same").divide(col("n").multiply(col("n").minus(1)).divide(2)))).as("ild"),
              col("categorized"))
          .agg(avg("ild"), count("*"), max("categorized")).first();
      double coverage = catalogue == 0 ? 0 : l.select("product_id").distinct().count() / (double) catalogue;
      if (method.equals(ALS_METHOD)) alsPrecision = precision;
      double drop = alsPrecision - precision;
      boolean categorized = !d.isNullAt(2) && d.getBoolean(2);
      Double diversity = !categorized ? null : d.getDouble(0);
      out.add(new ListMetrics(method, precision, diversity, coverage, usersEvaluated, d.getLong(1), drop,
          drop <= p.maxPrecisionDrop() + 1e-12));
      l.unpersist();
    }
    return out;
  }
}
