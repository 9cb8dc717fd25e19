package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.catalog.Upsert;
import io.livelake.catalog.WriteGate;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.events.EventType;
import io.livelake.quality.IngestSummary;
import io.livelake.stickiness.UserStickiness;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch job behind `livelake indicators`: silver.events_obt → gold.session_indicators, the daily
 * rollups, user stickiness, retention cohorts and gold.data_quality.
 *
 * <p>Incremental and idempotent. Each run reads the OBT at one Delta version and remembers it in
 * ops.indicator_runs; the next run reads the change data feed after that version (deletes of
 * retracted bot bursts included), recomputes only the affected sessions from all their events, and
 * merges every table keyed, touching only rows whose values change. A run with nothing new changes
 * no gold table; a late event changes its own session's row and, only if it moves an indicator's
 * global min or max, the n_* columns of every row.
 */
public final class IndicatorsJob {
  private IndicatorsJob() {}

  /** What a run did. */
  public record Result(long runId, String mode, String reason, Long obtVersionFrom, long obtVersion, long changedRows,
      long affectedSessions, long sessionsWritten, boolean renormalized, long sessions, long rowsRead,
      long usersWritten, List<IndicatorSupport.Verdict> support, String outcomeWarning,
      SessionIndicators.Conflicts conflicts, OrderSessions.Reconciliation refunds, double seconds) {

    /** The one-line summary `livelake indicators` prints. */
    public String summary() {
      if (mode.equals("noop")) {
        return String.format(Locale.ROOT, "indicators: nothing new since silver.events_obt version %d; no table changed (%.1f s)",
            obtVersion, seconds);
      }
      return String.format(Locale.ROOT, "indicators run %d (%s, %s): silver.events_obt %s%d, %,d OBT rows read, "
              + "%,d sessions recomputed, %,d rows of gold.session_indicators written (%,d sessions in all)%s, "
              + "%,d users updated (%.1f s)",
          runId, mode, reason, obtVersionFrom == null ? "version " : "versions " + obtVersionFrom + "..", obtVersion,
          rowsRead, affectedSessions, sessionsWritten, sessions, renormalized ? ", every n_* rescaled (a new min or max)" : "",
          usersWritten, seconds);
    }

    /**
     * The lines printed after the summary: how many indicators the data supports as model inputs and, for each one it
     * does not, why; a warning when the outcome tells no session from another ({@link Outcome#sameEverywhere}); how
     * the refunds were matched with their orders ({@link OrderSessions#reconcile}). Empty after a run that measured
     * nothing (noop).
     */
    public List<String> findings() {
      if (support.isEmpty()) return List.of();
      List<IndicatorSupport.Verdict> out = support.stream().filter(v -> !v.supported()).toList();
      List<String> lines = new ArrayList<>();
      String head = String.format(Locale.ROOT, "indicators: the data supports %d of the 14 indicators as model inputs",
          support.size() - out.size());
      Optional<String> shared = IndicatorSupport.sharedReason(out);
      if (shared.isPresent()) {
        lines.add(head + "; train leaves out " + (out.size() == support.size() ? "all of them"
            : out.stream().map(v -> v.indicator().name()).collect(Collectors.joining(", "))) + ": "
            + shared.get());
      } else {
        lines.add(head + (out.isEmpty() ? "" : "; train leaves out:"));
        for (IndicatorSupport.Verdict v : out) lines.add("  " + v.label() + ": " + v.reason());
      }
      if (outcomeWarning != null) lines.add("indicators: warning: " + outcomeWarning);
      if (conflicts != null) conflicts.warning().ifPresent(w -> lines.add("indicators: warning: " + w));
      if (refunds != null) refunds.summary().ifPresent(lines::add);
      return lines;
    }
  }

  /** Tables the job writes. */
  public static final List<TableDef> OUTPUTS = List.of(Tables.SESSION_INDICATORS, Tables.ANCHOR_DAILY, Tables.PLATFORM_DAILY,
      Tables.SALES_DAILY, Tables.USER_STICKINESS, Tables.RETENTION_COHORTS, Tables.DATA_QUALITY, Tables.INDICATOR_RUNS,
      Tables.INDICATOR_SUPPORT);

  private static final String PAID = EventType.ORDER_PAID.wireName();

