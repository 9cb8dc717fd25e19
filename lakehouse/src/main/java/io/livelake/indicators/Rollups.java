package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Daily rollups of gold.session_indicators for BI: per anchor and per platform. */
public final class Rollups {
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
