package io.livelake.ml.recommend;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What to show each active viewer of a live room now (paper 004): the products the room showed in
 * the live window, minus those the viewer bought in it, scored by the ALS factors of the last
 * recommendation run plus a boost for products the viewer clicked or carted in the window, and
 * re-ranked by {@link Mmr} so one category does not fill the list. A room's lists come from its own
 * events alone, so rooms are ranked apart, in one pass over the window grouped by session.
 */
public final class LiveRecommender {
  private static final String LEAVE = EventType.LEAVE_ROOM.wireName();
  /** Events that put a product on show in a room. */
  private static final Set<String> ON_SHOW = Set.of(EventType.PRODUCT_IMPRESSION.wireName(),
      EventType.PRODUCT_CLICK.wireName(), EventType.CART_ADD.wireName());
  /** Events that say the viewer wants a product. */
  private static final Set<String> INTEREST = Set.of(EventType.PRODUCT_CLICK.wireName(), EventType.CART_ADD.wireName());
  private static final StructType LISTS = new StructType().add("session_id", DataTypes.StringType)
      .add("anchor_id", DataTypes.StringType).add("user_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
      .add("product_id", DataTypes.StringType).add("category", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("als_score", DataTypes.DoubleType).add("clicked", DataTypes.BooleanType)
      .add("session_last_event", DataTypes.TimestampType);

  private LiveRecommender() {}

  /** The recommendations.live.* settings with the shared diversity trade-off. */
  public record Params(Duration window, int topN, double clickBoost, double lambda) implements java.io.Serializable {
    public static Params from(LiveLakeConfig c) {
      return new Params(c.getDuration(Settings.LIVE_WINDOW), c.getInt(Settings.LIVE_TOP_N),
          c.getDouble(Settings.LIVE_CLICK_BOOST), c.getDouble(Settings.RECS_DIVERSITY));
    }
  }

  /** user_id and product_id of every product in the window's paid orders: what the viewers bought. */
  public static Dataset<Row> bought(Dataset<Row> window) {
    return window.filter(col("user_id").isNotNull().and(col("order_lines").isNotNull())
            .and(col("event_type").equalTo(EventType.ORDER_PAID.wireName())))
        .select(col("user_id"), explode(col("order_lines")).as("line"))
        .select(col("user_id"), col("line.product_id").as("product_id")).filter(col("product_id").isNotNull()).distinct();
  }

  /** user_id of everyone with an event in a room of the window: the viewers whose factors the lists need. */
  public static Dataset<Row> viewers(Dataset<Row> window) {
    return window.filter(col("session_id").isNotNull().and(col("user_id").isNotNull())).select("user_id").distinct();
  }

  /**
   * The lists of every active viewer of the rooms in {@code window} (OBT rows of the live window):
   * session_id, anchor_id, user_id, rank, product_id, category, score, als_score, clicked,
   * session_last_event.
   */
  public static Dataset<Row> rank(Dataset<Row> window, LiveScoring scoring, Params p) {
    return window.filter(col("session_id").isNotNull())
        .select("session_id", "anchor_id", "user_id", "event_type", "event_time", "product_id", "category")
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (session, events) -> room(events, scoring, p).iterator(),
            Encoders.row(LISTS));
  }

  /** A viewer's newest event in the room, and whether it was leaving. */
  private record Presence(Timestamp at, boolean left) {
    Presence later(Timestamp t, boolean leaving) {
      int c = t.compareTo(at);
      // On a tie, leaving wins: the viewer is gone.
      return c > 0 || (c == 0 && leaving) ? new Presence(t, leaving) : this;
    }
  }

  /** The lists of one room, from its events of the window (session_id, anchor_id, user_id, event_type, event_time, product_id, category). */
  static List<Row> room(Iterator<Row> events, LiveScoring s, Params p) {
    String session = null;
    String anchor = null;
    Timestamp last = null;
    Map<String, Presence> viewers = new TreeMap<>();
    Map<String, String> onShow = new TreeMap<>();
    Set<String> clicked = new HashSet<>();
    while (events.hasNext()) {
      Row e = events.next();
      session = e.getString(0);
      if (anchor == null) anchor = e.getString(1);
      String user = e.getString(2);
      String type = e.getString(3);
      Timestamp at = e.getTimestamp(4);
      String product = e.getString(5);
      if (last == null || at.after(last)) last = at;
      if (user != null) {
        Presence before = viewers.get(user);
        boolean leaving = LEAVE.equals(type);
        viewers.put(user, before == null ? new Presence(at, leaving) : before.later(at, leaving));
      }
      if (product == null) continue;
      if (ON_SHOW.contains(type) && (onShow.get(product) == null)) onShow.put(product, e.getString(6));
      if (user != null && INTEREST.contains(type)) clicked.add(pair(user, product));
    }
    List<Row> out = new ArrayList<>();
    for (var v : viewers.entrySet()) {
      if (v.getValue().left()) continue;
      String user = v.getKey();
      List<Mmr.Candidate> candidates = new ArrayList<>();
      for (var shown : onShow.entrySet()) {
        String product = shown.getKey();
        if (s.bought(user, product)) continue;
        double score = s.als(user, product) + (clicked.contains(pair(user, product)) ? p.clickBoost() : 0);
        String category = shown.getValue() != null ? shown.getValue() : s.category(product);
        candidates.add(new Mmr.Candidate(product, category, score));
      }
      // Best first, ties by product id (onShow is in product order and the sort is stable).
      candidates.sort(Comparator.comparingDouble(c -> -c.score()));
      List<Mmr.Candidate> chosen = Mmr.rerank(candidates, p.topN(), p.lambda());
      for (int i = 0; i < chosen.size(); i++) {
        Mmr.Candidate c = chosen.get(i);
        out.add(RowFactory.create(session, anchor, user, i + 1, c.productId(), c.category(), c.score(),
            s.als(user, c.productId()), clicked.contains(pair(user, c.productId())), last));
      }
    }
    return out;
  }

  /** A viewer and a product as one key: NUL, which no id contains, between them. */
  private static String pair(String user, String product) {
    return user + '\u0000' + product;
  }
}
