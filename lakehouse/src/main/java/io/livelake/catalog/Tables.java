package io.livelake.catalog;

import static org.apache.spark.sql.types.DataTypes.*;

import io.livelake.events.EventContract;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/** The one place that knows every lake table: its database, name, columns, comments and partitioning. */
public final class Tables {
  private Tables() {}

  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";
  public static final String OPS = "ops";
  public static final List<String> DATABASES = List.of(BRONZE, SILVER, GOLD, OPS);

  /** Where a record came from: Kafka coordinates or file and line. */
  public static final StructType SOURCE_COLUMNS = TableDef.builder("", "", "")
      .col("source_topic", StringType, "Kafka topic the record was read from (null for files).")
      .col("source_partition", IntegerType, "Kafka partition (0 for files).")
      .col("source_offset", LongType, "Kafka offset (null for files).")
      .col("source_timestamp", TimestampType, "Kafka record timestamp, i.e. when it was produced (null for files).")
      .col("source_file", StringType, "Input file (null for Kafka).")
      .col("source_line", LongType, "1-based line in the input file (null for Kafka).")
      .col("ingest_batch_id", LongType, "Micro-batch of the ingestion query that wrote the row.")
      .col("ingest_time", TimestampType, "When LiveLake ingested the record.")
      .build().schema();

  public static final TableDef EVENTS_RAW = TableDef.builder(BRONZE, "events_raw",
          "Every record exactly as received, user identifiers pseudonymized and personal data in text redacted.")
      .col("payload", StringType, "The record as received (pseudonymized, redacted).")
      .cols(SOURCE_COLUMNS)
      .col("ingest_date", DateType, "Date of ingest_time (partition).")
      .partitionBy("ingest_date")
      .build();

  public static final TableDef QUARANTINE = TableDef.builder(BRONZE, "quarantine",
          "Records kept out of the One Big Table, each with its payload and the reason.")
      .col("reason", StringType, "Why: malformed_json, schema_violation, unknown_event_type, unsupported_schema_version, "
          + "late, bot_burst, abnormal_login, frequent_logout, abnormal_cart_quantity, abnormal_order_amount.")
      .col("detail", StringType, "What exactly was wrong, naming the field or the threshold.")
      .col("payload", StringType, "The record as received (pseudonymized, redacted).")
      .col("event_id", StringType, "Event id when it could be read.")
      .col("event_type", StringType, "Event type when it could be read.")
      .col("event_time", TimestampType, "Event time when it could be read.")
      .col("user_id", StringType, "Pseudonymized user when it could be read.")
      .col("session_id", StringType, "Live session when it could be read.")
      .cols(SOURCE_COLUMNS)
      .col("ingest_date", DateType, "Date of ingest_time (partition).")
      .partitionBy("ingest_date")
      .build();

  public static final TableDef DIM_SESSIONS = TableDef.builder(SILVER, "dim_sessions",
          "Live sessions (broadcasts): anchor, platform, title and schedule.")
      .col("session_id", StringType, "Live session id.")
      .col("anchor_id", StringType, "Anchor who hosts it.")
      .col("anchor_name", StringType, "Anchor's public stage name.")
      .col("platform", StringType, "Platform it is broadcast on.")
      .col("title", StringType, "Title of the broadcast.")
      .col("start_time", TimestampType, "Scheduled start (UTC).")
      .col("end_time", TimestampType, "Scheduled end (UTC).")
      .build();

  public static final TableDef DIM_PRODUCTS = TableDef.builder(SILVER, "dim_products",
          "Products sold in live rooms with category and list price.")
      .col("product_id", StringType, "Product id.")
      .col("product_name", StringType, "Product name.")
      .col("category", StringType, "Product category.")
      .col("list_price", DoubleType, "List price in the product's currency.")
      .col("currency", StringType, "ISO currency of the list price.")
      .build();

  public static final TableDef DIM_AD_CAMPAIGNS = TableDef.builder(SILVER, "dim_ad_campaigns",
          "Advertisements and the campaigns they belong to.")
      .col("ad_id", StringType, "Advertisement id.")
      .col("campaign_id", StringType, "Campaign id.")
      .col("campaign_name", StringType, "Campaign name.")
      .col("product_id", StringType, "Product the ad promotes.")
      .build();