  /** The OBT columns the indicators, outcomes, stickiness and cohorts read. */
  private static final List<String> INPUT_COLUMNS = List.of("session_id", "anchor_id", "anchor_name", "platform",
      "session_start", "session_end", "event_time", "event_date", "event_type", "user_id", "product_id", "order_id",
      "gift_value", "rating", "rating_target", "amount_reporting");

  /**
   * Runs once. {@code full} rebuilds everything from the whole OBT (still writing only rows that
   * change); {@code stage} receives a line as each stage starts.
   */
  public static Result run(Lake lake, LiveLakeConfig config, boolean full, Consumer<String> stage) {
    // In the lake's write gate for the whole run: an erasure between its read of the OBT and its write of
    // gold.user_stickiness would see the person's row written back after it.
    try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
      return runGated(lake, config, full, stage);
    }
  }

  private static Result runGated(Lake lake, LiveLakeConfig config, boolean full, Consumer<String> stage) {
    if (!lake.exists(Tables.EVENTS_OBT)) {
      throw new IllegalArgumentException("silver.events_obt does not exist in " + lake.paths().root()
          + ": ingest events first (livelake ingest)");
    }
    SparkSession spark = lake.spark();
    Map<String, String> before = new java.util.LinkedHashMap<>();
    if (small(lake, config.getInt(Settings.INTERPRETED_BELOW))) {
      // Measured on the demo lake (200,000 rows): 72 s with generated code, 51 s without (bench/RESULTS.md).
      for (Map.Entry<String, String> e : INTERPRETED.entrySet()) {
        before.put(e.getKey(), spark.conf().get(e.getKey(), null));
        spark.conf().set(e.getKey(), e.getValue());
      }
    }
    try {
      return runOnce(lake, config, full, stage);
    } finally {
      before.forEach((k, v) -> {
        if (v == null) spark.conf().unset(k);
        else spark.conf().set(k, v);
      });
    }
  }

  /** Spark settings of interpreted evaluation: no whole-stage code, interpreted projections and predicates. */
  private static final Map<String, String> INTERPRETED = Map.of("spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN");

  /** Whether the OBT's log says it has fewer than {@code below} rows (false when the log cannot say). */
  private static boolean small(Lake lake, int below) {
    try {
      return lake.rowsFromLog(Tables.EVENTS_OBT) < below;
    } catch (io.livelake.catalog.DeltaLogCounts.Unreadable e) {
      return false;
    }
  }

  private static Result runOnce(Lake lake, LiveLakeConfig config, boolean full, Consumer<String> stage) {
    long startedMs = System.currentTimeMillis();
    SparkSession spark = lake.spark();
    // Lakes from before the projections get them from a full build; until then they cannot serve an incremental run.
    boolean projected = ObtProjections.tables().stream().allMatch(lake::exists);
    int days = config.getInt(Settings.OUTCOME_DAYS);
    String a22Construct = config.getString(Settings.A22_SURVEY_CONSTRUCT).trim();
    String outcomeTable = config.getString(Settings.OUTCOME_TABLE).trim();
    Dataset<Row> external = outcomeTable.isEmpty() ? null : Outcome.readExternal(spark, outcomeTable);
    Dataset<Row> survey = null;
    Outcome.Definition outcome = Outcome.Definition.of(config.getString(Settings.OUTCOME));
    ZoneId zone = BusinessDays.zone(config);
    String definitions = Outcome.REVISION + "; " + Settings.OUTCOME_DAYS.key() + "=" + days + "; " + Settings.OUTCOME.key()
        + "=" + outcome.settingValue() + BusinessDays.definition(zone);
    if (!a22Construct.isEmpty()) {
      if (!lake.exists(Tables.SURVEY_ANCHOR_SCORES)) {
        throw new IllegalArgumentException(Settings.A22_SURVEY_CONSTRUCT.key() + " = " + a22Construct
            + ": gold.survey_anchor_scores does not exist; import a survey with anchor_id first (livelake survey)");
      }
      long surveyVersion = version(lake, Tables.SURVEY_ANCHOR_SCORES);
      survey = lake.read(Tables.SURVEY_ANCHOR_SCORES);
      definitions += "; " + Settings.A22_SURVEY_CONSTRUCT.key() + "=" + a22Construct + " (survey version " + surveyVersion + ")";
    }

    long obtVersion = version(lake, Tables.EVENTS_OBT);
    Dataset<Row> obt = spark.read().format("delta").option("versionAsOf", obtVersion).load(lake.path(Tables.EVENTS_OBT));
    Row last = lastRun(lake);
    long runId = last == null ? 1 : last.getLong(last.fieldIndex("run_id")) + 1;
    Map<String, Long> covered = last == null || last.isNullAt(last.fieldIndex("ingest_batches_covered")) ? Map.of()
        : last.getJavaMap(last.fieldIndex("ingest_batches_covered"));
    IngestSummary ingest = lake.exists(Tables.INGEST_BATCHES)
        ? IngestSummary.since(lake.read(Tables.INGEST_BATCHES), covered)
        : new IngestSummary(0, 0, 0, 0, Map.of(), 0, Map.of(), 0, 0, covered);

    // A lake from before gold.sales_daily gets all its days on its next run, even one without changes.
    boolean salesKept = lake.exists(Tables.SALES_DAILY);
    String mode;
    String reason;
    String vacuumed;
    Long from = null;
    if (full) {
      mode = "full";
      reason = "--full";
    } else if (last == null) {
      mode = "full";
      reason = "first run";
    } else if (!definitions.equals(last.getAs("definitions"))) {
      mode = "full";
      reason = "definitions changed: " + definitions;
    } else if ((long) last.getAs("obt_version") > obtVersion) {
      mode = "full";
      reason = "silver.events_obt is older than the last run's version " + last.getAs("obt_version") + " (restored?)";
    } else if ((vacuumed = vacuumedSince(lake, (long) last.getAs("obt_version"))) != null) {
      mode = "full";
      reason = vacuumed;
      stage.accept("indicators: " + reason + "; rebuilding everything");
    } else if (!projected) {
      mode = "full";
      reason = "first run keeping silver.session_days, viewer_days and order_events";
    } else if ((long) last.getAs("obt_version") == obtVersion && external == null && ingest.batches() == 0 && salesKept) {
      Timestamp now = new Timestamp(System.currentTimeMillis());
      appendRun(lake, runId, "noop", "no new OBT version", null, obtVersion, definitions, 0, 0, 0, false, covered,
          new Timestamp(startedMs), now);
      return new Result(runId, "noop", "no new OBT version", null, obtVersion, 0, 0, 0, false, -1, 0, 0, List.of(), null,
          null, null, (now.getTime() - startedMs) / 1000.0);
    } else {
      mode = "incremental";
      reason = "changes since version " + last.getAs("obt_version");
      from = (long) last.getAs("obt_version") + 1;
    }

    // After the noop check: making sure of twelve tables' schemas reads as many Delta logs.
    lake.ensure(OUTPUTS).ensure(ObtProjections.tables());
    Dataset<Row> existing = lake.read(Tables.SESSION_INDICATORS).localCheckpoint();
    Dataset<Row> changes = null;
    long changedRows = 0;
    long inserted;
    long deleted = 0;
    if (mode.equals("incremental")) {
      stage.accept("indicators: reading the change data feed of silver.events_obt, versions " + from + ".." + obtVersion);
      try {
        changes = changes(lake, from, obtVersion).localCheckpoint();
      } catch (Exception e) { // a missing file surfaces as SparkException, checked yet thrown undeclared
        mode = "full";
        reason = "change data feed unavailable (" + unavailable(e) + ")";
        from = null;
        stage.accept("indicators: " + reason + "; rebuilding everything");
      }
    }
    if (changes != null) {
      Row c = changes.agg(count(lit(1)), count(when(col("_change_type").equalTo("insert"), 1)),
          count(when(col("_change_type").equalTo("delete"), 1))).first();
      changedRows = c.getLong(0);
      inserted = c.getLong(1);
      deleted = c.getLong(2);
    } else {
      inserted = -1;
    }
    Dataset<Row> cached = null;
    try {
      long obtRows;
      // Sessions to recompute, and the OBT rows they need.
      Dataset<Row> sessionEvents;
      Dataset<Row> firstTime;
      Dataset<Row> purchases;
      // silver.order_events once refreshed (raw), and with each refund in its order's session; on an incremental run
      // also the events of the changed orders, which decide both the sessions and the sales days to redo.
      Dataset<Row> raw;
      Dataset<Row> orders;
      Dataset<Row> sameOrder = null;
      Dataset<Row> affected;
      Dataset<Row> deleteKeys;
      if (changes == null) {
        // Only the columns the stages read. Not cached: at 10 million rows building and reading Spark's
        // in-memory copy took 166.8 s against 115.5 s for scanning the Parquet files per stage (bench/RESULTS.md).
        obt = obt.select(cols(INPUT_COLUMNS));
        obtRows = obt.count();
        inserted = obtRows;
        stage.accept("indicators: full build from " + String.format(Locale.ROOT, "%,d", obtRows) + " OBT rows (version " + obtVersion + ")");
        // Every run leaves the projections as of the OBT version it read: a rebuild of the same version
        // (--full, changed definitions) finds them current.
        if (!projected || last == null || (long) last.getAs("obt_version") != obtVersion) ObtProjections.refresh(lake, obt, null);
        sessionEvents = obt;
        firstTime = null;
        raw = lake.read(Tables.ORDER_EVENTS);
        orders = OrderSessions.attributed(raw, raw);
        purchases = orders;
        affected = null;
        deleteKeys = existing.select("session_id");
      } else {
        // The Delta log's statistics answer the count: no data file is read.
        obtRows = obt.count();
        stage.accept("indicators: finding the sessions " + String.format(Locale.ROOT, "%,d", changedRows) + " changed OBT rows affect");
        List<Object> touched = dates(changes);
        Dataset<Row> touchedRows = obt.where(col("event_date").isin(touched.toArray())).select(cols(INPUT_COLUMNS))
            .persist(StorageLevel.MEMORY_AND_DISK());
        try {
          ObtProjections.refresh(lake, touchedRows, touched);
        } finally {
          touchedRows.unpersist();
        }
        Dataset<Row> viewerDays = lake.read(Tables.VIEWER_DAYS);
        Dataset<Row> sessionDays = lake.read(Tables.SESSION_DAYS);
        raw = lake.read(Tables.ORDER_EVENTS);
        orders = OrderSessions.attributed(raw, raw);
        // With the sessions the events carry: a refund that moves to its order's session leaves its own.
        sameOrder = OrderSessions.sharingAnOrder(raw, changes).localCheckpoint();
        affected = AffectedSessions.of(changes, sameOrder, viewerDays, sessionDays, existing, days).localCheckpoint();
        deleteKeys = affected;
        // Only the OBT partitions of the affected sessions' days are read.
        List<Object> sessionDates = dates(sessionDays.join(affected, "session_id", "left_semi"));
        sessionEvents = cached = obt.where(col("event_date").isin(sessionDates.toArray())).join(affected, "session_id", "left_semi")
            .select(cols(INPUT_COLUMNS)).persist(StorageLevel.MEMORY_AND_DISK());
        Object[] anchors = existing.join(affected, "session_id", "left_semi").select("anchor_id")
            .union(changes.join(affected, "session_id", "left_semi").select("anchor_id"))
            .where(col("anchor_id").isNotNull()).distinct().collectAsList().stream().map(r -> r.get(0)).toArray();
        firstTime = SessionIndicators.firstTimeViewers(
            viewerDays.where(col("anchor_id").isin(anchors)).select("session_id", "user_id").distinct(),
            sessionDays.where(col("anchor_id").isin(anchors)).groupBy("session_id").agg(max("anchor_id").alias("anchor_id"),
                coalesce(max("session_start"), min("first_event")).alias("start")));
        Row span = sessionEvents.agg(min(coalesce(col("session_start"), col("event_time"))),
            max(coalesce(col("session_end"), col("event_time")))).first();
        // The orders in the sessions' outcome windows, and the refunds counting for the sessions whenever made: a
        // few rows, kept rather than joined again for each of their two uses.
        if (span.isNullAt(0)) {
          purchases = orders.limit(0);
        } else {
          Column inWindows = col("event_date").between(date_sub(to_date(lit(span.getTimestamp(0))), 1),
              date_add(to_date(lit(span.getTimestamp(1))), days + 1));
          purchases = orders.where(inWindows).unionByName(orders
              .where(not(inWindows).and(col("event_type").equalTo(SessionIndicators.REFUNDED)))
              .join(affected, "session_id", "left_semi")).localCheckpoint();
        }
      }

      stage.accept("indicators: computing the 14 indicators and the outcome");
      Dataset<Row> computed = SessionIndicators.computeWithFirstViewers(sessionEvents, firstTime, purchases, days, zone);
      if (survey != null) computed = SessionIndicators.withSurveyA22(computed, survey, a22Construct);
      computed = computed.localCheckpoint();
      Row sizes = computed.agg(count(lit(1)), coalesce(sum("events"), lit(0L))).first();
      long recomputed = affected == null ? sizes.getLong(0) : affected.count();
      long rowsRead = sizes.getLong(1);

      stage.accept("indicators: normalizing and writing gold.session_indicators");
      Timestamp now = new Timestamp(System.currentTimeMillis());
      List<String> base = baseColumns();
      Dataset<Row> kept = affected == null ? existing.limit(0) : existing.join(affected, "session_id", "left_anti");
      Dataset<Row> rows = Outcome.withOutcome(kept.select(cols(base)).unionByName(computed.select(cols(base))), outcome, external,
          outcomeTable)
          .localCheckpoint();
      Map<Indicator, Normalization.Bounds> before = Normalization.bounds(existing);
      Map<Indicator, Normalization.Bounds> after = Normalization.bounds(rows);
      // A32 is never null, so a null minimum means the table was empty: a first build rescales nothing.
      boolean renormalized = before.get(Indicator.A32).min() != null && !before.equals(after);
      Dataset<Row> normalized = Normalization.forward(rows, after).withColumn("computed_at", lit(now));
      Upsert.Counts written = Upsert.apply(lake, Tables.SESSION_INDICATORS, normalized, List.of("session_id"), deleteKeys,
          "computed_at");
      long sessions = rows.count();
      List<IndicatorSupport.Verdict> support = IndicatorSupport.measure(rows, config.getDouble(Settings.SUPPORT_MIN_COVERAGE));
      writeSupport(lake, runId, support, now);
      String outcomeWarning = Outcome.sameEverywhere(rows, "outcome").orElse(null);
      SessionIndicators.Conflicts conflicts = SessionIndicators.conflicts(rows);

      stage.accept("indicators: daily rollups");
      // rows is what gold.session_indicators now holds (the rollups use no column the merge adds).
      Dataset<Row> current = rows;
      Dataset<Row> dates = affected == null ? null
          : existing.join(affected, "session_id", "left_semi").select("session_date")
              .union(computed.select("session_date")).distinct().localCheckpoint();
      Dataset<Row> rollupDates = dates == null ? null : dates.withColumnRenamed("session_date", "date");
      rollup(lake, Tables.ANCHOR_DAILY, Rollups.anchorDaily(scope(current, dates)), List.of("anchor_id", "platform", "date"),
          rollupDates, now);
      rollup(lake, Tables.PLATFORM_DAILY, Rollups.platformDaily(scope(current, dates)), List.of("platform", "date"),
          rollupDates, now);
      sales(lake, orders, salesKept ? changes : null, sameOrder, zone, now);

      stage.accept("indicators: user stickiness and retention cohorts");
      long usersWritten = stickiness(lake, changes, zone, now);
      stage.accept("indicators: matching the refunds with their orders");
      OrderSessions.Reconciliation refunds = OrderSessions.reconcile(raw);

      long finishedMs = System.currentTimeMillis();
      Timestamp finished = new Timestamp(finishedMs);
      if (changes == null || changedRows > 0 || ingest.batches() > 0) {
        Row q = RowFactory.create(runId, mode, from, obtVersion, obtRows, inserted, deleted, rowsRead, recomputed,
            written.written(), ingest.batches(), ingest.recordsIn(), ingest.accepted(), ingest.quarantined(),
            scalaMap(ingest.quarantinedByReason()), ingest.duplicates(), scalaMap(ingest.duplicatesByRule()), ingest.late(),
            ingest.retracted(), refunds.refunds(), refunds.moved(), refunds.withoutOrder(), refunds.overRefunded(),
            conflicts.sessions(), finished);
        append(lake, Tables.DATA_QUALITY, List.of(q));
      }
      appendRun(lake, runId, mode, reason, from, obtVersion, definitions, changedRows, recomputed, written.written(),
          renormalized, ingest.covered(), new Timestamp(startedMs), finished);
      return new Result(runId, mode, reason, from, obtVersion, changedRows, recomputed, written.written(), renormalized,
          sessions, rowsRead, usersWritten, support, outcomeWarning, conflicts, refunds, (finishedMs - startedMs) / 1000.0);
    } finally {
      if (cached != null) cached.unpersist();
    }
  }

  private static void writeSupport(Lake lake, long runId, List<IndicatorSupport.Verdict> support, Timestamp now) {
    List<Row> rows = new ArrayList<>();
    for (IndicatorSupport.Verdict v : support) {
      rows.add(RowFactory.create(runId, v.indicator().name(), v.indicator().title(), v.supported(), v.sessions(),
          v.measured(), v.min(), v.max(), v.reason(), now));
    }
    append(lake, Tables.INDICATOR_SUPPORT, rows);
  }

  /** Changed OBT rows between two versions (inclusive) from the change data feed. */
  private static Dataset<Row> changes(Lake lake, long from, long to) {
    if (from > to) {
      return lake.read(Tables.EVENTS_OBT).limit(0).select("session_id", "anchor_id", "user_id", "event_type", "event_time", "event_date",
              "order_id").withColumn("_change_type", lit(null).cast("string"));
    }
    return lake.spark().read().format("delta").option("readChangeFeed", "true")
        .option("startingVersion", from).option("endingVersion", to)
        .load(lake.path(Tables.EVENTS_OBT))
        .select("session_id", "anchor_id", "user_id", "event_type", "event_time", "event_date", "order_id", "_change_type");
  }

  private static Dataset<Row> scope(Dataset<Row> sessions, Dataset<Row> dates) {
    return dates == null ? sessions : sessions.join(dates, "session_date", "left_semi");
  }

  /** Replaces the rollup rows of the affected dates, a column {@code date} (all dates when {@code dates} is null). */
  private static void rollup(Lake lake, TableDef t, Dataset<Row> rows, List<String> keys, Dataset<Row> dates, Timestamp now) {
    Dataset<Row> old = lake.read(t);
    Dataset<Row> gone = dates == null ? old : old.join(dates, "date", "left_semi");
    Upsert.apply(lake, t, rows.withColumn("computed_at", lit(now)), keys, gone.select(cols(keys)), "computed_at");
  }

  /**
   * gold.sales_daily from {@code orders} (silver.order_events {@link OrderSessions#attributed}): every day on a full
   * run ({@code changes} null); else the days in {@code zone} of changed order events and of the other events of their
   * orders ({@code sameOrder}: a refund's channel is its order's), from the partitions those days can span (a zone
   * moves a day at most one UTC date either way).
   */
  private static void sales(Lake lake, Dataset<Row> orders, Dataset<Row> changes, Dataset<Row> sameOrder, ZoneId zone,
      Timestamp now) {
    Dataset<Row> touched = null;
    if (changes != null) {
      touched = changes.where(col("event_type").isin(PAID, SessionIndicators.REFUNDED)).select("event_time")
          .union(sameOrder.select("event_time"))
          .select(BusinessDays.date(col("event_time"), zone).alias("date")).distinct().localCheckpoint();
      List<Date> days = touched.collectAsList().stream().map(r -> r.getDate(0)).toList();
      if (days.isEmpty()) return;
      Object[] partitions = days.stream().flatMap(d -> Stream.of(-1, 0, 1)
          .map(n -> Date.valueOf(d.toLocalDate().plusDays(n)))).distinct().toArray();
      orders = orders.where(col("event_date").isin(partitions)
          .and(BusinessDays.date(col("event_time"), zone).isin(days.toArray())));
    }
    rollup(lake, Tables.SALES_DAILY, Rollups.salesDaily(orders, zone), List.of("date", "channel"), touched, now);
  }

  /**
   * Stickiness of the users with changed viewer or order events (all users on a full run), from the
   * refreshed projections; cohorts when orders changed.
   */
  private static long stickiness(Lake lake, Dataset<Row> changes, ZoneId zone, Timestamp now) {
    Dataset<Row> viewers = lake.read(Tables.VIEWER_DAYS);
    Dataset<Row> orders = lake.read(Tables.ORDER_EVENTS);
    Dataset<Row> gone = lake.read(Tables.USER_STICKINESS).select("user_id");
    boolean ordersChanged = true;
    if (changes != null) {
      Dataset<Row> users = changes.where(col("user_id").isNotNull().and(col("event_type").isin(SessionIndicators.ENTER,
          SessionIndicators.HEARTBEAT, SessionIndicators.PAID, SessionIndicators.REFUNDED))).select("user_id").distinct()
          .localCheckpoint();
      viewers = viewers.join(users, "user_id", "left_semi");
      orders = orders.join(users, "user_id", "left_semi");
      gone = users;
      ordersChanged = !changes.where(col("event_type").equalTo(PAID)).isEmpty();
    }
    Upsert.Counts users = Upsert.apply(lake, Tables.USER_STICKINESS,
        UserStickiness.perUser(viewers, orders, zone).withColumn("computed_at", lit(now)), List.of("user_id"), gone, "computed_at");
    if (ordersChanged) {
      Upsert.apply(lake, Tables.RETENTION_COHORTS,
          UserStickiness.retentionCohorts(lake.read(Tables.ORDER_EVENTS), zone).withColumn("computed_at", lit(now)),
          List.of("cohort_week", "weeks_since"), lake.read(Tables.RETENTION_COHORTS).select("cohort_week", "weeks_since"),
          "computed_at");
    }
    return users.written();
  }

  /** The distinct event_date values of {@code rows}, as literals for a partition filter. */
  private static List<Object> dates(Dataset<Row> rows) {
    return rows.select("event_date").where(col("event_date").isNotNull()).distinct().collectAsList().stream()
        .map(r -> r.get(0)).toList();
  }

  /** gold.session_indicators columns that do not depend on other sessions or on the outcome source. */
  private static List<String> baseColumns() {
    List<String> out = new ArrayList<>();
    for (StructField f : Tables.SESSION_INDICATORS.schema().fields()) {
      String n = f.name();
      if (!n.startsWith("n_") && !n.equals("outcome") && !n.equals(Outcome.SOURCE) && !n.equals("computed_at")) out.add(n);
    }
    return out;
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  private static long version(Lake lake, TableDef t) {
    return lake.delta(t).history(1).select("version").first().getLong(0);
  }

  /** The zone gold.session_indicators' dates are in: the one the last run recorded (UTC before any run). */
  public static ZoneId datedIn(Lake lake) {
    Row last = lastRun(lake);
    return last == null ? BusinessDays.UTC : BusinessDays.recordedIn(last.getAs("definitions"));
  }

  private static Row lastRun(Lake lake) {
    if (!lake.exists(Tables.INDICATOR_RUNS)) return null;
    List<Row> rows = lake.read(Tables.INDICATOR_RUNS).orderBy(col("run_id").desc()).limit(1).collectAsList();
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static void appendRun(Lake lake, long runId, String mode, String reason, Long from, long version, String definitions,
      long changedRows, long affected, long written, boolean renormalized, Map<String, Long> covered, Timestamp started,
      Timestamp finished) {
    append(lake, Tables.INDICATOR_RUNS, List.of(RowFactory.create(runId, mode, reason, from, version, definitions,
        changedRows, affected, written, renormalized, scalaMap(covered), started, finished)));
  }

  private static void append(Lake lake, TableDef t, List<Row> rows) {
    lake.spark().createDataFrame(rows, t.schema()).write().format("delta").mode("append").save(lake.path(t));
  }

  private static scala.collection.Map<String, Long> scalaMap(Map<String, Long> m) {
    return scala.jdk.javaapi.CollectionConverters.asScala(m);
  }

  /**
   * Why the change feed after {@code lastVersion} cannot be read, when an erasure with --vacuum since
   * then says so (ops.erasure_log): the vacuum deleted the data files the feed's older versions point
   * at. Null when none did. Names no person: the reason lands in ops.indicator_runs.
   */
  private static String vacuumedSince(Lake lake, long lastVersion) {
    if (!lake.exists(Tables.ERASURE_LOG)) return null;
    Column obtVersion = element_at(col("table_versions"), lit(Tables.EVENTS_OBT.fullName()));
    List<Row> erasures = lake.read(Tables.ERASURE_LOG).where(col("vacuumed").and(obtVersion.gt(lastVersion)))
        .agg(count(lit(1)), max("erased_at")).collectAsList();
    long n = erasures.get(0).getLong(0);
    if (n == 0) return null;
    return String.format(Locale.ROOT, "silver.events_obt vacuumed by %s since version %d (last %s), so its change data "
        + "feed is gone", n == 1 ? "an erasure" : n + " erasures", lastVersion, erasures.get(0).getTimestamp(1).toInstant());
  }

  /** The reason a change feed read failed, in one line: a vacuumed file by its name, else the first line. */
  private static String unavailable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.io.FileNotFoundException) {
        return "a file it needs was deleted, e.g. by VACUUM: " + firstLine(c.getMessage());
      }
    }
    return firstLine(e.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
