package io.livelake.ml.segments;

import static org.apache.spark.sql.functions.*;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per-user behaviour features of paper 000's user portraits, from silver.events_obt: watch time,
 * interactions, purchase frequency and value, and recency measured from the newest event in the
 * data (not the clock, so the same events give the same features).
 */
public final class UserFeatures {
  public static final String WATCH = "watch_minutes";
  public static final String INTERACTIONS = "interactions";
  public static final String PURCHASES = "purchases";
  public static final String VALUE = "purchase_value";
  public static final String RECENCY = "recency_days";
  /** The features in the order segments use them. */
  public static final List<String> COLUMNS = List.of(WATCH, INTERACTIONS, PURCHASES, VALUE, RECENCY);

  static final List<String> PRESENCE = List.of("enter_room", "heartbeat");
  static final List<String> INTERACTION_TYPES = List.of("comment", "like", "share", "gift", "follow", "rating",
      "game_join", "product_click", "ad_click");

  private UserFeatures() {}

  /** One row per user: user_id and the five features. */
  public static Dataset<Row> from(Dataset<Row> obt) {
    Timestamp newest = obt.agg(max("event_time")).first().getTimestamp(0);
    if (newest == null) throw new IllegalArgumentException("silver.events_obt has no events to segment users by");
    Column type = col("event_type");
    Column paid = type.equalTo("order_paid");
    Column refunded = type.equalTo("order_refunded");
    return obt.filter(col("user_id").isNotNull())
        .groupBy("user_id")
        .agg(count_distinct(when(type.isin(PRESENCE.toArray()), struct(col("session_id"), col("event_minute"))))
                .cast("double").as(WATCH),
            sum(when(type.isin(INTERACTION_TYPES.toArray()), 1L).otherwise(0L)).as(INTERACTIONS),
            count_distinct(when(paid, col("order_id"))).as(PURCHASES),
            coalesce(sum(when(paid, col("amount_reporting")).when(refunded, col("amount_reporting").multiply(-1))), lit(0.0))
                .as(VALUE),
            lit(newest).cast("double").minus(max("event_time").cast("double")).divide(86_400.0).as(RECENCY));
  }
}