  public static final TableDef EVENTS_OBT = TableDef.builder(SILVER, "events_obt",
          "One Big Table: one row per clean, deduplicated event with its dimensions denormalized.")
      .col("event_id", StringType, "Unique event id.")
      .col("event_type", StringType, "Event type, e.g. product_click.")
      .col("event_source", StringType, "Data source of paper 001 Table 1: access, interaction, cart or order.")
      .col("event_time", TimestampType, "When it happened (UTC).")
      .col("event_minute", TimestampType, "event_time truncated to the minute.")
      .col("platform", StringType, "Platform.")
      .col("user_id", StringType, "Pseudonymized user id (HMAC-SHA256).")
      .col("session_id", StringType, "Live session.")
      .col("anchor_id", StringType, "Anchor of the session.")
      .col("product_id", StringType, "Product, for product, rating and cart events.")
      .col("text", StringType, "Comment or review text with personal data redacted.")
      .col("gift_value", DoubleType, "Gift value in the event's platform currency.")
      .col("rating", IntegerType, "Rating 1..5.")
      .col("rating_target", StringType, "anchor or product.")
      .col("ad_id", StringType, "Advertisement.")
      .col("quantity", IntegerType, "Cart quantity.")
      .col("order_id", StringType, "Order number.")
      .col("order_lines", new ArrayType(EventContract.ORDER_LINE, true), "Order lines.")
      .col("amount", DoubleType, "Order amount in its currency.")
      .col("currency", StringType, "Currency of amount.")
      .col("amount_reporting", DoubleType, "Order amount in the reporting currency (refunds positive too).")
      .col("schema_version", IntegerType, "Contract version of the event.")
      .col("anchor_name", StringType, "Anchor's stage name (from dim_sessions).")
      .col("session_title", StringType, "Title of the live session.")
      .col("session_start", TimestampType, "Scheduled start of the session.")
      .col("session_end", TimestampType, "Scheduled end of the session.")
      .col("product_name", StringType, "Product name (from dim_products).")
      .col("category", StringType, "Product category.")
      .col("list_price", DoubleType, "Product list price.")
      .col("campaign_id", StringType, "Ad campaign (from dim_ad_campaigns).")
      .col("campaign_name", StringType, "Ad campaign name.")
      .cols(SOURCE_COLUMNS)
      .col("event_date", DateType, "Date of event_time (partition).")
      .partitionBy("event_date")
      .build();

  public static final TableDef REALTIME_KPIS = TableDef.builder(GOLD, "realtime_kpis",
          "Per live session per 1-minute event-time window, updated as the stream runs (paper 004).")
      .col("session_id", StringType, "Live session.")
      .col("window_start", TimestampType, "Start of the 1-minute window (UTC).")
      .col("window_end", TimestampType, "End of the window (exclusive).")
      .col("platform", StringType, "Platform.")
      .col("anchor_id", StringType, "Anchor.")
      .col("viewers", LongType, "Distinct users active in the session in the window.")
      .col("comments", LongType, "Comment events.")
      .col("likes", LongType, "Like events.")
      .col("shares", LongType, "Share events.")
      .col("gifts", LongType, "Gift events.")
      .col("gift_value", DoubleType, "Sum of gift values.")
      .col("product_clicks", LongType, "Product clicks.")
      .col("orders", LongType, "Paid orders.")
      .col("buyers", LongType, "Distinct paying users.")
      .col("gmv", DoubleType, "Paid amount net of refunds, reporting currency.")
      .col("conversion", DoubleType, "buyers / viewers.")
      .col("updated_at", TimestampType, "When the row was last recomputed.")
      .build();

  public static final TableDef INGEST_BATCHES = TableDef.builder(OPS, "ingest_batches",
          "One row per ingestion micro-batch: records in = accepted + quarantined + duplicates.")
      .col("pipeline", StringType, "Ingestion pipeline name (kafka or files).")
      .col("batch_id", LongType, "Micro-batch id.")
      .col("records_in", LongType, "Records read from the source.")
      .col("accepted", LongType, "Rows written to silver.events_obt.")
      .col("quarantined", LongType, "Rows written to bronze.quarantine from this batch's records.")
      .col("duplicates", LongType, "Records removed as duplicates.")
      .col("late", LongType, "Records quarantined as late.")
      .col("retracted", LongType, "Earlier OBT rows moved to quarantine because this batch completed a bot burst.")
      .col("quarantined_by_reason", new MapType(StringType, LongType, false), "Quarantined records per reason.")
      .col("duplicates_by_rule", new MapType(StringType, LongType, false), "Duplicates per rule.")
      .col("max_event_time", TimestampType, "Newest event time seen in the batch.")
      .col("partition_watermarks", new MapType(IntegerType, LongType, false),
          "Newest event time (epoch ms) per source partition after the batch; late data is judged against it.")
      .col("obt_committed_at", TimestampType, "When the batch's rows became visible in silver.events_obt.")
      .col("started_at", TimestampType, "Batch start.")
      .col("finished_at", TimestampType, "Batch end.")
      .build();

