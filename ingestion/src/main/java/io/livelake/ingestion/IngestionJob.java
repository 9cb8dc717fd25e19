package io.livelake.ingestion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Setting;
import io.livelake.config.Settings;
import io.livelake.ingestion.cleaning.CleaningProcessor;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.kpis.RealtimeKpis;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.ingestion.retractions.Retractions;
import io.livelake.ingestion.source.EventSources;
import io.livelake.ingestion.source.IngestedFiles;
import io.livelake.ingestion.upkeep.TableUpkeep;
import io.livelake.kafka.KafkaCluster;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.spark.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming ingestion job: a thin shell that wires a source (Kafka or files) to
 * {@link IngestBatch} with a checkpoint and a trigger, and the layers that follow the tables it writes:
 * the retractions over ops.ingest_batches ({@link Retractions}), the KPI layer over the One Big Table
 * ({@link RealtimeKpis}) and the tables' upkeep ({@link TableUpkeep}): beside it in its driver, or, with
 * ingest.layers = apart, in a process of their own that {@link #startLayers} or {@link #layerCatchUps} runs.
 */
public final class IngestionJob {
  /** Where events come from and how the stream is triggered. */
  public record Options(String source, KafkaCluster kafka, String topic, String inputDir, boolean availableNow,
      String name) {

    /** Options of a pipeline named after its source. */
    public Options(String source, KafkaCluster kafka, String topic, String inputDir, boolean availableNow) {
      this(source, kafka, topic, inputDir, availableNow, null);
    }

    /**
     * A stable name per input, so a restart finds its checkpoint and its idempotent-write ids: the given
     * name (an import run has its own), else one after the source.
     */
    public String pipeline() {
      if (name != null) return name;
      return source.equals("kafka") ? "kafka-" + topic.replaceAll("[^A-Za-z0-9._-]", "_") : "files";
    }
  }

  private static final Logger LOG = LogManager.getLogger(IngestionJob.class);

  private IngestionJob() {}

  /**
   * What the cleaning state of {@code pipeline} holds in Spark's state store (ingest.cleaning.state = store) as of
   * its checkpoint's last committed batch, by kind; empty when its checkpoint keeps no state (the driver's).
   */
  public static Map<String, Long> storedCleaningState(Lake lake, String pipeline) {
    if (!StreamCheckpoint.keepsState(lake, pipeline)) return Map.of();
    String dir = StreamCheckpoint.dir(lake, pipeline);
    MovedCheckpoints.relocate(lake.spark().sparkContext().hadoopConfiguration(), dir);
    return CleaningProcessor.storedEntries(lake.spark(), dir);
  }

  /**
   * Whether {@code query} names the ingestion query of a files pipeline, whose Spark source rows are whole files
   * (their records are read inside the batch), so that its progress counts files, not records.
   */
  public static boolean readsFiles(String query) {
    return query.startsWith(IngestBatch.app("")) && !query.startsWith(IngestBatch.app("kafka-"));
  }

  /** As {@link #start(Lake, LiveLakeConfig, Options, Consumer, Consumer)}, not told of the layers' batches. */
  public static RunningIngestion start(Lake lake, LiveLakeConfig config, Options o, Consumer<BatchOutcome> listener)
      throws TimeoutException {
    return start(lake, config, o, listener, k -> { });
  }

  /**
   * Starts the query; the caller awaits or stops it. {@code listener} hears of each batch,
   * {@code layerListener} of each batch of the layers that follow the ingestion's tables. The pipeline, and the
   * lake's layers unless ingest.layers = apart, are this process's until the ingestion ends or stops.
   *
   * @throws UnusableCheckpointException if a file of the checkpoint is damaged
   * @throws IllegalArgumentException if another process ingests the pipeline or runs the lake's layers
   */
  public static RunningIngestion start(Lake lake, LiveLakeConfig config, Options o, Consumer<BatchOutcome> listener,
      Consumer<LayerBatch> layerListener) throws TimeoutException {
    boolean beside = !config.getString(Settings.INGEST_LAYERS).equals("apart");
    List<LakeLock> locks = hold(lake.paths(), config, o);
    try {
      StreamingQuery query = startQuery(lake, config, o, listener);
      if (!beside) return new RunningIngestion(query, List.of(), List.of(), locks);
      return o.availableNow() ? new RunningIngestion(query, List.of(), layerCatchUps(lake, config, layerListener), locks)
          : new RunningIngestion(query, startLayers(lake, config, layerListener), List.of(), locks);
    } catch (RuntimeException | TimeoutException e) {
      locks.forEach(LakeLock::close);
      throw e;
    }
  }

  /**
   * Refuses, as {@link #start} would, an ingestion of {@code o} that another process's ingestion of the pipeline
   * or run of the lake's layers excludes: for a caller with work to do before it starts (an import's staging).
   *
   * @throws IllegalArgumentException naming that process
   */
  public static void requireStartable(LakePaths paths, LiveLakeConfig config, Options o) {
    hold(paths, config, o).forEach(LakeLock::close);
  }

  /** Holds {@code o}'s pipeline and, unless ingest.layers = apart, the lake's layers; all or none. */
  private static List<LakeLock> hold(LakePaths paths, LiveLakeConfig config, Options o) {
    List<LakeLock> locks = new ArrayList<>();
    try {
      locks.add(holdPipeline(paths, o, "ingestion of pipeline " + o.pipeline()));
      if (!config.getString(Settings.INGEST_LAYERS).equals("apart")) {
        locks.add(holdLayers(paths, "layers beside the ingestion of pipeline " + o.pipeline(),
            "give this ingestion --set ingest.layers=apart (the layers running follow its tables too), "
                + "or stop that process"));
      }
      return locks;
    } catch (RuntimeException e) {
      locks.forEach(LakeLock::close);
      throw e;
    }
  }

  /**
   * Holds the ingestion of {@code o}'s pipeline for this process until closed, described to others as
   * {@code holder}: a second process that would ingest it through the same checkpoint is refused.
   */
  static LakeLock holdPipeline(LakePaths paths, Options o, String holder) {
    return LakeLock.take(paths, "ingest-" + o.pipeline(), holder,
        "pipeline " + o.pipeline() + " of lake " + paths.root() + " is already being ingested",
        "one process ingests a pipeline at a time; stop that one first");
  }

  /**
   * Holds the lake's layers for this process until closed, described to others as {@code holder}: a second
   * process that would run them (an ingestion with its layers beside it, {@code livelake layers}) is refused at
   * its start with {@code advice}, before it writes anything.
   */
  public static LakeLock holdLayers(LakePaths paths, String holder, String advice) {
    return LakeLock.take(paths, "layers", holder, "the layers of lake " + paths.root() + " already run", advice);
  }

  private static StreamingQuery startQuery(Lake lake, LiveLakeConfig config, Options o,
      Consumer<BatchOutcome> listener) throws TimeoutException {
    lake.ensure(IngestBatch.tables());
    StreamCheckpoint checkpoint = StreamCheckpoint.open(lake, o.pipeline());
    Dataset<Row> input;
    if (o.source().equals("kafka")) {
      String startingOffsets = checkpoint.recovered()
          ? CheckpointRecovery.kafkaStartingOffsets(lake, o.kafka(), o.topic(), checkpoint.firstBatch())
          : config.getString(Settings.KAFKA_STARTING_OFFSETS);
      input = EventSources.kafka(lake.spark(), o.kafka(), o.topic(), startingOffsets,
          config.getLong(Settings.KAFKA_MAX_OFFSETS));
    } else {
      input = EventSources.files(lake.spark(), o.inputDir(), config.getInt(Settings.INGEST_MAX_FILES),
          config.getInt(Settings.SPARK_SHUFFLE_PARTITIONS), config.getLong(Settings.INGEST_MAX_FILE_BYTES));
      // Whole files: a file is read within one batch, so a file bronze holds is in the tables entirely.
      Object[] ingested = checkpoint.recovered() ? CheckpointRecovery.ingestedFiles(lake, checkpoint.firstBatch())
          : new Object[0];
      if (ingested.length > 0) input = input.where(not(col("source_file").isin(ingested)));
      warnOfChangedFiles(lake, checkpoint, o.inputDir());
    }
    boolean inStore = config.getString(Settings.INGEST_CLEANING_STATE).equals("store");
    checkpoint.requireCleaningState(inStore);
    IngestBatch batch = new IngestBatch(lake, o.pipeline(), CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(HmacKeys.pseudonymizer(config)), listener, checkpoint, inStore);
    if (inStore) input = batch.judgedStream(input);
    Trigger trigger = o.availableNow() ? Trigger.AvailableNow()
        : every(config, Settings.INGEST_TRIGGER);
    return input.writeStream()
        .queryName(IngestBatch.app(o.pipeline()))
        .option("checkpointLocation", checkpoint.dir())
        .trigger(trigger)
        .foreachBatch(batch)
        .start();
  }

  private static void warnOfChangedFiles(Lake lake, StreamCheckpoint checkpoint, String inputDir) {
    try {
      IngestedFiles.warning(IngestedFiles.changed(lake.spark().sparkContext().hadoopConfiguration(), checkpoint.dir(),
          inputDir), inputDir).ifPresent(LOG::warn);
    } catch (IOException e) {
      throw new UncheckedIOException("comparing the files under " + inputDir + " with those the checkpoint "
          + checkpoint.dir() + " read: " + e.getMessage(), e);
    }
  }

  /**
   * Starts the layers' queries, each at its interval setting, telling {@code listener} of their batches; the
   * caller awaits or stops them.
   */
  public static List<StreamingQuery> startLayers(Lake lake, LiveLakeConfig config, Consumer<LayerBatch> listener)
      throws TimeoutException {
    return List.of(
        Retractions.start(lake, every(config, Settings.INGEST_RETRACTION_INTERVAL), listener),
        RealtimeKpis.start(lake, every(config, Settings.INGEST_KPI_INTERVAL),
            config.getDuration(Settings.INGEST_KPI_RETENTION), listener),
        TableUpkeep.start(lake, every(config, Settings.INGEST_UPKEEP_INTERVAL),
            config.getInt(Settings.INGEST_COMPACT_EVERY), listener));
  }

  /**
   * The layers' catch-ups, to be run one after the other: each runs its query until it has caught up with the
   * tables it follows and returns it, ended. An available-now ingestion runs them once drained: beside the
   * drain, the KPI layer's query and the ingestion's took longer on 2 cores than one after the other
   * (bench/RESULTS.md). The retractions go first, so the KPI layer's catch-up sees their deletes; the tables'
   * upkeep last, beside no delete it would conflict with.
   */
  public static List<Supplier<StreamingQuery>> layerCatchUps(Lake lake, LiveLakeConfig config,
      Consumer<LayerBatch> listener) {
    Duration kpiRetention = config.getDuration(Settings.INGEST_KPI_RETENTION);
    int compactEvery = config.getInt(Settings.INGEST_COMPACT_EVERY);
    return List.of(() -> Retractions.catchUp(lake, listener), () -> RealtimeKpis.catchUp(lake, kpiRetention, listener),
        () -> TableUpkeep.catchUp(lake, compactEvery, listener));
  }

  private static Trigger every(LiveLakeConfig config, Setting interval) {
    return Trigger.ProcessingTime(config.getDuration(interval).toMillis());
  }
}
