package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import io.livelake.events.EventType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The 14 indicators of paper 001 per live session, computed from rows of silver.events_obt as
 * DESIGN.md defines them. Undefined values: a ratio whose denominator is 0 (no viewers, no
 * impressions, no ad impressions) is 0 — nothing was shown, so nothing was achieved; a mean over no
 * observations (A22, A41 without ratings) is null.
 */
public final class SessionIndicators {
  private SessionIndicators() {}

  static final String ENTER = EventType.ENTER_ROOM.wireName();
  static final String LEAVE = EventType.LEAVE_ROOM.wireName();
  static final String HEARTBEAT = EventType.HEARTBEAT.wireName();
  static final String PAID = EventType.ORDER_PAID.wireName();
  static final String REFUNDED = EventType.ORDER_REFUNDED.wireName();

  /**
   * The column of gold.session_indicators that says a session id stands for more than one broadcast, null when it
   * does not: its events carry more than one anchor_id or platform (two platforms' exports that both number their
   * sessions from 1), so its indicators mix them.
   */
  public static final String CONFLICT = "session_id_conflict";

  /** Money is summed as decimals: exact, so the result does not depend on partitioning and reruns are identical. */
  static final String MONEY = "decimal(24,6)";

  /**
   * One row per session with an event in {@code sessionEvents}: the counts and raw indicators of
   * gold.session_indicators, the named outcomes ({@link Outcome}), and {@code events} (the session's OBT rows).
   *
   * @param sessionEvents every OBT row of the sessions to compute
   * @param anchorHistory every OBT row of every session of their anchors (first-time viewers, A43)
   * @param purchases OBT rows holding at least the orders and refunds of the sessions' viewers in their outcome
   *     windows, the refunds of the sessions' orders, and every order of those refunds
   * @param outcomeDays days after the session end that count toward the outcome
   * @param zone the reporting time zone, whose date of the session's start is its session_date
   */
  public static Dataset<Row> compute(Dataset<Row> sessionEvents, Dataset<Row> anchorHistory, Dataset<Row> purchases,
      int outcomeDays, ZoneId zone) {
    // On a full build the history is the same rows: reuse the viewers instead of a second pass.
    return computeWithFirstViewers(sessionEvents, anchorHistory == sessionEvents ? null : firstTimeViewers(anchorHistory),
        OrderSessions.attributed(purchases, purchases), outcomeDays, zone);
  }

  /**
   * The same with the first-time viewers already counted: {@code firstTime} holds (session_id,
   * first_time_viewers) for at least the sessions computed ({@link #firstTimeViewers(Dataset, Dataset)}),
   * or is null when {@code sessionEvents} holds every session of their anchors; and with {@code purchases}
   * already {@link OrderSessions#attributed}: the orders and refunds of the sessions' viewers in their outcome
   * windows and every refund counting for the sessions.
   */
  public static Dataset<Row> computeWithFirstViewers(Dataset<Row> sessionEvents, Dataset<Row> firstTime,
      Dataset<Row> purchases, int outcomeDays, ZoneId zone) {
    Dataset<Row> events = sessionEvents.where(col("session_id").isNotNull());
    Dataset<Row> visits = viewerVisits(events);
    Dataset<Row> sessions = counts(events);
    Dataset<Row> viewerPairs = visits.select("session_id", "user_id");
    if (firstTime == null) {
      firstTime = firstTimeViewers(viewerPairs, sessions.select(col("session_id"), col("anchor_id"), col("session_start").alias("start")));
    }
    Dataset<Row> joined = sessions
        .join(visits.groupBy("session_id").agg(count(lit(1)).alias("viewers"), sum("watch_ms").alias("watch_ms")),
            "session_id", "left")
        .join(distinctPairs(events), "session_id", "left")
        .join(refunds(purchases), "session_id", "left")
        .join(firstTime, "session_id", "left")
        .join(Outcome.perViewer(viewerPairs, sessions, purchases, outcomeDays), "session_id", "left")
        .na().fill(0L, new String[] {"viewers", "watch_ms", "impression_pairs", "cart_pairs", "game_participants",
            "orders", "buyers", "first_time_viewers"})
        .na().fill(0.0, Outcome.COLUMNS.toArray(String[]::new));
    return withIndicators(joined, zone);
  }

