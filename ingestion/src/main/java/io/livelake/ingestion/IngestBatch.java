package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import io.livelake.ingestion.cleaning.CleaningProcessor;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.cleaning.CleaningState;
import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.cleaning.StateLoader;
import io.livelake.ingestion.cleaning.Verdict;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.ingestion.obt.ObtBuilder;
import io.livelake.privacy.ErasedPeople;
import io.livelake.privacy.PayloadSanitizer;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One micro-batch of the ingestion, end to end: bronze (as received, pseudonymized), validation and
 * quarantine, the watermark, cleaning and deduplication, the One Big Table and the batch's accounting.
 * Every write is idempotent for the batch id, so a batch replayed after a crash changes nothing that
 * already landed: exactly once end to end. What follows from the batch's rows is the next layers',
 * queries of their own: the tables' Delta checkpoints and compactions
 * ({@link io.livelake.ingestion.upkeep.TableUpkeep}), the rows of earlier batches that a bot burst
 * retracts leave the OBT by {@link io.livelake.ingestion.retractions.Retractions}, which follows the
 * batches' accounting, and gold.realtime_kpis follows the OBT's change feed
 * ({@link io.livelake.ingestion.kpis.RealtimeKpis}).
 *
 * <p>Validation, shaping and writing run in Spark; the order-dependent rules (watermark, duplicates,
 * rate limits) run on the driver over a small projection of each event, see {@link CleaningState}.
 */
public final class IngestBatch implements VoidFunction2<Dataset<Row>, Long> {
  private static final Logger LOG = LogManager.getLogger(IngestBatch.class);
  private static final String[] COORDS = {"source_partition", "source_file", "source_offset", "source_line"};
  private static final StructType VERDICTS = new StructType()
      .add("source_partition", DataTypes.IntegerType).add("source_file", DataTypes.StringType)
      .add("source_offset", DataTypes.LongType).add("source_line", DataTypes.LongType)
      .add("verdict", DataTypes.StringType).add("verdict_code", DataTypes.StringType)
      .add("verdict_detail", DataTypes.StringType);

  private final Lake lake;
  private final String pipeline;
  private final CleaningRules rules;
  private final RecordParser parser;
  private final Consumer<BatchOutcome> listener;
  private final StreamCheckpoint checkpoint;
  /**
   * Whether the query's rows come judged by {@link CleaningProcessor#judgeRows} (the state store on the
   * executors) rather than raw, for the driver's {@link CleaningState}.
   */
  private final boolean judgedUpstream;
  /** With {@link #judgedUpstream}: each source partition's newest event time, for ops.ingest_batches. */
  private Map<Integer, Long> partitionMax;
  /** The streaming query's persistent id, which marks this checkpoint's commits; null when called directly. */
  private String owner;
  private CleaningState state;
  private long nextBatchId = -1;
  /** Dimension tables held in driver memory; re-read every {@link #DIMENSION_REFRESH} batches. */
  private final Map<TableDef, Dataset<Row>> dimensions = new HashMap<>();
  private long dimensionsReadAt = Long.MIN_VALUE;
  private static final int DIMENSION_REFRESH = 20;
  /** The version of ops.erasure_log the parser's erased people were read at (-1: no such table). */
  private long erasuresReadAt = -1;

  /** A batch function called with the tables' own batch ids, outside a streaming query. */
  public IngestBatch(Lake lake, String pipeline, CleaningRules rules, FxRates fx, PayloadSanitizer sanitizer,
      Consumer<BatchOutcome> listener) {
    this(lake, pipeline, rules, fx, sanitizer, listener, StreamCheckpoint.NONE, false);
  }

  /**
   * The batch function of a streaming query checkpointed in {@code checkpoint}; with {@code judgedUpstream} its
   * rows are {@link #judgedStream}'s, else the source's records.
   */
  IngestBatch(Lake lake, String pipeline, CleaningRules rules, FxRates fx, PayloadSanitizer sanitizer,
      Consumer<BatchOutcome> listener, StreamCheckpoint checkpoint, boolean judgedUpstream) {
    this.lake = lake;
    this.checkpoint = checkpoint;
    this.judgedUpstream = judgedUpstream;
    this.pipeline = pipeline;
    this.rules = rules;
    this.parser = new RecordParser(sanitizer, fx, rules);
    this.listener = listener;
  }

