package io.livelake.report;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.report.charts.Columns;
import io.livelake.report.charts.LineChart;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Paid orders and refunds, in total (silver.order_events: buyers over the period are no sum of days) and per day
 * (gold.sales_daily), for a lake whose orders were placed outside live rooms (an online-retail import): what the
 * overview of platforms and sessions shows of a live lake.
 */
final class Orders {
  private Orders() {}

  static void write(Context c, Page page) {
    page.heading("Orders");
    for (TableDef t : List.of(Tables.ORDER_EVENTS, Tables.SALES_DAILY)) {
      if (!c.has(t)) {
        page.missing(t.fullName(), "bin/livelake indicators");
        return;
      }
    }
    Dataset<Row> orders = c.read(Tables.ORDER_EVENTS);
    Column paidOrder = col("event_type").equalTo("order_paid");
    Column refund = col("event_type").equalTo("order_refunded");
    Row t = orders.agg(
        count(when(paidOrder, 1)),
        countDistinct(when(paidOrder, col("user_id"))),
        coalesce(sum(when(paidOrder, col("amount_reporting"))), lit(0.0)),
        count(when(refund, 1)),
        coalesce(sum(when(refund, col("amount_reporting"))), lit(0.0))).first();
    long paid = t.getLong(0);
    long buyers = t.getLong(1);
    double gmv = t.getDouble(2);
    long refunds = t.getLong(3);
    double refunded = t.getDouble(4);
    page.table(List.of("paid orders", "buyers", "GMV", "refunds", "refunded", "net of refunds"),
        List.of(List.of(Fmt.count(paid), Fmt.count(buyers), c.money(gmv), Fmt.count(refunds), c.money(refunded),
            c.money(gmv - refunded))));

    Columns days = Columns.of(c.read(Tables.SALES_DAILY).groupBy("date")
        .agg(sum("gmv").as("gmv"), sum("refunded").as("refunded")).orderBy("date"));
    String dayAxis = "order date (" + c.datedIn().getId() + ")";
    LineChart chart = LineChart.titled("GMV and refunds per day").axes(dayAxis, "amount (" + c.currency() + ")")
        .datePattern("MMM d, yyyy").timeSeries("GMV of paid orders", days.times("date"), days.numbers("gmv"))
        .timeSeries("refunded", days.times("date"), days.numbers("refunded"));
    int best = 0;
    List<Double> gmvs = days.numbers("gmv");
    for (int i = 1; i < gmvs.size(); i++) if (gmvs.get(i) > gmvs.get(best)) best = i;
    page.chart("orders-daily", "GMV and refunds per day", chart.render(), Fmt.count(paid, "paid order") + " from "
        + Fmt.count(buyers, "buyer") + " brought " + c.money(gmv) + " over " + Fmt.count(days.size(), "day") + "; "
        + Fmt.count(refunds, "refund") + " returned " + c.money(refunded) + " (" + Fmt.percent(gmv == 0 ? 0 : refunded / gmv)
        + " of the GMV). The best day was " + days.strings("date").get(best) + " with " + c.money(gmvs.get(best)) + ".");
  }
}
