package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What to show each active viewer of a live room now (paper 004): the products the room showed in
 * the live window, minus those the viewer bought in it, scored by the ALS factors of the last
 * recommendation run plus a boost for products the viewer clicked or carted in the window, and
 * re-ranked by {@link Mmr} so one category does not fill the list.
 */
public final class LiveRecommender {
  /** Events that put a product on show in a room. */
  static final List<String> ON_SHOW = List.of(EventType.PRODUCT_IMPRESSION.wireName(), EventType.PRODUCT_CLICK.wireName(),
      EventType.CART_ADD.wireName());
  /** Events that say the viewer wants a product. */
  static final List<String> INTEREST = List.of(EventType.PRODUCT_CLICK.wireName(), EventType.CART_ADD.wireName());

  private LiveRecommender() {}

  /** The recommendations.live.* settings with the shared diversity trade-off. */
  public record Params(Duration window, int topN, double clickBoost, double lambda) {
    public static Params from(LiveLakeConfig c) {
      return new Params(c.getDuration(Settings.LIVE_WINDOW), c.getInt(Settings.LIVE_TOP_N),
          c.getDouble(Settings.LIVE_CLICK_BOOST), c.getDouble(Settings.RECS_DIVERSITY));
    }
  }

  /**
   * The lists of every active viewer of the rooms in {@code window}: session_id, anchor_id, user_id,
   * rank, product_id, category, score, als_score, clicked, session_last_event.
   *
   * @param window OBT rows of the live window: the rooms' events and the viewers' paid orders
   * @param userFactors user_id, factors (may be empty: then only the clicks rank)
   * @param itemFactors product_id, category, factors
   */
  public static Dataset<Row> rank(Dataset<Row> window, Dataset<Row> userFactors, Dataset<Row> itemFactors, Params p) {
    Dataset<Row> inRoom = window.filter(col("session_id").isNotNull());
    Dataset<Row> sessions = inRoom.groupBy("session_id")
        .agg(first("anchor_id", true).as("anchor_id"), max("event_time").as("session_last_event"));
    // A viewer whose newest event in the room is leaving it is no longer watching (on a tie, leaving wins).
    Dataset<Row> viewers = inRoom.filter(col("user_id").isNotNull())
        .groupBy("session_id", "user_id")
        .agg(max(struct(col("event_time"), col("event_type").equalTo(EventType.LEAVE_ROOM.wireName()).as("left")))
            .getField("left").as("left"))
        .filter(not(col("left"))).drop("left");
    Dataset<Row> onShow = inRoom.filter(col("product_id").isNotNull().and(col("event_type").isin(ON_SHOW.toArray())))
        .groupBy("session_id", "product_id").agg(first("category", true).as("shown_category"));
    Dataset<Row> clicked = inRoom.filter(col("user_id").isNotNull().and(col("product_id").isNotNull())
            .and(col("event_type").isin(INTEREST.toArray())))
        .select("session_id", "user_id", "product_id").distinct().withColumn("clicked", lit(true));
    Dataset<Row> bought = window.filter(col("user_id").isNotNull().and(col("order_lines").isNotNull())
            .and(col("event_type").equalTo(EventType.ORDER_PAID.wireName())))
        .select(col("user_id"), explode(col("order_lines")).as("line"))
        .select(col("user_id"), col("line.product_id").as("product_id")).filter(col("product_id").isNotNull()).distinct();

    Dataset<Row> users = userFactors.select(col("user_id"), col("factors").as("user_factors"));
    Dataset<Row> items = itemFactors.select(col("product_id"), col("category").as("model_category"),
        col("factors").as("item_factors"));
    Column dot = aggregate(zip_with(col("user_factors"), col("item_factors"), (a, b) -> a.multiply(b)), lit(0.0),
        (acc, x) -> acc.plus(x));
    Dataset<Row> candidates = viewers.join(onShow, "session_id")
        .join(bought, new String[] {"user_id", "product_id"}, "left_anti")
        .join(clicked, new String[] {"session_id", "user_id", "product_id"}, "left")
        .join(users, new String[] {"user_id"}, "left")
        .join(items, new String[] {"product_id"}, "left")
        .select(col("session_id"), col("user_id"), col("product_id"),
            coalesce(col("shown_category"), col("model_category")).as("category"),
            when(col("user_factors").isNotNull().and(col("item_factors").isNotNull()), dot).otherwise(lit(0.0)).as("als_score"),
            coalesce(col("clicked"), lit(false)).as("clicked"))
        .withColumn("score", col("als_score").plus(when(col("clicked"), lit(p.clickBoost())).otherwise(lit(0.0))));

    Dataset<Row> lists = Recommender.rerank(candidates, List.of("session_id", "user_id"), p.topN(), p.lambda());
    return lists.join(candidates.select("session_id", "user_id", "product_id", "als_score", "clicked"),
            new String[] {"session_id", "user_id", "product_id"})
        .join(sessions, "session_id")
        .select("session_id", "anchor_id", "user_id", "rank", "product_id", "category", "score", "als_score", "clicked",
            "session_last_event");
  }
}
