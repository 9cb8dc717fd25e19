package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * silver.session_days, silver.viewer_days and silver.order_events: what the indicators job needs of
 * the whole OBT (sessions' days and starts, who watched what, orders), a small share of its rows. Each
 * is a pure function of OBT rows in which a date's rows depend only on the OBT rows of that date, so
 * they are kept current by replacing the dates a change touches.
 */
public final class ObtProjections {
  private ObtProjections() {}

  /** The three tables, each with the function that makes its rows from OBT rows. */
  private static final List<Projection> ALL = List.of(
      new Projection(Tables.SESSION_DAYS, ObtProjections::sessionDays),
      new Projection(Tables.VIEWER_DAYS, ObtProjections::viewerDays),
      new Projection(Tables.ORDER_EVENTS, ObtProjections::orderEvents));

  private record Projection(TableDef table, Function<Dataset<Row>, Dataset<Row>> of) {}

  /** The tables, for {@link Lake#ensure}. */
  public static List<TableDef> tables() {
    return ALL.stream().map(Projection::table).toList();
  }

  /** silver.session_days rows of {@code obt}: per date and session, its anchor, schedule, first event and row count. */
  public static Dataset<Row> sessionDays(Dataset<Row> obt) {
    return obt.where(col("session_id").isNotNull())
        .groupBy("event_date", "session_id")
        .agg(max("anchor_id").alias("anchor_id"), max("session_start").alias("session_start"),
            min("event_time").alias("first_event"), count(lit(1)).alias("events"));
  }

  /** silver.viewer_days rows of {@code obt}: per date, session, viewer and anchor, the first and last access event. */
  public static Dataset<Row> viewerDays(Dataset<Row> obt) {
    return obt
        .where(col("event_type").isin(SessionIndicators.ENTER, SessionIndicators.HEARTBEAT)
            .and(col("user_id").isNotNull()).and(col("session_id").isNotNull()))
        .groupBy("event_date", "session_id", "user_id", "anchor_id")
        .agg(min("event_time").alias("first_time"), max("event_time").alias("last_time"));
  }

  /** silver.order_events rows of {@code obt}: paid and refunded orders with a user. */
  public static Dataset<Row> orderEvents(Dataset<Row> obt) {
    return obt
        .where(col("event_type").isin(SessionIndicators.PAID, SessionIndicators.REFUNDED).and(col("user_id").isNotNull()))
        .select("event_date", "event_time", "event_type", "user_id", "session_id", "order_id", "amount_reporting");
  }

  /**
   * Rewrites the projections from {@code obt}: every row when {@code dates} is null, else only the rows
   * of those dates ({@code obt} then needs to hold only those dates). One overwrite per table, so a
   * failed run leaves each table as it was or refreshed, and the next run refreshes the same dates again.
   */
  static void refresh(Lake lake, Dataset<Row> obt, List<?> dates) {
    if (dates != null && dates.isEmpty()) return;
    for (Projection p : ALL) {
      var writer = p.of().apply(obt).select(columns(p.table())).write().format("delta").mode("overwrite");
      if (dates != null) {
        writer = writer.option("replaceWhere", "event_date IN (" + dates.stream().map(d -> "DATE'" + d + "'")
            .collect(Collectors.joining(", ")) + ")");
      }
      writer.save(lake.path(p.table()));
    }
  }

  private static org.apache.spark.sql.Column[] columns(TableDef t) {
    return java.util.Arrays.stream(t.schema().fieldNames()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new);
  }
}
