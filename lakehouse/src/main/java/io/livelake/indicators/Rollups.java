package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Daily rollups for BI: of gold.session_indicators per anchor and per platform, of the orders per channel. */
public final class Rollups {
  /** gold.sales_daily's channel of orders placed in a live session, and of those placed outside any live room. */
  public static final String LIVE = "live";
  public static final String SHOP = "shop";

  private Rollups() {}

  /** gold.anchor_daily rows (without computed_at) from session indicator rows. */
  public static Dataset<Row> anchorDaily(Dataset<Row> sessions) {
    return rollup(sessions, List.of(col("anchor_id"), col("platform"), col("session_date").alias("date")),
        List.of(max("anchor_name").alias("anchor_name")));
  }

  /** gold.platform_daily rows (without computed_at) from session indicator rows. */
  public static Dataset<Row> platformDaily(Dataset<Row> sessions) {
    return rollup(sessions, List.of(col("platform"), col("session_date").alias("date")),
        List.of(countDistinct(col("anchor_id")).alias("anchors")));
  }

  /**
   * gold.sales_daily rows (without computed_at) from silver.order_events rows {@link OrderSessions#attributed}: per
   * day in {@code zone} and channel (live when the order event, or a refund's order, carries a session), paid orders,
   * their buyers and amount, and refunds by their own day.
   */
  public static Dataset<Row> salesDaily(Dataset<Row> orders, ZoneId zone) {
    Column paid = col("event_type").equalTo(SessionIndicators.PAID);
    Column refund = col("event_type").equalTo(SessionIndicators.REFUNDED);
    Column amount = col("amount_reporting").cast(EXACT);
    Column zero = lit(0).cast(EXACT);
    return orders
        .groupBy(BusinessDays.date(col("event_time"), zone).alias("date"),
            when(col("session_id").isNotNull(), lit(LIVE)).otherwise(lit(SHOP)).alias("channel"))
        .agg(count(when(paid, 1)).alias("orders"),
            countDistinct(when(paid, col("user_id"))).alias("buyers"),
            coalesce(sum(when(paid, amount)), zero).alias("gmv_exact"),
            count(when(refund, 1)).alias("refunds"),
            coalesce(sum(when(refund, amount)), zero).alias("refunded_exact"))
        .select(col("date"), col("channel"), col("orders"), col("buyers"), exact(col("gmv_exact")).alias("gmv"),
            col("refunds"), exact(col("refunded_exact")).alias("refunded"),
            exact(col("gmv_exact").minus(col("refunded_exact"))).alias("net_gmv"));
  }

  // Sums and means run on decimals: exact, so a rollup does not depend on the order Spark adds the
  // sessions in, and recomputing an unchanged day gives the identical row.
  private static final String EXACT = "decimal(30,12)";

  private static Column exact(Column decimal) { return decimal.cast("double"); }

  private static Dataset<Row> rollup(Dataset<Row> sessions, List<Column> keys, List<Column> extra) {
    List<Column> aggs = new ArrayList<>(extra);
    aggs.add(count(lit(1)).alias("sessions"));
    aggs.add(sum("viewers").alias("viewers"));
    aggs.add(exact(sum(col("watch_seconds").cast(EXACT))).alias("watch_seconds"));
    aggs.add(sum("buyers").alias("buyers"));
    aggs.add(sum("orders").alias("orders"));
    aggs.add(exact(sum(col(Indicator.A32.column()).cast(EXACT))).alias("gmv"));
    for (Indicator i : Indicator.values()) aggs.add(exact(avg(col(i.column()).cast(EXACT))).alias(i.column()));
    return sessions.groupBy(keys.toArray(Column[]::new))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .withColumn("conversion", when(col("viewers").gt(0), col("buyers").divide(col("viewers"))).otherwise(lit(0.0)));
  }
}
