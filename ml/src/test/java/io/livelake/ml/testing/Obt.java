package io.livelake.ml.testing;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds synthetic silver.events_obt rows (the columns the ML jobs read) and writes them to a test lake. */
public final class Obt {
  public static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  static final StructType LINE = new StructType().add("product_id", DataTypes.StringType)
      .add("quantity", DataTypes.IntegerType).add("price", DataTypes.DoubleType);
  static final StructType SCHEMA = new StructType()
      .add("event_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
      .add("event_time", DataTypes.TimestampType).add("event_minute", DataTypes.TimestampType)
      .add("user_id", DataTypes.StringType).add("session_id", DataTypes.StringType).add("anchor_id", DataTypes.StringType)
      .add("product_id", DataTypes.StringType).add("category", DataTypes.StringType)
      .add("order_id", DataTypes.StringType).add("order_lines", new ArrayType(LINE, true))
      .add("amount_reporting", DataTypes.DoubleType).add("event_date", DataTypes.DateType);

  private final List<Row> rows = new ArrayList<>();

  /** An event {@code seconds} after {@link #START}. */
  public Obt event(String type, String user, String session, long seconds, String product, String category) {
    return add(type, user, session, seconds, product, category, null, null, null);
  }

  /** A paid order of {@code products} (one unit each at {@code price}). */
  public Obt order(String user, String session, long seconds, String orderId, double price, String... products) {
    List<Row> lines = new ArrayList<>();
    for (String p : products) lines.add(RowFactory.create(p, 1, price));
    return add("order_paid", user, session, seconds, null, null, orderId,
        scala.jdk.javaapi.CollectionConverters.asScala(lines).toSeq(), price * products.length);
  }

  private Obt add(String type, String user, String session, long seconds, String product, String category, String order,
      Object lines, Double amount) {
    Instant t = START.plusSeconds(seconds);
    rows.add(RowFactory.create("e" + rows.size(), type, Timestamp.from(t),
        Timestamp.from(t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)), user, session,
        session == null ? null : "anchor-" + session, product, category, order, lines,
        amount, java.sql.Date.valueOf(t.atZone(java.time.ZoneOffset.UTC).toLocalDate())));
    return this;
  }

  public int size() { return rows.size(); }

  /** The events as OBT rows (the columns above; anchor_id is "anchor-" and the session). */
  public Dataset<Row> rows(SparkSession spark) { return spark.createDataFrame(rows, SCHEMA); }

  /** Appends the events to the lake's silver.events_obt (other columns stay null). */
  public void writeTo(Lake lake) {
    lake.ensure(Tables.EVENTS_OBT);
    rows(lake.spark()).write().format("delta").mode("append").save(lake.path(Tables.EVENTS_OBT));
  }
}
