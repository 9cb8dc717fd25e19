package io.livelake.stickiness;

import static org.apache.spark.sql.functions.*;

import io.livelake.events.EventType;
import io.livelake.indicators.BusinessDays;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * User stickiness after paper 003: a single purchase says little, continued purchases say the user
 * stays. Per user what they watched and bought, and weekly cohorts of first purchase with the share
 * still buying N weeks later. Inputs are silver.viewer_days and silver.order_events rows.
 */
public final class UserStickiness {
  private UserStickiness() {}

  private static final String PAID = EventType.ORDER_PAID.wireName();
  private static final String MONEY = "decimal(24,6)";

  /**
   * gold.user_stickiness rows (without computed_at) for every user in {@code viewerDays}
   * (silver.viewer_days rows: user_id, session_id, anchor_id, first_time, last_time) or {@code orders}
   * (silver.order_events rows), purchase days being dates in {@code zone}.
   */
  public static Dataset<Row> perUser(Dataset<Row> viewerDays, Dataset<Row> orders, ZoneId zone) {
    Dataset<Row> watched = viewerDays
        .groupBy("user_id", "session_id", "anchor_id")
        .agg(min("first_time").alias("w_first"), max("last_time").alias("w_last"))
        .groupBy("user_id")
        .agg(count(lit(1)).alias("sessions_watched"), countDistinct("anchor_id").alias("anchors_watched"),
            min("w_first").alias("w_first"), max("w_last").alias("w_last"));
    Column paid = col("event_type").equalTo(PAID);
    Column day = BusinessDays.date(col("event_time"), zone);
    Dataset<Row> bought = orders
        .groupBy("user_id")
        .agg(countDistinct(when(paid, col("order_id"))).alias("purchases"),
            countDistinct(when(paid, day)).alias("purchase_days"),
            min(when(paid, day)).alias("first_purchase_date"),
            max(when(paid, day)).alias("last_purchase_date"),
            sum(when(paid, col("amount_reporting").cast(MONEY)).otherwise(col("amount_reporting").cast(MONEY).multiply(-1)))
                .cast("double").alias("gmv"),
            min("event_time").alias("b_first"), max("event_time").alias("b_last"));
    return watched.join(bought, "user_id", "full_outer")
        .na().fill(0L, new String[] {"sessions_watched", "anchors_watched", "purchases", "purchase_days"})
        .na().fill(0.0, new String[] {"gmv"})
        .withColumn("first_seen", least(col("w_first"), col("b_first")))
        .withColumn("last_seen", greatest(col("w_last"), col("b_last")))
        .withColumn("repeat_buyer", col("purchase_days").geq(2))
        .withColumn("mean_days_between_purchases", when(col("purchase_days").geq(2),
            datediff(col("last_purchase_date"), col("first_purchase_date")).cast("double")
                .divide(col("purchase_days").minus(1).cast("double"))))
        .drop("w_first", "w_last", "b_first", "b_last");
  }

  /**
   * gold.retention_cohorts rows (without computed_at): users grouped by the week (Monday, in {@code zone}) of
   * their first paid order; for each week from the cohort week to the newest week with an order,
   * how many of them paid an order in that week.
   */
  public static Dataset<Row> retentionCohorts(Dataset<Row> orders, ZoneId zone) {
    Dataset<Row> weeks = orders.where(col("event_type").equalTo(PAID))
        .select(col("user_id"), BusinessDays.week(col("event_time"), zone).alias("week"))
        .distinct();
    Dataset<Row> firsts = weeks.groupBy("user_id").agg(min("week").alias("cohort_week"));
    Dataset<Row> active = weeks.join(firsts, "user_id")
        .withColumn("weeks_since", datediff(col("week"), col("cohort_week")).divide(7).cast("int"))
        .groupBy("cohort_week", "weeks_since").agg(count(lit(1)).alias("still_buying"));
    Dataset<Row> grid = firsts.groupBy("cohort_week").agg(count(lit(1)).alias("cohort_size"))
        .crossJoin(weeks.agg(max("week").alias("newest")))
        .withColumn("weeks_since", explode(sequence(lit(0), datediff(col("newest"), col("cohort_week")).divide(7).cast("int"))))
        .drop("newest");
    return grid.join(active, new String[] {"cohort_week", "weeks_since"}, "left")
        .na().fill(0L, new String[] {"still_buying"})
        .withColumn("share", col("still_buying").cast("double").divide(col("cohort_size").cast("double")));
  }
}
