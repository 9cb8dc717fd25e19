package io.livelake.events;

import static org.apache.spark.sql.types.DataTypes.*;

import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input contract of LiveLake: one JSON object per event, versioned by {@code schema_version}.
 * This class is the only definition of the wire schema; the simulator, the parser and the docs use it.
 */
public final class EventContract {
  /** The schema version this build writes and the newest one it reads. */
  public static final int CURRENT_VERSION = 1;

  /** Fields every event carries. */
  public static final List<String> COMMON_FIELDS =
      List.of("schema_version", "event_id", "event_type", "event_time", "platform", "user_id");

  /**
   * String fields that identify something or pick one of a set of values (ids and enumerations): never
   * empty, and a long digit string in them is an id, not a phone number.
   */
  public static final List<String> IDENTIFYING_FIELDS = List.of("event_id", "event_type", "platform", "user_id",
      "session_id", "anchor_id", "product_id", "target", "ad_id", "order_id", "currency");

  /** The numbers of an event: kept by the sanitizer, read from decimal text by validation. */
  public static final List<String> NUMBER_FIELDS =
      List.of("schema_version", "event_time", "gift_value", "rating", "quantity", "amount");

  /** The numbers of an order line ({@link #ORDER_LINE}). */
  public static final List<String> LINE_NUMBER_FIELDS = List.of("quantity", "price");

  /** Fields every event that happens in a live room carries. */
  public static final List<String> SESSION_FIELDS = List.of("session_id", "anchor_id");

  public static final StructType ORDER_LINE = new StructType()
      .add("product_id", StringType, true)
      .add("quantity", IntegerType, true)
      .add("price", DoubleType, true);

  /** The wire schema of version 1, in field order. */
  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("schema_version", IntegerType, "Contract version of the event (1)."),
      field("event_id", StringType, "Unique id of the event; a redelivered event keeps its id."),
      field("event_type", StringType, "One of the event types of the contract, e.g. product_click."),
      field("event_time", LongType, "When it happened: UTC epoch milliseconds."),
      field("platform", StringType, "Live-commerce platform, e.g. taobao, douyin, kuaishou."),
      field("user_id", StringType, "The acting user (pseudonymized before it is stored)."),
      field("session_id", StringType, "The live broadcast (room session) the event belongs to."),
      field("anchor_id", StringType, "The anchor (host) of the session."),
      field("product_id", StringType, "Product shown, clicked, rated or carted."),
      field("text", StringType, "Comment (barrage) or review text; personal data in it is redacted."),
      field("gift_value", DoubleType, "Value of a gift in the platform's currency."),
      field("rating", IntegerType, "Rating 1..5."),
      field("target", StringType, "What a rating rates: anchor or product."),
      field("ad_id", StringType, "Advertisement shown or clicked."),
      field("quantity", IntegerType, "Units added to or removed from the cart."),
      field("order_id", StringType, "Order number."),
      field("lines", new ArrayType(ORDER_LINE, true), "Order lines: product_id, quantity, unit price."),
      field("amount", DoubleType, "Order amount (paid or refunded)."),
      field("currency", StringType, "ISO currency of the amount."),
  });

  private EventContract() {}

  /** The Spark type of a wire field. */
  public static DataType typeOf(String field) { return SCHEMA.apply(field).dataType(); }

  private static StructField field(String name, DataType type, String comment) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()).withComment(comment);
  }
}
