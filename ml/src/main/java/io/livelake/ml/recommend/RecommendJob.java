package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.lit;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ml.LakeWrites;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The recommendation job. Evaluation: ALS fitted without each user's last paid order, both lists
 * measured against it. Serving: ALS fitted on everything, both lists written to gold.recommendations
 * and the model's factors to gold.als_user_factors and gold.als_item_factors (for the live
 * recommendations), each replacing the previous run's. The metrics are appended to
 * gold.recommendation_metrics; a lake where no user has anything but the last order has none.
 */
public final class RecommendJob {
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RecommendJob() {}

  /** The run id, its metrics (ALS first; none when nothing was left to evaluate on) and how many users received lists. */
  public record Recommended(String runId, List<ListMetrics> metrics, long users) {}

  /**
   * Recommends products, in the lake's write gate: an erasure waits for the run, whose user-keyed tables it edits.
   */
  public static Recommended run(Lake lake, LiveLakeConfig config, Consumer<String> log) {
    try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
      return runGated(lake, config, log);
    }
  }

  private static Recommended runGated(Lake lake, LiveLakeConfig config, Consumer<String> log) {
    if (!lake.exists(Tables.EVENTS_OBT)) {
      throw new IllegalArgumentException(Tables.EVENTS_OBT.fullName() + " does not exist yet: ingest events first");
    }
    RecommendParams p = RecommendParams.from(config);
    Dataset<Row> obt = lake.read(Tables.EVENTS_OBT);
    Dataset<Row> touches = Recommender.touches(obt, p.weights()).cache();
    if (touches.isEmpty()) {
      throw new IllegalArgumentException(Tables.EVENTS_OBT.fullName() + " has no events of the weighted types "
          + p.weights().keySet() + " to learn preferences from");
    }
    Dataset<Row> categories = Recommender.categories(obt,
        lake.exists(Tables.DIM_PRODUCTS) ? lake.read(Tables.DIM_PRODUCTS) : null).cache();
    long catalogue = categories.select("product_id").union(touches.select("product_id")).distinct().count();
    Dataset<Row> heldOut = Recommender.lastOrders(touches).cache();

    log.accept(String.format(Locale.ROOT, "evaluation: ALS rank %d without each user's last order (%,d held-out purchases)",
        p.rank(), heldOut.count()));
    Dataset<Row> learnable = Recommender.withoutHeldOut(touches, heldOut).cache();
    List<ListMetrics> metrics = List.of();
    if (learnable.isEmpty()) {
      log.accept("evaluation skipped: no interaction is left once each user's last order is held out (every history "
          + "is that one order), so there is nothing to fit and measure against it");
    } else {
      Dataset<Row> evalLists = Recommender.lists(Recommender.candidates(Recommender.fit(learnable, p), categories, p), p)
          .cache();
      metrics = Recommender.evaluate(evalLists, heldOut, catalogue, p);
      if (categories.isEmpty()) {
        log.accept("no product has a category (silver.dim_products, the events): intra-list diversity is not measured "
            + "and the re-ranked lists are ALS's");
      }
      evalLists.unpersist();
    }
    learnable.unpersist();

    log.accept("serving: ALS on all interactions, top " + p.topN() + " per user, MMR lambda " + p.lambda());
    Instant now = Instant.now();
    String runId = RUN.format(now);
    Timestamp at = Timestamp.from(now);
    Recommender.Fitted als = Recommender.fit(touches, p);
    Dataset<Row> lists = Recommender.lists(Recommender.candidates(als, categories, p), p)
        .withColumn("run_id", lit(runId)).withColumn("computed_at", lit(at));
    LakeWrites.overwrite(lake, Tables.RECOMMENDATIONS, lists);
    LakeWrites.overwrite(lake, Tables.ALS_USER_FACTORS,
        Recommender.userFactors(als).withColumn("run_id", lit(runId)).withColumn("computed_at", lit(at)));
    LakeWrites.overwrite(lake, Tables.ALS_ITEM_FACTORS,
        Recommender.itemFactors(als, categories).withColumn("run_id", lit(runId)).withColumn("computed_at", lit(at)));
    long users = lake.read(Tables.RECOMMENDATIONS).select("user_id").distinct().count();
    if (users < als.users().length) {
      // Candidates are the products a user has not touched: only one who touched them all is left without any.
      long without = als.users().length - users;
      log.accept(String.format(Locale.ROOT, "%,d of the %,d users %s no list: each has touched every one of the %,d "
          + "products the interactions know (a list leaves out what its user was shown, clicked, carted or bought)",
          without, als.users().length, without == 1 ? "gets" : "get", als.items().length));
    }

    List<Row> rows = new ArrayList<>();
    for (ListMetrics m : metrics) {
      rows.add(RowFactory.create(runId, m.method(), p.topN(), p.lambda(), m.precision(), m.diversity(), m.coverage(),
          m.usersEvaluated(), m.usersRecommended(), m.precisionDrop(), p.maxPrecisionDrop(), m.withinBound(), at));
    }
    LakeWrites.append(lake, Tables.RECOMMENDATION_METRICS, LakeWrites.rows(lake, Tables.RECOMMENDATION_METRICS, rows));
    touches.unpersist();
    categories.unpersist();
    heldOut.unpersist();
    return new Recommended(runId, metrics, users);
  }
}
