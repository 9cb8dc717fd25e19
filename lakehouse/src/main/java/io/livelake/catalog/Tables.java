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

  /** Commits between Delta checkpoints of the tables the stream writes once per batch (see TableDef). */
  private static final int STREAM_CHECKPOINT_INTERVAL = 100;

  public static final TableDef EVENTS_RAW = TableDef.builder(BRONZE, "events_raw",
          "Every record exactly as received, user identifiers pseudonymized and personal data in text redacted.")
      .col("payload", StringType, "The record as received (pseudonymized, redacted); null once its person is erased, and for a record of theirs received after it.")
      .cols(SOURCE_COLUMNS)
      .col("ingest_date", DateType, "Date of ingest_time (partition).")
      .partitionBy("ingest_date")
      .statsOn("source_partition", "source_offset", "source_timestamp", "source_file", "source_line", "ingest_batch_id",
          "ingest_time")
      .checkpointBesideStream(STREAM_CHECKPOINT_INTERVAL)
      .build();

  public static final TableDef QUARANTINE = TableDef.builder(BRONZE, "quarantine",
          "Records kept out of the One Big Table, each with its payload and the reason.")
      .col("reason", StringType, "Why: malformed_json, schema_violation, unknown_event_type, unsupported_schema_version, "
          + "invalid_order_line, too_large, unreadable_file, unprocessable, future, unknown_currency, erased, late, "
          + "event_id_reused, bot_burst, abnormal_login, frequent_logout, abnormal_cart_quantity, abnormal_order_amount, abnormal_gift_value.")
      .col("detail", StringType, "What exactly was wrong, naming the field or the threshold.")
      .col("payload", StringType, "The record as received (pseudonymized, redacted); null for reason erased.")
      .col("event_id", StringType, "Event id when it could be read.")
      .col("event_type", StringType, "Event type when it could be read.")
      .col("event_time", TimestampType, "Event time when it could be read.")
      .col("user_id", StringType, "Pseudonymized user when it could be read.")
      .col("session_id", StringType, "Live session when it could be read.")
      .cols(SOURCE_COLUMNS)
      .col("ingest_date", DateType, "Date of ingest_time (partition).")
      .partitionBy("ingest_date")
      .statsOn("reason", "event_type", "event_time", "user_id", "session_id", "ingest_batch_id")
      .checkpointBesideStream(STREAM_CHECKPOINT_INTERVAL)
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
      // Not on user, anchor, product or type: every file holds nearly all of them (users are random
      // hashes), so their min/max would skip nothing, and collecting them took a tenth of a write.
      .statsOn("event_time", "event_minute", "session_id", "ingest_batch_id")
      .checkpointBesideStream(STREAM_CHECKPOINT_INTERVAL)
      .build();

  /*
   * silver.session_days, viewer_days and order_events: narrow projections of silver.events_obt that
   * `livelake indicators` keeps beside it. A date's rows depend only on the OBT rows of that date, so a
   * run replaces just the dates its changes touch; an incremental run then finds the sessions' days,
   * what a changed viewer watched, the anchors' earlier viewers (A43), the outcome purchases and the
   * changed users' stickiness in them instead of scanning the whole OBT.
   */

  public static final TableDef SESSION_DAYS = TableDef.builder(SILVER, "session_days",
          "The days each live session has events on, from silver.events_obt (maintained by livelake indicators).")
      .col("event_date", DateType, "Date of the events (partition).")
      .col("session_id", StringType, "Live session.")
      .col("anchor_id", StringType, "Anchor of the session (the largest id seen that day).")
      .col("session_start", TimestampType, "Scheduled start of the session (null when unscheduled).")
      .col("first_event", TimestampType, "The session's first event that day.")
      .col("events", LongType, "The session's OBT rows that day.")
      .partitionBy("event_date")
      .build();

  public static final TableDef VIEWER_DAYS = TableDef.builder(SILVER, "viewer_days",
          "Who watched which session on which day: the OBT's enter_room and heartbeat events per date, session, "
              + "viewer and anchor (maintained by livelake indicators).")
      .col("event_date", DateType, "Date of the events (partition).")
      .col("session_id", StringType, "Live session.")
      .col("user_id", StringType, "Pseudonymized viewer.")
      .col("anchor_id", StringType, "Anchor of the session.")
      .col("first_time", TimestampType, "The viewer's first enter_room or heartbeat in the session that day.")
      .col("last_time", TimestampType, "The viewer's last enter_room or heartbeat in the session that day.")
      .partitionBy("event_date")
      .build();

  public static final TableDef ORDER_EVENTS = TableDef.builder(SILVER, "order_events",
          "The OBT's paid and refunded orders of known users (maintained by livelake indicators).")
      .col("event_date", DateType, "Date of event_time (partition).")
      .col("event_time", TimestampType, "When it happened (UTC).")
      .col("event_type", StringType, "order_paid or order_refunded.")
      .col("user_id", StringType, "Pseudonymized buyer.")
      .col("session_id", StringType, "Live session it was placed in (null when outside a room).")
      .col("order_id", StringType, "Order number.")
      .col("amount_reporting", DoubleType, "Order amount in the reporting currency (refunds positive too).")
      .partitionBy("event_date")
      .build();

  public static final TableDef REALTIME_KPIS = TableDef.builder(GOLD, "realtime_kpis",
          "Per live session per 1-minute event-time window of its room's activity (refunds and ratings, made after the"
              + " live, are not), updated as the stream runs (paper 004).")
      .col("session_id", StringType, "Live session.")
      .col("window_start", TimestampType, "Start of the 1-minute window (UTC).")
      .col("window_end", TimestampType, "End of the window (exclusive).")
      .col("platform", StringType, "Platform.")
      .col("anchor_id", StringType, "Anchor.")
      .col("viewers", LongType, "Distinct users active in the session's room in the window.")
      .col("comments", LongType, "Comment events.")
      .col("likes", LongType, "Like events.")
      .col("shares", LongType, "Share events.")
      .col("gifts", LongType, "Gift events.")
      .col("gift_value", DoubleType, "Sum of gift values.")
      .col("product_clicks", LongType, "Product clicks.")
      .col("orders", LongType, "Paid orders.")
      .col("buyers", LongType, "Distinct paying users.")
      .col("gmv", DoubleType, "Paid amount of the orders placed in the window, reporting currency; refunds count in"
          + " gold.session_indicators (gmv_refunded, A32), in their order's session.")
      .col("conversion", DoubleType, "buyers / viewers.")
      .col("updated_at", TimestampType, "When the row was last recomputed.")
      // Every KPI write replaces minutes (window_start); readers pick sessions and time ranges.
      .statsOn("window_start", "session_id", "anchor_id")
      .checkpointBesideStream(STREAM_CHECKPOINT_INTERVAL)
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
      .col("retracted", LongType, "Earlier OBT rows that bot bursts this batch completed retract (the retraction layer moves them to quarantine).")
      .col("quarantined_by_reason", new MapType(StringType, LongType, false), "Quarantined records per reason.")
      .col("duplicates_by_rule", new MapType(StringType, LongType, false), "Duplicates per rule.")
      .col("max_event_time", TimestampType, "Newest event time seen in the batch.")
      .col("partition_watermarks", new MapType(IntegerType, LongType, false),
          "Newest event time (epoch ms) per source partition after the batch; late data is judged against it.")
      .col("obt_committed_at", TimestampType, "When the batch's rows became visible in silver.events_obt.")
      .col("started_at", TimestampType, "Batch start.")
      .col("finished_at", TimestampType, "Batch end.")
      .col("watermark", TimestampType, "The cleaning's watermark after the batch: the earliest event time an on-time "
          + "event can still have (the slowest partition's newest less ingest.watermark.delay, a partition "
          + "ingest.partition.idle behind the stream's newest not counted).")
      .col("state_events", LongType, "Event keys, cart adds and rate buckets the cleaning state holds after the batch "
          + "(those before the watermark evicted); null with ingest.cleaning.state = store, whose size "
          + "ops.query_progress reports.")
      .checkpointBesideStream(STREAM_CHECKPOINT_INTERVAL)
      .build();

  /** ops.query_progress: Spark's own report of every trigger of LiveLake's streaming queries (QueryProgressLog). */
  public static final TableDef QUERY_PROGRESS = TableDef.builder(OPS, "query_progress",
          "Spark's progress report of each trigger of LiveLake's streaming queries (ingest, live-recommend): rows in, "
              + "rates, time per phase, the event-time watermark and the state store's size and evictions.")
      .col("query", StringType, "Query name: livelake-ingest-<pipeline>, one of the layers that follow its tables (livelake-retractions, livelake-kpi-windows, livelake-table-upkeep) or livelake-live-recommendations.")
      .col("query_id", StringType, "The query's id, kept in its checkpoint: the same across restarts.")
      .col("run_id", StringType, "This start of the query; each restart gets a new one.")
      .col("batch_id", LongType, "Micro-batch id. A trigger that found no new data reports the id the next batch will "
          + "have, with 0 input rows (Spark reports such idle triggers every 10 s).")
      .col("triggered_at", TimestampType, "When the trigger started.")
      .col("trigger_ms", LongType, "Wall time of the whole trigger (Spark's triggerExecution).")
      .col("durations_ms", new MapType(StringType, LongType, false),
          "Time per phase as Spark reports it: latestOffset, queryPlanning, addBatch, walCommit, commitOffsets, ...")
      .col("input_rows", LongType, "Rows the sources gave this trigger: Kafka records, OBT rows, or for a files "
          + "pipeline whole files (split into records inside the batch).")
      .col("input_rows_per_s", DoubleType, "Rate the sources offered since the previous trigger; null for a run's "
          + "first trigger with rows (no previous one to measure from).")
      .col("processed_rows_per_s", DoubleType, "Rate this trigger processed at; below input_rows_per_s for long means "
          + "the query falls behind.")
      .col("watermark", TimestampType, "The event-time watermark the batch ran with; null when the query keeps none "
          + "(ingest's cleaning keeps its own, in ops.ingest_batches).")
      .col("max_event_time", TimestampType, "Newest event time among the batch's rows, for a query with a watermark.")
      .col("state_rows", LongType, "Rows in the query's state stores after the batch, over all stateful operators; "
          + "null for a query without Spark state.")
      .col("state_rows_updated", LongType, "State rows written by the batch.")
      .col("state_rows_removed", LongType, "State rows the batch removed (evicted by the watermark or timers).")
      .col("state_memory_bytes", LongType, "Memory the state stores used after the batch.")
      .col("rows_dropped_by_watermark", LongType, "Input rows the stateful operators dropped as older than the watermark.")
      .col("progress_json", StringType, "The whole report as Spark gave it (sources' offsets, sink, state operators' "
          + "custom metrics), for what the columns above leave out.")
      .build();

  /** ops.imports: every input file `livelake import` ingested, so the same file is not imported twice by mistake. */
  public static final TableDef IMPORTS = TableDef.builder(OPS, "imports",
          "One row per input file of each livelake import run that finished: its content hash, so that importing the "
          + "same content again is refused unless asked for (--again).")
      .col("run", StringType, "Import run: its start time and format, e.g. 20261202-130501-123-rees46 (its staging directory).")
      .col("format", StringType, "--format of the run.")
      .col("file", StringType, "Absolute path of the input file.")
      .col("bytes", LongType, "Size of the file.")
      .col("sha256", StringType, "SHA-256 of the file's bytes, hex.")
      .col("imported_at", TimestampType, "When the run finished.")
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
        .col("session_id_conflict", StringType, "Null, or why session_id stands for more than one broadcast: its events "
            + "carry more than one anchor_id or platform, whose least and greatest it names ('anchor_id a1 … b7; platform "
            + "douyin … taobao'); the row then mixes them, under the greatest, and train leaves it out.")
        .col("session_date", DateType, "Date of the session start in reporting.timezone (UTC by default).")
        .col("session_start", TimestampType, "Scheduled start, or first event when unknown.")
        .col("session_end", TimestampType, "Scheduled end, or the room's last event when unknown (not a later refund or rating).")
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
        .col("gmv_refunded", DoubleType, "Amount of the refunds of the session's orders, whenever made and whatever "
            + "session the refund event carries (docs/indicators.md#refunds), reporting currency.");
    for (io.livelake.indicators.Indicator i : io.livelake.indicators.Indicator.values()) {
      b.col(i.column(), DoubleType, i.name() + " " + i.title() + ": " + i.formula() + (i.positive() ? " (+)" : " (-)"));
    }
    for (io.livelake.indicators.Indicator i : io.livelake.indicators.Indicator.values()) {
      b.col(i.normalizedColumn(), DoubleType, i.name() + " min-max normalized to [0,1], forward"
          + (i.positive() ? "" : " (inverted: 1 - normalized)") + "; the model's input.");
    }
    return b
        .col("outcome_gmv_per_viewer", DoubleType,
            "Paid GMV net of refunds per distinct viewer by the session's viewers over the session and the following days "
            + "(the session's own orders included, so it contains A32 and A31).")
        .col("outcome_later_gmv_per_viewer", DoubleType,
            "Paid GMV net of refunds per distinct viewer by the session's viewers after the session, up to "
            + "indicators.outcome.days days, in the shop outside any live room (the session's own orders and other "
            + "rooms' excluded).")
        .col("outcome", DoubleType, "Marketing-performance outcome the model learns: the column indicators.outcome names "
            + "(default later_gmv_per_viewer), or indicators.outcome.table's.")
        .col("outcome_source", StringType, "Which outcome the outcome column holds: later_gmv_per_viewer, gmv_per_viewer, "
            + "or table <location> (indicators.outcome.table).")
        .col("computed_at", TimestampType, "When the row was computed.")
        .build();
  }

  // ---- Tables of the batch indicators issue are added here ----

  /** ops.indicator_runs: one row per `livelake indicators` run; the last one says which OBT version is processed. */
  public static final TableDef INDICATOR_RUNS = TableDef.builder(OPS, "indicator_runs",
          "One row per indicators run: the silver.events_obt versions it processed and what it rewrote.")
      .col("run_id", LongType, "Run number, 1 for the first run.")
      .col("mode", StringType, "full (everything rebuilt), incremental (only what changed) or noop (nothing changed).")
      .col("reason", StringType, "Why the run took its mode, e.g. first run, --full, change data feed unavailable.")
      .col("obt_version_from", LongType, "First silver.events_obt version whose changes were read (null for full runs).")
      .col("obt_version", LongType, "silver.events_obt version the run read; the next run starts after it.")
      .col("definitions", StringType, "Settings the values depend on (outcome days, A22 source); a change forces a full run.")
      .col("changed_rows", LongType, "Change-data-feed rows read (inserts, deletes, update images).")
      .col("affected_sessions", LongType, "Sessions recomputed from all their events.")
      .col("sessions_written", LongType, "Rows of gold.session_indicators inserted, updated or deleted.")
      .col("renormalized", BooleanType, "Whether some indicator's global min or max moved, so every n_* column was rescaled.")
      .col("ingest_batches_covered", new MapType(StringType, LongType, false),
          "Newest ops.ingest_batches batch_id per pipeline counted in gold.data_quality so far.")
      .col("started_at", TimestampType, "Run start.")
      .col("finished_at", TimestampType, "Run end.")
      .build();

  /** gold.indicator_support: which indicators the data supports as model inputs, per indicators run. */
  public static final TableDef INDICATOR_SUPPORT = TableDef.builder(GOLD, "indicator_support",
          "Per indicators run, whether each of the 14 indicators is supported by the data as a model input: it has a "
          + "value in enough sessions (indicators.support.min.coverage) and not the same one in all; train leaves the "
          + "others out.")
      .col("run_id", LongType, "The ops.indicator_runs run that measured it.")
      .col("indicator", StringType, "Indicator code, e.g. A41.")
      .col("name", StringType, "Indicator name of paper 001, e.g. comments and ratings.")
      .col("supported", BooleanType, "Whether the model may use it.")
      .col("sessions", LongType, "Sessions in gold.session_indicators after the run.")
      .col("sessions_measured", LongType, "Sessions in which the indicator has a value (not null).")
      .col("min_value", DoubleType, "Smallest raw value; null when no session has one.")
      .col("max_value", DoubleType, "Largest raw value; null when no session has one.")
      .col("reason", StringType, "Why it is not supported, in plain words; null when it is.")
      .col("computed_at", TimestampType, "When the run measured it.")
      .build();

  /** gold.anchor_daily: per anchor, platform and day, for BI. */
  public static final TableDef ANCHOR_DAILY = dailyRollup("anchor_daily",
      "Per anchor, platform and session date: sessions, viewers, GMV, conversion and the mean of each indicator.",
      TableDef.builder(GOLD, "anchor_daily", "")
          .col("anchor_id", StringType, "Anchor.")
          .col("anchor_name", StringType, "Anchor's stage name.")
          .col("platform", StringType, "Platform.")
          .col("date", DateType, "Session date (the date of the session start in reporting.timezone)."));

  /** gold.platform_daily: per platform and day, for BI. */
  public static final TableDef PLATFORM_DAILY = dailyRollup("platform_daily",
      "Per platform and session date: anchors, sessions, viewers, GMV, conversion and the mean of each indicator.",
      TableDef.builder(GOLD, "platform_daily", "")
          .col("platform", StringType, "Platform.")
          .col("date", DateType, "Session date (the date of the session start in reporting.timezone).")
          .col("anchors", LongType, "Distinct anchors with a session that day."));

  /** gold.sales_daily: every paid order and refund per day, in live rooms or outside them (the shop). */
  public static final TableDef SALES_DAILY = TableDef.builder(GOLD, "sales_daily",
          "Paid orders and refunds per day and channel, inside live rooms and outside them (maintained by livelake indicators).")
      .col("date", DateType, "Day of the order or refund event in reporting.timezone.")
      .col("channel", StringType, "live (placed in a live session) or shop (outside any live room); a refund is in its "
          + "order's channel.")
      .col("orders", LongType, "Orders paid that day.")
      .col("buyers", LongType, "Distinct users who paid an order that day.")
      .col("gmv", DoubleType, "Amount of the orders paid that day, reporting currency.")
      .col("refunds", LongType, "Refunds made that day, whenever their order was paid.")
      .col("refunded", DoubleType, "Amount refunded that day, reporting currency.")
      .col("net_gmv", DoubleType, "gmv - refunded.")
      .col("computed_at", TimestampType, "When the row's values last changed.")
      .build();

  private static TableDef dailyRollup(String name, String comment, TableDef.Builder keys) {
    TableDef.Builder b = TableDef.builder(GOLD, name, comment)
        .cols(keys.build().schema())
        .col("sessions", LongType, "Live sessions.")
        .col("viewers", LongType, "Sum of the sessions' distinct viewers (a user watching two sessions counts twice).")
        .col("watch_seconds", DoubleType, "Total watch time of all visits.")
        .col("buyers", LongType, "Sum of the sessions' distinct buyers.")
        .col("orders", LongType, "Paid orders in the sessions.")
        .col("gmv", DoubleType, "Paid GMV net of refunds of the sessions' orders (sum of A32), reporting currency.")
        .col("conversion", DoubleType, "buyers / viewers (0 when there are no viewers).");
    for (io.livelake.indicators.Indicator i : io.livelake.indicators.Indicator.values()) {
      b.col(i.column(), DoubleType, "Mean over the sessions of " + i.name() + " " + i.title() + " (" + i.formula()
          + "); sessions where it is undefined are left out.");
    }
    return b.col("computed_at", TimestampType, "When the row's values last changed.").build();
  }

  /** gold.user_stickiness: one row per user (paper 003: continued purchase matters more than the first). */
  public static final TableDef USER_STICKINESS = TableDef.builder(GOLD, "user_stickiness",
          "Per user: sessions watched, purchases, repeat-purchase flag and days between purchases (paper 003).")
      .col("user_id", StringType, "Pseudonymized user.")
      .col("sessions_watched", LongType, "Distinct sessions the user entered or sent a heartbeat in.")
      .col("anchors_watched", LongType, "Distinct anchors of those sessions.")
      .col("first_seen", TimestampType, "First enter_room, heartbeat or order of the user.")
      .col("last_seen", TimestampType, "Last enter_room, heartbeat or order of the user.")
      .col("purchases", LongType, "Distinct paid orders (in live sessions or in the shop).")
      .col("purchase_days", LongType, "Distinct days (in reporting.timezone) with a paid order.")
      .col("gmv", DoubleType, "Paid amount net of refunds, reporting currency.")
      .col("first_purchase_date", DateType, "Day of the first paid order (null for users who never bought).")
      .col("last_purchase_date", DateType, "Day of the last paid order.")
      .col("repeat_buyer", BooleanType, "Whether the user paid orders on at least two different days.")
      .col("mean_days_between_purchases", DoubleType,
          "Mean gap in days between consecutive purchase days: (last - first) / (purchase_days - 1); null below two days.")
      .col("computed_at", TimestampType, "When the row's values last changed.")
      .build();

  /** gold.retention_cohorts: weekly purchase cohorts and the share still buying N weeks later. */
  public static final TableDef RETENTION_COHORTS = TableDef.builder(GOLD, "retention_cohorts",
          "Weekly cohorts of first purchase: the share of each cohort that buys again N weeks later (paper 003).")
      .col("cohort_week", DateType, "Monday of the week (in reporting.timezone) of the users' first paid order.")
      .col("weeks_since", IntegerType, "Weeks after the cohort week, 0 = the cohort week itself.")
      .col("cohort_size", LongType, "Users whose first paid order fell in the cohort week.")
      .col("still_buying", LongType, "Of them, users with a paid order in week cohort_week + weeks_since.")
      .col("share", DoubleType, "still_buying / cohort_size.")
      .col("computed_at", TimestampType, "When the row's values last changed.")
      .build();

  /** gold.survey_reliability: paper 001's questionnaire checks, per construct and overall. */
  public static final TableDef SURVEY_RELIABILITY = TableDef.builder(GOLD, "survey_reliability",
          "Reliability and validity of the last imported Likert survey: Cronbach's alpha, KMO and Bartlett per construct and overall.")
      .col("construct", StringType, "Construct (e.g. A1 user participation), or 'overall' for all items together.")
      .col("items", IntegerType, "Items (questions) in the construct.")
      .col("respondents", LongType, "Respondents who answered every item.")
      .col("cronbach_alpha", DoubleType, "k/(k-1) * (1 - sum of item variances / variance of the total score).")
      .col("kmo", DoubleType, "Kaiser-Meyer-Olkin measure: sum r^2 / (sum r^2 + sum partial r^2) over item pairs.")
      .col("bartlett_chi_square", DoubleType, "Bartlett's test of sphericity: -(n - 1 - (2p + 5)/6) * ln|R|.")
      .col("bartlett_df", IntegerType, "Degrees of freedom p(p-1)/2.")
      .col("bartlett_p_value", DoubleType, "Upper-tail chi-square probability of the statistic.")
      .col("note", StringType, "Why a value is null (e.g. fewer than two items, a singular correlation matrix).")
      .col("source_file", StringType, "The survey file imported.")
      .col("computed_at", TimestampType, "When it was computed.")
      .build();

  /** gold.survey_anchor_scores: mean survey score per anchor and construct; may feed A22. */
  public static final TableDef SURVEY_ANCHOR_SCORES = TableDef.builder(GOLD, "survey_anchor_scores",
          "Mean Likert score per anchor and construct of the last imported survey (responses that name an anchor).")
      .col("anchor_id", StringType, "Anchor the respondents rated.")
      .col("construct", StringType, "Construct.")
      .col("respondents", LongType, "Respondents who answered about this anchor.")
      .col("mean_score", DoubleType, "Mean of the construct's item scores (1..5) over those respondents.")
      .col("source_file", StringType, "The survey file imported.")
      .col("computed_at", TimestampType, "When it was computed.")
      .build();

  /** gold.data_quality: one row per indicators run that found new data. */
  public static final TableDef DATA_QUALITY = TableDef.builder(GOLD, "data_quality",
          "Per indicators run that found new data: OBT rows read and written, and the ingestion's quarantine, duplicates and late events since the previous run.")
      .col("run_id", LongType, "Indicators run (ops.indicator_runs).")
      .col("mode", StringType, "full or incremental.")
      .col("obt_version_from", LongType, "First silver.events_obt version read (null for full runs).")
      .col("obt_version_to", LongType, "silver.events_obt version read.")
      .col("obt_rows", LongType, "Rows in silver.events_obt at that version.")
      .col("obt_rows_inserted", LongType, "OBT rows inserted since the previous run (all rows for full runs).")
      .col("obt_rows_deleted", LongType, "OBT rows deleted since the previous run (bot-burst retractions).")
      .col("rows_read", LongType, "OBT rows of the recomputed sessions read to compute them.")
      .col("sessions_recomputed", LongType, "Sessions recomputed from all their events.")
      .col("sessions_written", LongType, "Rows of gold.session_indicators inserted, updated or deleted.")
      .col("ingest_batches", LongType, "Ingestion micro-batches recorded since the previous run (ops.ingest_batches).")
      .col("records_in", LongType, "Records those batches read.")
      .col("accepted", LongType, "Records they wrote to silver.events_obt.")
      .col("quarantined", LongType, "Records they quarantined (bronze.quarantine).")
      .col("quarantined_by_reason", new MapType(StringType, LongType, false), "Quarantined records per reason.")
      .col("duplicates", LongType, "Records they removed as duplicates.")
      .col("duplicates_by_rule", new MapType(StringType, LongType, false), "Duplicates per rule.")
      .col("late", LongType, "Records they quarantined as late (beyond the watermark).")
      .col("retracted", LongType, "Earlier OBT rows they moved to quarantine (bot bursts).")
      .col("refunds", LongType, "Refunds in silver.order_events when the run finished (the whole lake, not since the previous run).")
      .col("refunds_moved", LongType, "Of them, counted in their order's session rather than the session they carry.")
      .col("refunds_without_order", LongType, "Of them, with no order_paid of the same user and order_id in the lake: counted in the session they carry, or as shop sales without one.")
      .col("orders_over_refunded", LongType, "Orders (user and order_id) whose refunds exceed what they were paid.")
      .col("sessions_id_conflict", LongType, "Sessions of gold.session_indicators whose session_id stands for more than "
          + "one broadcast (session_id_conflict) when the run finished.")
      .col("computed_at", TimestampType, "When the run finished.")
      .build();

  // ---- Tables of the ML issue are added here ----

  /** gold.model_metrics: the paper's Table 7 for this data, one row per model of each trained version. */
  public static final TableDef MODEL_METRICS = TableDef.builder(GOLD, "model_metrics",
          "Held-out quality of each trained model version: the perceptron and MLlib baselines on the same seeded split (paper 001 Table 7).")
      .col("model_version", StringType, "Registry version of the training run, e.g. m20261123-153000-1a2b3c4d.")
      .col("model", StringType, "mlp (paper 001's 14-5-1 network), linear_regression, random_forest or gbt.")
      .col("mae", DoubleType, "Mean absolute error on the held-out sessions, in outcome units.")
      .col("rmse", DoubleType, "Root mean squared error on the held-out sessions.")
      .col("r2", DoubleType, "Coefficient of determination on the held-out sessions.")
      .col("train_seconds", DoubleType, "Wall-clock seconds to fit the model.")
      .col("train_rows", LongType, "Rows in the training part.")
      .col("test_rows", LongType, "Rows in the held-out part.")
      .col("seed", LongType, "Seed of the split and of the model.")
      .col("trained_at", TimestampType, "When the version was trained.")
      .col("cv_folds", IntegerType, "Folds of the cross-validation run on small data (model.cv.below); null when none ran.")
      .col("cv_r2", DoubleType, "Mean R2 over the cross-validation's folds.")
      .col("cv_r2_low", DoubleType, "Lower end of the 95% interval of the cross-validated R2.")
      .col("cv_r2_high", DoubleType, "Upper end of the 95% interval of the cross-validated R2.")
      .build();

  /** gold.training_history: loss per iteration (the paper's Fig. 3). */
  public static final TableDef TRAINING_HISTORY = TableDef.builder(GOLD, "training_history",
          "Loss per training iteration of each model version (paper 001 Fig. 3).")
      .col("model_version", StringType, "Registry version of the training run.")
      .col("model", StringType, "mlp, linear_regression or gbt (random forests have no iterations).")
      .col("iteration", IntegerType, "Iteration (the perceptron's solver step, the tree count of gbt), from 0.")
      .col("dataset", StringType, "train or test: the part the loss is measured on.")
      .col("loss", DoubleType, "Value of the loss function.")
      .col("loss_function", StringType, "squared_error (the network: mean half squared error of the standardized outcome "
          + "plus weight decay; gbt: mean squared error) or objective (linear regression's regularized least squares).")
      .build();

  /** gold.indicator_weights: the indicator weights and global ranking (the paper's Fig. 4). */
  public static final TableDef INDICATOR_WEIGHTS = TableDef.builder(GOLD, "indicator_weights",
          "Weight and global rank of each of the 14 indicators per model version and method (paper 001 Fig. 4); an "
          + "indicator the data does not support has no weight and says why.")
      .col("model_version", StringType, "Registry version of the training run.")
      .col("method", StringType, "permutation (held-out R2 drop when the indicator is shuffled) or connection_weight "
          + "(Olden's connection-weight method on the perceptron's weights).")
      .col("indicator", StringType, "Indicator code, e.g. A41.")
      .col("name", StringType, "Indicator name of paper 001, e.g. comments and ratings.")
      .col("weight", DoubleType, "Normalized importance: the weights of a version and method sum to 1 over the indicators the model uses.")
      .col("rank", IntegerType, "Global rank, 1 = most important.")
      .col("ci_low", DoubleType, "Lower end of the bootstrap 95% interval of the weight.")
      .col("ci_high", DoubleType, "Upper end of the bootstrap 95% interval of the weight.")
      .col("raw_importance", DoubleType, "Before normalization: the R2 drop (permutation) or the signed sum of "
          + "input-hidden-output weight products (connection weight; its sign is the direction of the effect).")
      .col("left_out", StringType, "Why the indicator has no weight, rank or interval: the data does not support it "
          + "(gold.indicator_support), so the model was trained without it; null for the indicators the model uses.")
      .col("computed_at", TimestampType, "When the weights were computed.")
      .build();

  /** gold.session_levers: per session and indicator, what moving the indicator would do to the score. */
  public static final TableDef SESSION_LEVERS = TableDef.builder(GOLD, "session_levers",
          "Per session and indicator the model uses: the expected change of the session's score if the indicator moved "
          + "up to its anchor's best session or to its platform's 75th percentile, ranked: what each anchor could work on "
          + "next. An association the model learned, not a proven cause.")
      .col("session_id", StringType, "Live session.")
      .col("anchor_id", StringType, "Anchor.")
      .col("platform", StringType, "Platform.")
      .col("model_version", StringType, "Registry version of the model.")
      .col("indicator", StringType, "Indicator code, e.g. A41.")
      .col("name", StringType, "Indicator name of paper 001.")
      .col("value", DoubleType, "The session's normalized forward value of the indicator (0..1, larger is better).")
      .col("anchor_best", DoubleType, "The largest value among the anchor's sessions.")
      .col("gain_anchor_best", DoubleType, "Score change, in outcome units, if the value rose to anchor_best (0 when it is there).")
      .col("platform_p75", DoubleType, "75th percentile of the value among the platform's sessions.")
      .col("gain_platform_p75", DoubleType, "Score change if the value rose to platform_p75 (0 when it is at or above it).")
      .col("rank", IntegerType, "1 = the indicator whose move raises the score most (the larger of the two gains).")
      .col("computed_at", TimestampType, "When the levers were computed.")
      .build();

  /** gold.performance_scores: the model's score per session. */
  public static final TableDef PERFORMANCE_SCORES = TableDef.builder(GOLD, "performance_scores",
          "Marketing-performance score of each live session by a registered model (one row per session, latest scoring wins).")
      .col("session_id", StringType, "Live session.")
      .col("anchor_id", StringType, "Anchor.")
      .col("platform", StringType, "Platform.")
      .col("session_date", DateType, "Date of the session.")
      .col("score", DoubleType, "The outcome the network predicts for the session, in outcome units.")
      .col("grade", IntegerType, "The quantile band of the training outcome the score falls in, 1 (lowest) .. model.grades (highest).")
      .col("model_version", StringType, "Registry version of the model that scored it.")
      .col("scored_at", TimestampType, "When it was scored.")
      .build();

  /** gold.user_segments: the K-means segment of each user (paper 000 user portraits). */
  public static final TableDef USER_SEGMENTS = TableDef.builder(GOLD, "user_segments",
          "Behaviour features and K-means segment of each user (paper 000), rebuilt by each segmentation run.")
      .col("user_id", StringType, "Pseudonymized user.")
      .col("segment", IntegerType, "Segment, 1 = the segment with the highest purchase value.")
      .col("description", StringType, "The segment's profile in plain words.")
      .col("watch_minutes", DoubleType, "Minutes present in live rooms (distinct session-minutes with an enter or heartbeat).")
      .col("interactions", LongType, "Comments, likes, shares, gifts, follows, ratings, game joins and product or ad clicks.")
      .col("purchases", LongType, "Paid orders.")
      .col("purchase_value", DoubleType, "Paid amount net of refunds, reporting currency.")
      .col("recency_days", DoubleType, "Days from the user's last event to the newest event in the lake.")
      .col("run_id", StringType, "Segmentation run.")
      .col("computed_at", TimestampType, "When the segment was computed.")
      .build();

  /** gold.segment_profiles: one row per segment with its centroid in original units and a description. */
  public static final TableDef SEGMENT_PROFILES = TableDef.builder(GOLD, "segment_profiles",
          "Profile of each user segment: size, mean behaviour and a plain-words description (paper 000), per segmentation run.")
      .col("run_id", StringType, "Segmentation run.")
      .col("segment", IntegerType, "Segment, 1 = the segment with the highest purchase value.")
      .col("users", LongType, "Users in the segment.")
      .col("share", DoubleType, "Share of all users.")
      .col("watch_minutes", DoubleType, "Mean minutes present in live rooms.")
      .col("interactions", DoubleType, "Mean interactions.")
      .col("purchases", DoubleType, "Mean paid orders.")
      .col("purchase_value", DoubleType, "Mean paid amount net of refunds, reporting currency.")
      .col("recency_days", DoubleType, "Mean days since the last event.")
      .col("description", StringType, "The profile in plain words, e.g. frequent high-value buyers.")
      .col("k", IntegerType, "Number of segments chosen.")
      .col("silhouette", DoubleType, "Silhouette of the chosen k (squared Euclidean, standardized features).")
      .col("computed_at", TimestampType, "When the run finished.")
      .build();

  /** gold.recommendations: top-N products per user by plain ALS and after the diversity re-ranking. */
  public static final TableDef RECOMMENDATIONS = TableDef.builder(GOLD, "recommendations",
          "Top-N products per user (paper 004): plain ALS and the diversity-aware re-ranking (paper 002), rebuilt by each run.")
      .col("user_id", StringType, "Pseudonymized user.")
      .col("method", StringType, "als (relevance order) or mmr (maximal marginal relevance over categories).")
      .col("rank", IntegerType, "Position in the list, 1 = first.")
      .col("product_id", StringType, "Recommended product.")
      .col("category", StringType, "Its category.")
      .col("score", DoubleType, "ALS predicted preference of the user for the product.")
      .col("run_id", StringType, "Recommendation run.")
      .col("computed_at", TimestampType, "When the list was computed.")
      .build();

  /** gold.als_user_factors: the serving ALS model's user vectors, which the live recommendations score with. */
  public static final TableDef ALS_USER_FACTORS = TableDef.builder(GOLD, "als_user_factors",
          "Latent factors of each user in the ALS model of the last recommendation run (livelake recommend).")
      .col("user_id", StringType, "Pseudonymized user.")
      .col("factors", new ArrayType(DoubleType, false), "The user's ALS vector (recommendations.als.rank values).")
      .col("run_id", StringType, "Recommendation run that fitted the model.")
      .col("computed_at", TimestampType, "When the model was fitted.")
      .build();

  /** gold.als_item_factors: the serving ALS model's product vectors. */
  public static final TableDef ALS_ITEM_FACTORS = TableDef.builder(GOLD, "als_item_factors",
          "Latent factors of each product in the ALS model of the last recommendation run (livelake recommend).")
      .col("product_id", StringType, "Product.")
      .col("category", StringType, "Its category.")
      .col("factors", new ArrayType(DoubleType, false), "The product's ALS vector; a user's predicted preference is the dot product.")
      .col("run_id", StringType, "Recommendation run that fitted the model.")
      .col("computed_at", TimestampType, "When the model was fitted.")
      .build();

  /** gold.live_recommendations: what to show each active viewer of each live session now. */
  public static final TableDef LIVE_RECOMMENDATIONS = TableDef.builder(GOLD, "live_recommendations",
          "Top products to show now per live session and active viewer (paper 004), kept by livelake live-recommend: "
              + "products on show in the room, scored by the ALS factors and the viewer's recent clicks, re-ranked for diversity.")
      .col("session_id", StringType, "Live session; only sessions with events in the live window are kept.")
      .col("anchor_id", StringType, "Anchor of the session.")
      .col("user_id", StringType, "Pseudonymized viewer with an event in the session in the live window.")
      .col("rank", IntegerType, "Position in the viewer's list, 1 = first.")
      .col("product_id", StringType, "Recommended product, one the room showed in the live window and the viewer has not bought in it.")
      .col("category", StringType, "Its category.")
      .col("score", DoubleType, "als_score plus recommendations.live.click.boost if the viewer clicked or carted the product in the window.")
      .col("als_score", DoubleType, "Dot product of the viewer's and the product's ALS factors; 0 when the model knows either not.")
      .col("clicked", BooleanType, "Whether the viewer clicked or carted the product in the live window.")
      .col("as_of", TimestampType, "Event time the lists are current to: the newest event the query has seen.")
      .col("session_last_event", TimestampType, "Newest event of the session in the live window when the list was written; "
          + "the session's rows go once it falls out of the window (recommendations.live.window before as_of).")
      .col("model_run_id", StringType, "Recommendation run whose factors scored the list (null: no factors yet).")
      .col("computed_at", TimestampType, "When the micro-batch wrote the list.")
      .build();

  /** gold.recommendation_metrics: accuracy and diversity of both lists per run. */
  public static final TableDef RECOMMENDATION_METRICS = TableDef.builder(GOLD, "recommendation_metrics",
          "Precision, intra-list diversity and coverage of plain ALS and the re-ranked lists, per recommendation run.")
      .col("run_id", StringType, "Recommendation run.")
      .col("method", StringType, "als or mmr.")
      .col("top_n", IntegerType, "List length N.")
      .col("diversity_lambda", DoubleType, "MMR trade-off used (1 = pure relevance).")
      .col("precision_at_n", DoubleType, "Mean share of a user's N recommendations found among their held-out last purchases.")
      .col("intra_list_diversity", DoubleType, "Mean share of pairs in a list whose categories differ; null when no "
          + "recommended product has a category (every pair would differ).")
      .col("catalogue_coverage", DoubleType, "Distinct recommended products / products in the catalogue.")
      .col("users_evaluated", LongType, "Users with held-out purchases that precision is averaged over.")
      .col("users_recommended", LongType, "Users who received a list.")
      .col("precision_drop", DoubleType, "Precision of als minus this method's (0 for als).")
      .col("max_precision_drop", DoubleType, "Allowed drop (recommendations.max.precision.drop).")
      .col("within_bound", BooleanType, "Whether precision_drop <= max_precision_drop.")
      .col("computed_at", TimestampType, "When the run finished.")
      .build();

  // ---- Privacy ----

  /**
   * ops.erasure_log: the evidence an auditor asks for, one row per `livelake erase`. It names the
   * person only by pseudonym (the erasure must not store what it erased) and holds no row contents.
   */
  public static final TableDef ERASURE_LOG = TableDef.builder(OPS, "erasure_log",
          "One row per erasure (livelake erase): whose pseudonym, when, the tables searched, rows removed per table, whether old files were vacuumed.")
      .col("erasure_id", StringType, "Random id of the erasure, to cite it in correspondence.")
      .col("pseudonym", StringType, "The person's pseudonym (HMAC-SHA256 of the raw id); the raw id is never stored.")
      .col("erased_at", TimestampType, "When the erasure finished.")
      .col("tables", new ArrayType(StringType, false), "Every table searched (those with user_id or a raw payload).")
      .col("rows_removed", new MapType(StringType, LongType, false), "Rows removed per table searched, 0 included.")
      .col("vacuumed", BooleanType, "Whether the old data files of the tables with removed rows were deleted too "
          + "(REORG ... APPLY (PURGE) then VACUUM); if false, earlier Delta versions still hold the rows.")
      .col("retention_hours", IntegerType, "VACUUM retention used (null when not vacuumed); 0 ends time travel to before the erasure.")
      .col("table_versions", new MapType(StringType, LongType, false),
          "Delta version of each table with removed rows after the erasure; incremental jobs reading a change feed "
              + "from before a vacuumed version rebuild instead.")
      .col("livelake_version", StringType, "LiveLake version that made the erasure.")
      .build();

  /** Every table, in the order `livelake tables` lists them. */
  public static List<TableDef> all() {
    List<TableDef> all = new java.util.ArrayList<>(List.of(EVENTS_RAW, QUARANTINE, DIM_SESSIONS, DIM_PRODUCTS,
        DIM_AD_CAMPAIGNS, EVENTS_OBT, SESSION_DAYS, VIEWER_DAYS, ORDER_EVENTS, REALTIME_KPIS, INGEST_BATCHES,
        QUERY_PROGRESS, IMPORTS, SESSION_INDICATORS));
    all.addAll(indicatorTables());
    all.addAll(mlTables());
    all.add(ERASURE_LOG);
    return List.copyOf(all);
  }

  /** Tables of the batch indicators job besides gold.session_indicators. */
  static List<TableDef> indicatorTables() {
    return List.of(ANCHOR_DAILY, PLATFORM_DAILY, SALES_DAILY, USER_STICKINESS, RETENTION_COHORTS, SURVEY_RELIABILITY,
        SURVEY_ANCHOR_SCORES, DATA_QUALITY, INDICATOR_RUNS, INDICATOR_SUPPORT);
  }

  /** Tables of the model, segmentation and recommendation jobs. */
  static List<TableDef> mlTables() {
    return List.of(MODEL_METRICS, TRAINING_HISTORY, INDICATOR_WEIGHTS, PERFORMANCE_SCORES, SESSION_LEVERS, USER_SEGMENTS,
        SEGMENT_PROFILES, RECOMMENDATIONS, RECOMMENDATION_METRICS, ALS_USER_FACTORS, ALS_ITEM_FACTORS,
        LIVE_RECOMMENDATIONS);
  }
}