  /**
   * (session_id, user_id, watch_ms) of every viewer: users with an enter_room or heartbeat. The
   * viewer's access events in time order (enter before heartbeat before leave at the same
   * millisecond) are a sequence of visits: a visit opens at enter_room, or at a heartbeat when none
   * is open (the viewer was already watching); it closes at leave_room; a visit left open — a new
   * enter without a leave, or a viewer who never leaves — is closed by its last heartbeat. So a visit
   * is open right after an enter or a heartbeat and closed right after a leave, and the watch time is
   * the sum of the gaps between consecutive events that start open and end in a heartbeat or a leave
   * (an enter ends the open visit at the event before it). Sums of lag gaps stay in generated code,
   * unlike a fold over collected lists.
   */
  static Dataset<Row> viewerVisits(Dataset<Row> events) {
    Column type = col("event_type");
    Column rank = when(type.equalTo(ENTER), 0).when(type.equalTo(HEARTBEAT), 1).otherwise(2);
    WindowSpec inOrder = Window.partitionBy("session_id", "user_id").orderBy("t", "r");
    Column openBefore = lag(col("r"), 1).over(inOrder).lt(2);
    return events
        .where(type.isin(ENTER, HEARTBEAT, LEAVE).and(col("user_id").isNotNull()).and(col("session_id").isNotNull()))
        .select(col("session_id"), col("user_id"), unix_millis(col("event_time")).alias("t"), rank.alias("r"))
        .withColumn("gap", when(openBefore.and(col("r").gt(0)), col("t").minus(lag(col("t"), 1).over(inOrder)))
            .otherwise(lit(0L)))
        .groupBy("session_id", "user_id")
        .agg(min("r").alias("first_rank"), sum("gap").alias("watch_ms"))
        .where(col("first_rank").lt(2))
        .select("session_id", "user_id", "watch_ms");
  }

  /** Counts kept per session under their column name. */
  private static final Map<String, EventType> COUNTED = new LinkedHashMap<>();

  static {
    COUNTED.put("impressions", EventType.PRODUCT_IMPRESSION);
    COUNTED.put("product_clicks", EventType.PRODUCT_CLICK);
    COUNTED.put("comments", EventType.COMMENT);
    COUNTED.put("gifts", EventType.GIFT);
    COUNTED.put("likes", EventType.LIKE);
    COUNTED.put("shares", EventType.SHARE);
    COUNTED.put("unfollows", EventType.UNFOLLOW);
    COUNTED.put("ad_impressions", EventType.AD_IMPRESSION);
    COUNTED.put("ad_clicks", EventType.AD_CLICK);
  }

  /** Aggregate of a session's events: its scheduled start (silver.dim_sessions), else its first event's time. */
  static Column start() {
    return coalesce(max("session_start"), min("event_time"));
  }

  /**
   * Aggregate of a session's events: its scheduled end, else the time of its room's last event. A refund or rating
   * that comes days later ({@link EventType#AFTER_THE_LIVE}) does not stretch it, which moved the window of what
   * viewers spent after the session; a session of such events alone ends at its last.
   */
  static Column end() {
    Column inTheRoom = not(col("event_type").isin(EventType.AFTER_THE_LIVE.stream().map(EventType::wireName).toArray()));
    return coalesce(max("session_end"), max(when(inTheRoom, col("event_time"))), max("event_time"));
  }