  /** Tables a batch appends to, each append marked with the batch. */
  private static final List<TableDef> APPENDED =
      List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT, Tables.INGEST_BATCHES);

  /** Tables this job writes or joins; created before the stream starts. */
  public static List<TableDef> tables() {
    return List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT, Tables.INGEST_BATCHES,
        Tables.DIM_SESSIONS, Tables.DIM_PRODUCTS, Tables.DIM_AD_CAMPAIGNS);
  }

  /**
   * The source's records parsed and judged in the streaming plan itself, by the cleaning rules in Spark's state
   * store ({@link CleaningProcessor}): the input of a batch function made with {@code judgedUpstream}. A recovered
   * checkpoint's state store starts from what the tables hold before its first batch, as the driver's state does.
   */
  Dataset<Row> judgedStream(Dataset<Row> records) {
    StateLoader.Seed seed = checkpoint.recovered() ? StateLoader.seed(lake, pipeline, checkpoint.firstBatch(), rules) : null;
    return CleaningProcessor.judgeRows(parser.parseStream(records), rules, seed);
  }

  /**
   * Ingests one batch inside the lake's {@link WriteGate}: an erasure waits for it to end, and it waits for an
   * erasure, whose deletes would otherwise conflict with its appends.
   */
  @Override
  public void call(Dataset<Row> batch, Long sparkBatchId) {
    try (WriteGate.Pass pass = WriteGate.batch(lake.paths())) {
      ingest(batch, sparkBatchId);
    }
  }

  private void ingest(Dataset<Row> batch, Long sparkBatchId) {
    // A recovered checkpoint numbers its batches from 0 again; the tables go on counting.
    long batchId = checkpoint.firstBatch() + sparkBatchId;
    owner = batch.sparkSession().sparkContext().getLocalProperty("sql.streaming.queryId");
    long startedMs = System.currentTimeMillis();
    Timestamp ingestTime = new Timestamp(startedMs);
    // The same for every record of the batch: a literal, not a conversion per row.
    LocalDate ingestDate = ingestTime.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
    Stages stages = new Stages(batchId);
    List<Runnable> releases = new ArrayList<>();
    try {
      readErasures(batchId);
      if (judgedUpstream) {
        storeJudgedBatch(batch, batchId, startedMs, ingestTime, ingestDate, stages, releases);
        return;
      }
      Dataset<Row> parsed = materialize(releases, parser.parse(batch, batchId, ingestTime));
      stages.lap("parse");
      // Only the first batch after a start or a failure can have committed before: the others are new.
      // That batch also rebuilds the driver's state from what the lake holds.
      boolean mayReplay = state == null || nextBatchId != batchId;
      Set<TableDef> replayed = replayed(mayReplay, batchId);
      CompletableFuture<Void> bronze = appendBronze(parsed, ingestDate, batchId, replayed, stages);
      BatchFacts facts = BatchFacts.collect(parsed);
      stages.lap("facts");
      if (facts.records() == 0) {
        endEmpty(bronze, batchId);
        return;
      }

      if (mayReplay) state = StateLoader.load(lake, pipeline, batchId, rules);
      CleaningState.Judgement judgement = state.judge(facts.keys(), System.currentTimeMillis());
      stages.lap("judge");

      Timestamp obtCommitted = appendJudged(withVerdicts(parsed, verdicts(judgement.verdicts())), batchId, replayed,
          stages);
      awaitAll(bronze);

      BatchOutcome outcome = account(batchId, facts, judgement, startedMs);
      long maxTime = facts.keys().stream().mapToLong(EventKey::time).max().orElse(Long.MIN_VALUE);
      writeAccounting(outcome, facts.keys().isEmpty() ? null : new Timestamp(maxTime), state.partitionMax(),
          state.partitionMax().isEmpty() ? null : new Timestamp(state.watermark()), state.size(), ingestTime,
          obtCommitted, replayed);
      stages.lap("ops");
      nextBatchId = batchId + 1;
      LOG.debug("batch {}: cleaning state holds {} entries", batchId, state.size());
      listener.accept(outcome);
    } catch (RuntimeException e) {
      // The in-memory state may hold this batch's half-applied decisions; rebuild it from the lake (and with
      // it whether the batch may be a replay).
      state = null;
      partitionMax = null;
      throw e;
    } finally {
      stages.settle();
      releases.forEach(Runnable::run);
    }
  }

  /**
   * Gives the parser the people erased so far when ops.erasure_log changed (one listing of its log per batch): an
   * erasure made while the ingestion runs covers the batches after it.
   */
  private void readErasures(long batchId) {
    long version = lake.version(Tables.ERASURE_LOG);
    if (version == erasuresReadAt) return;
    ErasedPeople people = ErasedPeople.read(lake);
    parser.erased(people);
    erasuresReadAt = version;
    LOG.info("batch {}: records of {} erased {} kept out", batchId, people.size(), people.size() == 1 ? "person" : "people");
  }

  /**
   * A batch whose rows the state store judged upstream: bronze from its rows, OBT and quarantine from its rows
   * joined with its verdicts (only the rejected events' coordinates and verdicts pass through the driver,
   * collected for the join), the accounting from one aggregate over them. The state's replay is Spark's: a batch run
   * again after a crash is judged again from the state store's version before it.
   */
  private void storeJudgedBatch(Dataset<Row> batch, long batchId, long startedMs, Timestamp ingestTime,
      LocalDate ingestDate, Stages stages, List<Runnable> releases) {
    // Computed once: every later read of the batch would run the stateful operator again.
    Dataset<Row> judgedRows = materialize(releases, batch);
    stages.lap("parse and judge");
    Column kind = col("kind");
    Dataset<Row> parsed = judgedRows.where(kind.equalTo(CleaningProcessor.ROW)).select(col("row.*"))
        .withColumn("ingest_batch_id", lit(batchId)).withColumn("ingest_time", lit(ingestTime));
    boolean mayReplay = partitionMax == null || nextBatchId != batchId;
    Set<TableDef> replayed = replayed(mayReplay, batchId);
    CompletableFuture<Void> bronze = appendBronze(parsed, ingestDate, batchId, replayed, stages);
    StoreTally tally = StoreTally.of(judgedRows);
    stages.lap("tally");
    if (tally.records == 0) {
      endEmpty(bronze, batchId);
      return;
    }
    if (mayReplay) partitionMax = lastPartitionMax(batchId);
    tally.partitionMax.forEach((p, t) -> partitionMax.merge(p, t, Math::max));
    // Collected once: as a broadcast, each of the OBT's and the quarantine's appends would scan the batch for them.
    List<Row> verdicts = judgedRows.where(kind.isin(Verdict.DUPLICATE, Verdict.QUARANTINE))
        .select(col(COORDS[0]), col(COORDS[1]), col(COORDS[2]), col(COORDS[3]), kind, col("code"), col("detail"))
        .collectAsList();
    Timestamp obtCommitted = appendJudged(withVerdicts(parsed, lake.spark().createDataFrame(verdicts, VERDICTS)),
        batchId, replayed, stages);
    awaitAll(bronze);
    BatchOutcome outcome = tally.outcome(batchId, startedMs);
    Long slowest = partitionMax.values().stream().min(Long::compare).orElse(null);
    // The state store's size is Spark's figure, in ops.query_progress: counting it here would read every key.
    writeAccounting(outcome, tally.maxEventTime == null ? null : new Timestamp(tally.maxEventTime), partitionMax,
        slowest == null ? null : new Timestamp(slowest - rules.watermarkMs()), null, ingestTime, obtCommitted, replayed);
    stages.lap("ops");
    nextBatchId = batchId + 1;
    listener.accept(outcome);
  }

  /**
   * The tables that already hold batch {@code batchId}, looked for only where a replay may be (the first batch
   * after a start or a failure); before anything is written, so it refuses a checkpoint that does not own what
   * the tables hold.
   */
  private Set<TableDef> replayed(boolean mayReplay, long batchId) {
    return mayReplay ? BatchCommits.replayed(lake, APPENDED, app(), batchId, owner, checkpoint) : Set.of();
  }

  /**
   * Starts bronze's append of the batch. Writes to different tables run side by side, and beside the driver's
   * work on the batch: a small batch spends most of its time in the driver's Delta bookkeeping, a large one in
   * the judgement, and both overlap well with another table's write.
   */
  private CompletableFuture<Void> appendBronze(Dataset<Row> parsed, LocalDate ingestDate, long batchId,
      Set<TableDef> replayed, Stages stages) {
    return stages.async("bronze",
        () -> append(Tables.EVENTS_RAW, parsed.withColumn("ingest_date", lit(ingestDate)), batchId, replayed));
  }

  /** Ends a batch of no records once bronze's append has. */
  private void endEmpty(CompletableFuture<Void> bronze, long batchId) {
    awaitAll(bronze);
    if (nextBatchId == batchId) nextBatchId++;
  }

  /** Each source partition's newest event time after the pipeline's batch before {@code batchId}. */
  private Map<Integer, Long> lastPartitionMax(long batchId) {
    Row last = StateLoader.lastAccounting(lake, pipeline, batchId);
    Map<Integer, Long> max = new HashMap<>();
    if (last != null && !last.isNullAt(0)) max.putAll(last.<Integer, Long>getJavaMap(0));
    return max;
  }

  /**
   * Writes a judged batch's OBT rows and quarantined rows side by side; returns when the OBT's write
   * committed.
   */
  private Timestamp appendJudged(Dataset<Row> judged, long batchId, Set<TableDef> replayed, Stages stages) {
    Dataset<Row> accepted = judged.where(col("status").equalTo("accepted"));
    Dataset<Row> obtRows = ObtBuilder.build(accepted, dimension(Tables.DIM_SESSIONS, batchId),
        dimension(Tables.DIM_PRODUCTS, batchId), dimension(Tables.DIM_AD_CAMPAIGNS, batchId));
    CompletableFuture<Timestamp> silver = stages.async("silver", () -> {
      append(Tables.EVENTS_OBT, obtRows, batchId, replayed);
      return new Timestamp(System.currentTimeMillis());
    });
    Dataset<Row> rejected = QuarantineRows.toQuarantine(judged.where(col("status").equalTo("quarantine")));
    CompletableFuture<Void> quarantined = stages.async("quarantine",
        () -> append(Tables.QUARANTINE, rejected, batchId, replayed));
    awaitAll(silver, quarantined);
    stages.lap("appends");
    return silver.join();
  }

  private String app() { return app(pipeline); }

  /** The name of a pipeline in its commits' marks. */
  static String app(String pipeline) { return "livelake-ingest-" + pipeline; }

  /** A small dimension table as a local relation: no Delta snapshot to resolve on every batch. */
  private Dataset<Row> dimension(TableDef t, long batchId) {
    if (batchId - dimensionsReadAt >= DIMENSION_REFRESH || batchId < dimensionsReadAt) {
      dimensions.clear();
      dimensionsReadAt = batchId;
    }
    return dimensions.computeIfAbsent(t, d -> lake.spark().createDataFrame(lake.read(d).collectAsList(), d.schema()));
  }

  /** The driver's verdicts as rows of {@link #VERDICTS}. */
  private Dataset<Row> verdicts(List<Verdict> verdicts) {
    List<Row> rows = new ArrayList<>(verdicts.size());
    for (Verdict v : verdicts) {
      EventKey e = v.event();
      rows.add(RowFactory.create(e.partition(), e.file(), e.offset(), e.line(), v.kind(), v.code(), v.detail()));
    }
    return lake.spark().createDataFrame(rows, VERDICTS);
  }

  /**
   * Adds status (accepted, quarantine or duplicate), and folds the verdicts ({@link #VERDICTS}' columns, a few per
   * cent of the records) into reason, detail and dup_rule, matching verdicts to records by their source
   * coordinates.
   */
  private static Dataset<Row> withVerdicts(Dataset<Row> parsed, Dataset<Row> v) {
    Column on = null;
    for (String c : COORDS) {
      Column eq = parsed.col(c).eqNullSafe(v.col(c));
      on = on == null ? eq : on.and(eq);
    }
    Dataset<Row> joined = parsed.join(broadcast(v), on, "left");
    for (String c : COORDS) joined = joined.drop(v.col(c));
    return foldVerdicts(joined);
  }

  /**
   * Rows with their verdict (verdict, verdict_code, verdict_detail; null when none) → status (accepted,
   * quarantine or duplicate), the verdict folded into reason, detail and dup_rule. A reason found while
   * parsing comes first.
   */
  private static Dataset<Row> foldVerdicts(Dataset<Row> withVerdict) {
    Column quarantined = col("reason").isNotNull().or(col("verdict").equalTo(Verdict.QUARANTINE));
    return withVerdict
        .withColumn("status", when(quarantined, lit("quarantine"))
            .when(col("verdict").equalTo(Verdict.DUPLICATE), lit("duplicate")).otherwise(lit("accepted")))
        .withColumn("dup_rule", when(col("verdict").equalTo(Verdict.DUPLICATE), col("verdict_code")))
        .withColumn("detail", when(col("reason").isNull().and(col("verdict").equalTo(Verdict.QUARANTINE)),
            col("verdict_detail")).otherwise(col("detail")))
        .withColumn("reason", when(col("reason").isNull().and(col("verdict").equalTo(Verdict.QUARANTINE)),
            col("verdict_code")).otherwise(col("reason")))
        .drop("verdict", "verdict_code", "verdict_detail");
  }

  /**
   * Computes {@code df} once and keeps its rows for the batch's later stages. A local checkpoint keeps
   * Spark's own binary rows, which costs far less to build than Spark's columnar cache when every row
   * is read again anyway.
   */
  private static Dataset<Row> materialize(List<Runnable> releases, Dataset<Row> df) {
    Dataset<Row> m = df.localCheckpoint(true, StorageLevel.MEMORY_AND_DISK());
    RDD<?> rows = ((LogicalRDD) m.queryExecution().analyzed()).rdd();
    releases.add(() -> rows.unpersist(false));
    return m;
  }

  /**
   * The batch's accounting: records quarantined while parsing, then the driver's verdicts; records
   * in must equal accepted + quarantined + duplicates.
   */
  private static BatchOutcome account(long batchId, BatchFacts facts, CleaningState.Judgement judgement,
      long startedMs) {
    Map<String, Long> byReason = new TreeMap<>(facts.parseReasons());
    Map<String, Long> byRule = new TreeMap<>();
    for (Verdict v : judgement.verdicts()) {
      // Counted by its reason from parsing, which the quarantine keeps (a late one's too).
      if (v.event().abnormal()) continue;
      if (v.kind().equals(Verdict.DUPLICATE)) byRule.merge(v.code(), 1L, Long::sum);
      else byReason.merge(v.code(), 1L, Long::sum);
    }
    return BatchOutcome.of(batchId, facts.records(), byReason, byRule,
        judgement.retractions().stream().mapToLong(Retraction::events).sum(), startedMs);
  }

  private void writeAccounting(BatchOutcome o, Timestamp maxEventTime, Map<Integer, Long> partitionMax,
      Timestamp watermark, Long stateEvents, Timestamp ingestTime, Timestamp obtCommitted, Set<TableDef> replayed) {
    Row row = RowFactory.create(pipeline, o.batchId(), o.recordsIn(), o.accepted(), o.quarantined(), o.duplicates(),
        o.late(), o.retracted(), o.quarantinedByReason(), o.duplicatesByRule(), maxEventTime, Map.copyOf(partitionMax),
        obtCommitted, ingestTime, new Timestamp(System.currentTimeMillis()), watermark, stateEvents);
    append(Tables.INGEST_BATCHES, lake.spark().createDataFrame(List.of(row), Tables.INGEST_BATCHES.schema()), o.batchId(),
        replayed);
  }

  /**
   * Appends in the table's column order, marked with the batch and the query; skipped where a replay
   * found the batch already committed (see {@link BatchCommits}).
   */
  private void append(TableDef t, Dataset<Row> rows, long batchId, Set<TableDef> replayed) {
    if (replayed.contains(t)) {
      LOG.info("batch {}: already in {}, not written again", batchId, t.fullName());
      return;
    }
    t.conform(rows).write().format("delta").mode("append")
        .option("userMetadata", BatchCommits.mark(app(), batchId, owner))
        .save(lake.path(t));
  }

  /** Waits for every write to end, then rethrows the first failure as it was thrown. */
  private static void awaitAll(CompletableFuture<?>... writes) {
    try {
      CompletableFuture.allOf(writes).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /**
   * Runs a batch's stages and logs their durations at DEBUG level (--verbose): the driver's own
   * sequence as laps, and the writes it starts beside that sequence (at most one per table written,
   * hence three threads), each timed on its own.
   */
  private static final class Stages {
    private static final ExecutorService WRITERS = Daemons.pool("livelake-ingest-writer", 3);
    private final long batchId;
    private final List<CompletableFuture<?>> started = new ArrayList<>();
    private long last = System.nanoTime();

    Stages(long batchId) { this.batchId = batchId; }

    void lap(String stage) {
      long now = System.nanoTime();
      LOG.debug("batch {}: {} {} ms", batchId, stage, (now - last) / 1_000_000);
      last = now;
    }

    /** Runs {@code write} beside the driver's stages; its result (e.g. a commit time) comes with the future. */
    <T> CompletableFuture<T> async(String stage, Supplier<T> write) {
      CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
        long start = System.nanoTime();
        T result = write.get();
        LOG.debug("batch {}: {} {} ms (beside the driver's stages)", batchId, stage, (System.nanoTime() - start) / 1_000_000);
        return result;
      }, WRITERS);
      started.add(f);
      return f;
    }

    CompletableFuture<Void> async(String stage, Runnable write) {
      return async(stage, () -> {
        write.run();
        return null;
      });
    }

    /** Waits until no write of the batch is running, so a failed batch leaves nothing behind it. */
    void settle() {
      for (CompletableFuture<?> f : started) {
        try {
          f.join();
        } catch (CompletionException e) {
          // Reported by awaitAll, or superseded by the failure that ended the batch.
        }
      }
    }
  }
}