  // ---- Batch indicators (paper 001 Table 4), rollups, stickiness, survey, data quality ----

  /** gold.session_indicators: one row per live session; the model's inputs are the n_a.. columns. */
  public static final TableDef SESSION_INDICATORS = sessionIndicators();

  private static TableDef sessionIndicators() {
    TableDef.Builder b = TableDef.builder(GOLD, "session_indicators",
            "One row per live session: the 14 indicators of paper 001 (raw and normalized forward), their counts and the outcome.")
        .col("session_id", StringType, "Live session.")
        .col("anchor_id", StringType, "Anchor.")
        .col("anchor_name", StringType, "Anchor's stage name.")
        .col("platform", StringType, "Platform.")
        .col("session_date", DateType, "Date of the session start (UTC).")
        .col("session_start", TimestampType, "Scheduled start, or first event when unknown.")
        .col("session_end", TimestampType, "Scheduled end, or last event when unknown.")
        .col("viewers", LongType, "Distinct users who entered the room or sent a heartbeat.")
        .col("watch_seconds", DoubleType, "Total watch time of all visits.")
        .col("impressions", LongType, "product_impression events.")
        .col("impression_pairs", LongType, "Distinct (viewer, product) impressions.")
        .col("product_clicks", LongType, "product_click events.")
        .col("cart_pairs", LongType, "Distinct (viewer, product) cart adds.")
        .col("comments", LongType, "comment events (barrages).")
        .col("gifts", LongType, "gift events.")
        .col("gift_value", DoubleType, "Sum of gift values.")
        .col("likes", LongType, "like events.")
        .col("shares", LongType, "share events.")
        .col("game_participants", LongType, "Distinct users who joined an interactive game.")
        .col("anchor_ratings", LongType, "Ratings with target anchor.")
        .col("product_ratings", LongType, "Ratings with target product.")
        .col("unfollows", LongType, "unfollow events.")
        .col("first_time_viewers", LongType, "Viewers never seen in an earlier session of the anchor.")
        .col("ad_impressions", LongType, "ad_impression events.")
        .col("ad_clicks", LongType, "ad_click events.")
        .col("orders", LongType, "Paid orders in the session.")
        .col("buyers", LongType, "Distinct paying users in the session.")
        .col("gmv_paid", DoubleType, "Paid amount, reporting currency.")
        .col("gmv_refunded", DoubleType, "Refunded amount of the session's orders, reporting currency.");
    for (io.livelake.indicators.Indicator i : io.livelake.indicators.Indicator.values()) {
      b.col(i.column(), DoubleType, i.name() + " " + i.title() + ": " + i.formula() + (i.positive() ? " (+)" : " (-)"));
    }
    for (io.livelake.indicators.Indicator i : io.livelake.indicators.Indicator.values()) {
      b.col(i.normalizedColumn(), DoubleType, i.name() + " min-max normalized to [0,1], forward"
          + (i.positive() ? "" : " (inverted: 1 - normalized)") + "; the model's input.");
    }
    return b
        .col("outcome_gmv_per_viewer", DoubleType,
            "Paid GMV net of refunds per distinct viewer by the session's viewers over the session and the following days.")
        .col("outcome", DoubleType, "Marketing-performance outcome the model learns (indicators.outcome.table or the default).")
        .col("computed_at", TimestampType, "When the row was computed.")
        .build();
  }

  // ---- Tables of the batch indicators issue are added here ----

  // ---- Tables of the ML issue are added here ----

  /** Every table, in the order `livelake tables` lists them. */
  public static List<TableDef> all() {
    List<TableDef> all = new java.util.ArrayList<>(List.of(EVENTS_RAW, QUARANTINE, DIM_SESSIONS, DIM_PRODUCTS,
        DIM_AD_CAMPAIGNS, EVENTS_OBT, REALTIME_KPIS, INGEST_BATCHES, SESSION_INDICATORS));
    all.addAll(indicatorTables());
    all.addAll(mlTables());
    return List.copyOf(all);
  }

  /** Tables of the batch indicators job besides gold.session_indicators. */
  static List<TableDef> indicatorTables() {
    return List.of();
  }

  /** Tables of the model, segmentation and recommendation jobs. */
  static List<TableDef> mlTables() {
    return List.of();
  }
}