  /** Event counts and sums per session, and its anchor, platform and schedule: fixed-size buffers only, so Spark hash-aggregates it. */
  private static Dataset<Row> counts(Dataset<Row> events) {
    Column type = col("event_type");
    List<Column> aggs = new ArrayList<>(List.of(
        max("anchor_id").alias("anchor_id"),
        min("anchor_id").alias("_least_anchor"),
        max("anchor_name").alias("anchor_name"),
        max("platform").alias("platform"),
        min("platform").alias("_least_platform"),
        start().alias("session_start"),
        end().alias("session_end"),
        count(lit(1)).alias("events"),
        sum(when(type.equalTo(EventType.GIFT.wireName()), col("gift_value").cast(MONEY))).alias("gift_value_exact"),
        countOf(rating("anchor")).alias("anchor_ratings"),
        sum(when(rating("anchor"), col("rating").cast("long"))).alias("anchor_rating_sum"),
        countOf(rating("product")).alias("product_ratings"),
        sum(when(rating("product"), col("rating").cast("long"))).alias("product_rating_sum"),
        sum(when(type.equalTo(PAID), col("amount_reporting").cast(MONEY))).alias("paid_exact")));
    for (Map.Entry<String, EventType> c : COUNTED.entrySet()) aggs.add(countOf(type.equalTo(c.getValue().wireName())).alias(c.getKey()));
    return events.groupBy("session_id").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** (session_id, refunded_exact): the refunds {@link OrderSessions#attributed} to each session. */
  private static Dataset<Row> refunds(Dataset<Row> attributed) {
    return attributed.where(col("event_type").equalTo(REFUNDED).and(col("session_id").isNotNull()))
        .groupBy("session_id").agg(sum(col("amount_reporting").cast(MONEY)).alias("refunded_exact"));
  }

  private static Column countOf(Column condition) { return count(when(condition, lit(1))); }

  private static Column rating(String target) {
    return col("event_type").equalTo(EventType.RATING.wireName()).and(col("rating_target").equalTo(target))
        .and(col("rating").isNotNull());
  }

  /**
   * Distinct (viewer, product) impressions and cart adds, game participants, paid orders and buyers
   * per session: one small distinct over tagged keys instead of five count-distincts, which Spark
   * would run by copying every event five times.
   */
  private static Dataset<Row> distinctPairs(Dataset<Row> events) {
    Column type = col("event_type");
    Dataset<Row> userKeys = events
        .where(type.isin(EventType.PRODUCT_IMPRESSION.wireName(), EventType.CART_ADD.wireName(),
            EventType.GAME_JOIN.wireName(), PAID).and(col("user_id").isNotNull()))
        .select(col("session_id"), type.alias("kind"), col("user_id").alias("k1"),
            when(type.equalTo(EventType.GAME_JOIN.wireName()).or(type.equalTo(PAID)), lit(null).cast("string"))
                .otherwise(col("product_id")).alias("k2"));
    Dataset<Row> orderKeys = events.where(type.equalTo(PAID).and(col("order_id").isNotNull()))
        .select(col("session_id"), lit("order").alias("kind"), col("order_id").alias("k1"), lit(null).cast("string").alias("k2"));
    Column kind = col("kind");
    return userKeys.unionByName(orderKeys).distinct().groupBy("session_id").agg(
        countOf(kind.equalTo(EventType.PRODUCT_IMPRESSION.wireName()).and(col("k2").isNotNull())).alias("impression_pairs"),
        countOf(kind.equalTo(EventType.CART_ADD.wireName()).and(col("k2").isNotNull())).alias("cart_pairs"),
        countOf(kind.equalTo(EventType.GAME_JOIN.wireName())).alias("game_participants"),
        countOf(kind.equalTo("order")).alias("orders"),
        countOf(kind.equalTo(PAID)).alias("buyers"));
  }

  /**
   * Viewers of each session never seen as viewers in an earlier session of the same anchor, from
   * {@code anchorHistory} (all OBT rows of the anchors' sessions). Sessions are ordered by their start
   * (scheduled, else first event), ties by session id.
   */
  public static Dataset<Row> firstTimeViewers(Dataset<Row> anchorHistory) {
    Dataset<Row> withSession = anchorHistory.where(col("session_id").isNotNull());
    Dataset<Row> sessions = withSession.groupBy("session_id").agg(
        max("anchor_id").alias("anchor_id"),
        start().alias("start"));
    Dataset<Row> viewers = withSession
        .where(col("event_type").isin(ENTER, HEARTBEAT).and(col("user_id").isNotNull()))
        .select("session_id", "user_id").distinct();
    return firstTimeViewers(viewers, sessions);
  }

  /**
   * The same from (session_id, user_id) viewers and (session_id, anchor_id, start) of every session of
   * their anchors. Sessions get their rank within the anchor (a few thousand rows, so a window is
   * cheap); per (anchor, viewer) the smallest rank is then a plain integer minimum.
   */
  public static Dataset<Row> firstTimeViewers(Dataset<Row> viewerPairs, Dataset<Row> sessions) {
    Dataset<Row> ranked = sessions.withColumn("rank",
        row_number().over(Window.partitionBy("anchor_id").orderBy("start", "session_id")));
    return viewerPairs.join(broadcast(ranked.select("session_id", "anchor_id", "rank")), "session_id")
        .groupBy("anchor_id", "user_id").agg(min("rank").alias("rank"))
        .groupBy("anchor_id", "rank").agg(count(lit(1)).alias("first_time_viewers"))
        .join(ranked.select("session_id", "anchor_id", "rank"), new String[] {"anchor_id", "rank"})
        .select("session_id", "first_time_viewers");
  }

  /** The raw indicator columns from the counts, and the money sums as doubles. */
  private static Dataset<Row> withIndicators(Dataset<Row> s, ZoneId zone) {
    Column viewers = col("viewers");
    Column net = coalesce(col("paid_exact"), lit(0).cast(MONEY)).minus(coalesce(col("refunded_exact"), lit(0).cast(MONEY)));
    return s
        .withColumn("session_date", BusinessDays.date(col("session_start"), zone))
        .withColumn(CONFLICT, conflict())
        .withColumn("watch_seconds", col("watch_ms").divide(1000.0))
        .withColumn("gift_value", coalesce(col("gift_value_exact"), lit(0).cast(MONEY)).cast("double"))
        .withColumn("gmv_paid", coalesce(col("paid_exact"), lit(0).cast(MONEY)).cast("double"))
        .withColumn("gmv_refunded", coalesce(col("refunded_exact"), lit(0).cast(MONEY)).cast("double"))
        .withColumn(Indicator.A11.column(), ratio(col("watch_ms").divide(1000.0), viewers))
        .withColumn(Indicator.A12.column(), col("comments").cast("double"))
        .withColumn(Indicator.A13.column(), col("gifts").cast("double"))
        .withColumn(Indicator.A14.column(), col("likes").plus(col("shares")).cast("double"))
        .withColumn(Indicator.A21.column(), ratio(col("cart_pairs"), col("impression_pairs")))
        .withColumn(Indicator.A22.column(), mean(col("anchor_rating_sum"), col("anchor_ratings")))
        .withColumn(Indicator.A23.column(), ratio(col("game_participants"), viewers))
        .withColumn(Indicator.A31.column(), ratio(col("buyers"), viewers))
        .withColumn(Indicator.A32.column(), net.cast("double"))
        .withColumn(Indicator.A33.column(), ratio(col("product_clicks"), col("impressions")))
        .withColumn(Indicator.A41.column(), mean(col("product_rating_sum"), col("product_ratings")))
        .withColumn(Indicator.A42.column(), ratio(col("unfollows"), viewers))
        .withColumn(Indicator.A43.column(), ratio(col("first_time_viewers"), viewers))
        .withColumn(Indicator.A51.column(), ratio(col("ad_clicks"), col("ad_impressions")))
        .drop("watch_ms", "gift_value_exact", "paid_exact", "refunded_exact", "anchor_rating_sum", "product_rating_sum",
            "_least_anchor", "_least_platform");
  }

  /** How many sessions stand for more than one broadcast ({@link #CONFLICT}), and a warning naming up to three. */
  public record Conflicts(long sessions, Optional<String> warning) {}

  /** The {@link Conflicts} of {@code sessions}, rows of gold.session_indicators. */
  public static Conflicts conflicts(Dataset<Row> sessions) {
    Dataset<Row> conflicted = sessions.where(col(CONFLICT).isNotNull());
    List<Row> first = conflicted.select("session_id", CONFLICT).orderBy("session_id").limit(3).collectAsList();
    if (first.isEmpty()) return new Conflicts(0, Optional.empty());
    long n = first.size() < 3 ? first.size() : conflicted.count();
    String named = first.stream().map(r -> r.getString(0) + ": " + r.getString(1)).collect(Collectors.joining(", "));
    return new Conflicts(n, Optional.of(String.format(Locale.ROOT, "%,d session%s of gold.session_indicators stand%s for "
        + "more than one broadcast (%s%s): the events under one session_id carry more than one anchor_id or platform, so "
        + "the row mixes them (column %s). A session_id must name one broadcast across platforms: prefix each "
        + "platform's ids when merging exports (douyin-1001); train leaves these sessions out", n, n == 1 ? "" : "s",
        n == 1 ? "s" : "", named, n > first.size() ? ", ..." : "", CONFLICT)));
  }

  /** {@link #CONFLICT}: the least and greatest anchor_id, platform or both, where they differ. */
  private static Column conflict() {
    Column anchors = when(col("_least_anchor").notEqual(col("anchor_id")),
        concat(lit("anchor_id "), col("_least_anchor"), lit(" … "), col("anchor_id")));
    Column platforms = when(col("_least_platform").notEqual(col("platform")),
        concat(lit("platform "), col("_least_platform"), lit(" … "), col("platform")));
    Column both = concat_ws("; ", anchors, platforms);
    return when(both.notEqual(lit("")), both);
  }

  private static Column ratio(Column num, Column den) {
    return when(den.gt(0), num.cast("double").divide(den.cast("double"))).otherwise(lit(0.0));
  }

  private static Column mean(Column sum, Column n) {
    return when(n.gt(0), sum.cast("double").divide(n.cast("double")));
  }

  /**
   * A22 from the survey for sessions without anchor ratings: the mean score of {@code construct} in
   * {@code anchorScores} (gold.survey_anchor_scores) for the session's anchor; ratings win when present.
   */
  public static Dataset<Row> withSurveyA22(Dataset<Row> rows, Dataset<Row> anchorScores, String construct) {
    Dataset<Row> scores = anchorScores.where(col("construct").equalTo(construct))
        .select(col("anchor_id").alias("_survey_anchor"), col("mean_score").alias("_survey_a22"));
    String a22 = Indicator.A22.column();
    return rows.join(broadcast(scores), rows.col("anchor_id").equalTo(scores.col("_survey_anchor")), "left")
        .withColumn(a22, coalesce(col(a22), col("_survey_a22")))
        .drop("_survey_anchor", "_survey_a22");
  }
}
