package io.livelake.bench;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Setting;
import io.livelake.config.Settings;
import io.livelake.ingestion.BatchOutcome;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.RunningIngestion;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaTopics;
import io.livelake.progress.Progress;
import io.livelake.simulator.KafkaSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Kafka → One Big Table on this machine, broker and producer included.
 *
 * <pre>
 * bench/run.sh IngestBench throughput [events=4000000] [maxOffsetsPerTrigger=1000000] [cleaningState=driver]
 * bench/run.sh IngestBench latency [eventsPerSecond=10000] [seconds=60] [warmupSeconds=30] [compactEveryBatches]
 *     [kpiInterval] [retractionInterval] [layers=beside|apart|apart:NICE]
 * </pre>
 *
 * Both run the product's defaults (trigger, compaction every ingest.compact.every.batches batches beside
 * the stream, the layers' intervals); the latency's last arguments override the compaction interval (0:
 * none) and the trigger intervals of the KPI and retraction layers (e.g. 1h: idle after their first
 * batch). The latency run prints each batch of the ingestion and of its layers on stderr. Its layers run
 * beside the ingestion in its driver, or apart (ingest.layers = apart): {@code bin/livelake layers} in a
 * process of its own, at the ingestion's priority or, apart:NICE, under {@code nice -n NICE}.
 *
 * throughput: simulated events (default fault mix) are produced into a 2-partition topic first, then
 * one available-now ingestion drains it; records/s = records / ingestion wall time, and sustained =
 * the records of every batch after the first / the time from the end of the first batch to the end
 * (the first batch carries the start-up: code generation, the tables' first commits). cleaningState is
 * ingest.cleaning.state (driver or store); obt_rows_expected is the simulator manifest's count.
 * latency: ingestion runs with its 1 s trigger while the producer sends at a fixed rate, first for the
 * warm-up, then for the measured seconds; latency of a record = the commit time of its batch's OBT write
 * minus its Kafka timestamp (set when produced). Figures are given for the records produced after the
 * warm-up (steady state) and, prefixed all_, for every record (including the first batch's code
 * generation and the backlog it leaves).
 */
public final class IngestBench {
  private static final String HMAC_KEY = "bench-key-0123456789";

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    Path work = Scratch.directory("livelake-bench-ingest");
    int port = 29092;
    try (EmbeddedKafka broker = new EmbeddedKafka(work.resolve("kafka"), port).start(true, Duration.ofSeconds(90))) {
      switch (mode) {
        // Batches of kafka.max.offsets.per.trigger's default; four of them after the cold first one.
        case "throughput" -> throughput(broker, work, arg(args, 1, 4_000_000),
            arg(args, 2, Long.parseLong(Settings.KAFKA_MAX_OFFSETS.defaultValue())),
            arg(args, 3, Settings.INGEST_CLEANING_STATE));
        case "latency" -> latency(broker, work, arg(args, 1, 10_000), arg(args, 2, 60), arg(args, 3, 30), Map.of(
            Settings.INGEST_COMPACT_EVERY.key(), arg(args, 4, Settings.INGEST_COMPACT_EVERY),
            Settings.INGEST_KPI_INTERVAL.key(), arg(args, 5, Settings.INGEST_KPI_INTERVAL),
            Settings.INGEST_RETRACTION_INTERVAL.key(), arg(args, 6, Settings.INGEST_RETRACTION_INTERVAL)),
            args.length > 7 ? args[7] : "beside");
        default -> throw new IllegalArgumentException("mode must be throughput or latency, got " + mode);
      }
    }
    System.exit(0);
  }

  private static long arg(String[] args, int i, long dflt) { return args.length > i ? Long.parseLong(args[i]) : dflt; }

  private static String arg(String[] args, int i, Setting dflt) { return args.length > i ? args[i] : dflt.defaultValue(); }

  /** The product's defaults but for the lake, the batch size and {@code settings}. */
  private static LiveLakeConfig config(Path lake, long maxOffsets, Map<String, String> settings) {
    ConfigLoader loader = new ConfigLoader().file(null)
        .environment(Map.of("LIVELAKE_HMAC_KEY", HMAC_KEY))
        .flag("lake.root", lake.toString(), "bench")
        .flag("kafka.max.offsets.per.trigger", Long.toString(maxOffsets), "bench");
    settings.forEach((k, v) -> loader.flag(k, v, "bench"));
    return loader.load();
  }

  private static void throughput(EmbeddedKafka broker, Path work, long events, long maxOffsets, String cleaningState)
      throws Exception {
    String topic = "bench-throughput";
    KafkaTopics.ensure(broker.cluster(), topic, 2);
    Progress produce = new Progress("produce", events, "events");
    Manifest m;
    try (KafkaSink sink = new KafkaSink(broker.cluster(), topic)) {
      m = new Simulator(SimulatorOptions.defaults(7, events)).run(sink, work.resolve("sim"), produce);
    }
    produce.close();
    double produceSeconds = produce.seconds();

    LiveLakeConfig config = config(work.resolve("lake"), maxOffsets,
        Map.of(Settings.INGEST_CLEANING_STATE.key(), cleaningState));
    SparkSession spark = LakeSessions.create(config, "bench-ingest");
    Lake lake = new Lake(spark, LakePaths.of(config));
    DimensionLoader.load(lake, work.resolve("sim/dimensions"));
    AtomicLong batches = new AtomicLong();
    AtomicLong firstBatchRecords = new AtomicLong();
    AtomicLong firstBatchEnd = new AtomicLong();
    long t0 = System.nanoTime();
    IngestionJob.start(lake, config, new IngestionJob.Options("kafka", broker.cluster(), topic, null, true),
        (BatchOutcome b) -> {
          if (batches.incrementAndGet() == 1) {
            firstBatchRecords.set(b.recordsIn());
            firstBatchEnd.set(System.nanoTime());
          }
          System.err.printf(Locale.ROOT, "batch %d: %,d records in %.1f s%n", b.batchId(), b.recordsIn(), b.seconds());
        }).awaitTermination();
    long end = System.nanoTime();
    double seconds = (end - t0) / 1e9;
    double sustained = (m.recordsWritten() - firstBatchRecords.get()) / ((end - firstBatchEnd.get()) / 1e9);
    long obt = lake.read(Tables.EVENTS_OBT).count();
    System.out.printf(Locale.ROOT,
        "{\"bench\":\"ingest_throughput\",\"cleaning_state\":\"%s\",\"records\":%d,\"obt_rows\":%d,"
            + "\"obt_rows_expected\":%d,\"batches\":%d,\"max_offsets_per_trigger\":%d,"
            + "\"ingest_seconds\":%.1f,\"records_per_s\":%.0f,\"sustained_records_per_s\":%.0f,"
            + "\"produce_records_per_s\":%.0f,\"cores\":%d}%n",
        cleaningState, m.recordsWritten(), obt, m.expectedObtRows(), batches.get(), maxOffsets, seconds,
        m.recordsWritten() / seconds, sustained, m.recordsWritten() / produceSeconds,
        Runtime.getRuntime().availableProcessors());
  }

  private static void latency(EmbeddedKafka broker, Path work, long rate, long seconds, long warmup,
      Map<String, String> layerSettings, String layers)
      throws Exception {
    if (!layers.matches("beside|apart(:1?[0-9])?")) {
      throw new IllegalArgumentException("layers must be beside, apart or apart:NICE (0 to 19), got " + layers);
    }
    String topic = "bench-latency";
    KafkaTopics.ensure(broker.cluster(), topic, 2);
    Map<String, String> settings = new HashMap<>(layerSettings);
    settings.put(Settings.INGEST_LAYERS.key(), layers.equals("beside") ? "beside" : "apart");
    LiveLakeConfig config = config(work.resolve("lake"), 1_000_000, settings);
    SparkSession spark = LakeSessions.create(config, "bench-latency");
    Lake lake = new Lake(spark, LakePaths.of(config));
    RunningIngestion q = IngestionJob.start(lake, config,
        new IngestionJob.Options("kafka", broker.cluster(), topic, null, false),
        (BatchOutcome b) -> System.err.printf(Locale.ROOT, "batch %d: %,d records in %.2f s%n", b.batchId(),
            b.recordsIn(), b.seconds()),
        l -> System.err.printf(Locale.ROOT, "%s %d: %s in %.2f s%n", l.layer(), l.batchId(), l.did(), l.seconds()));
    Process apart = layers.equals("beside") ? null
        : layersApart(config, layerSettings, layers.contains(":") ? layers.substring(layers.indexOf(':') + 1) : "0");
    // Let the stream start (its first batches are empty) before the load begins.
    Thread.sleep(15_000);
    long events = rate * (warmup + seconds);
    long steadyFromMs = System.currentTimeMillis() + warmup * 1000;
    Progress produce = new Progress("produce", events, "events");
    Manifest m;
    try (KafkaSink sink = new KafkaSink(broker.cluster(), topic)) {
      m = new Simulator(SimulatorOptions.defaults(9, events).withRate(rate)).run(sink, work.resolve("sim"), produce);
    }
    produce.close();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      Row done = lake.read(Tables.INGEST_BATCHES).selectExpr("coalesce(sum(records_in), 0)").first();
      if (done.getLong(0) >= m.recordsWritten()) break;
      Thread.sleep(1_000);
    }
    q.stop();
    if (apart != null) {
      apart.destroy(); // SIGTERM: the layers stop as after Ctrl-C
      apart.waitFor();
    }
    lake.read(Tables.EVENTS_OBT).createOrReplaceTempView("obt");
    lake.read(Tables.EVENTS_RAW).createOrReplaceTempView("raw");
    lake.read(Tables.INGEST_BATCHES).createOrReplaceTempView("ops");
    Row r = spark.sql("""
        SELECT count(*) FILTER (WHERE steady), percentile(ms, 0.5) FILTER (WHERE steady),
               percentile(ms, 0.99) FILTER (WHERE steady), max(ms) FILTER (WHERE steady),
               count(*), percentile(ms, 0.5), percentile(ms, 0.99), max(ms)
        FROM (SELECT unix_millis(ops.obt_committed_at) - unix_millis(raw.source_timestamp) AS ms,
                     unix_millis(raw.source_timestamp) >= %d AS steady
              FROM obt JOIN raw ON obt.source_partition = raw.source_partition AND obt.source_offset = raw.source_offset
              JOIN ops ON ops.batch_id = obt.ingest_batch_id)""".formatted(steadyFromMs)).first();
    Row b = spark.sql("SELECT count(*), avg(unix_millis(finished_at) - unix_millis(started_at)) FROM ops WHERE records_in > 0")
        .first();
    System.out.printf(Locale.ROOT,
        "{\"bench\":\"ingest_latency\",\"target_rate_per_s\":%d,\"produce_rate_per_s\":%.0f,\"warmup_s\":%d,\"measured_s\":%d,"
            + "\"records\":%d,\"measured_rows\":%d,\"p50_ms\":%.0f,\"p99_ms\":%.0f,\"max_ms\":%d,"
            + "\"all_rows\":%d,\"all_p50_ms\":%.0f,\"all_p99_ms\":%.0f,\"all_max_ms\":%d,"
            + "\"batches\":%d,\"mean_batch_ms\":%.0f,\"compact_every_batches\":%s,\"kpi_interval\":\"%s\","
            + "\"retraction_interval\":\"%s\",\"layers\":\"%s\",\"cores\":%d}%n",
        rate, m.recordsWritten() / produce.seconds(), warmup, seconds, m.recordsWritten(), r.getLong(0), r.getDouble(1),
        r.getDouble(2), r.getLong(3), r.getLong(4), r.getDouble(5), r.getDouble(6), r.getLong(7), b.getLong(0),
        b.getDouble(1), config.getInt(Settings.INGEST_COMPACT_EVERY),
        config.getDuration(Settings.INGEST_KPI_INTERVAL).toSeconds() + "s",
        config.getDuration(Settings.INGEST_RETRACTION_INTERVAL).toSeconds() + "s", layers,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@code bin/livelake layers} on the bench's lake with the layers' {@code settings}, its lines on this
   * process's stderr, under {@code nice -n nice} (19: the ingestion's threads go first).
   */
  private static Process layersApart(LiveLakeConfig config, Map<String, String> settings, String nice)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("nice", "-n", nice));
    command.addAll(List.of(Path.of(System.getProperty("livelake.root"), "bin", "livelake").toString(),
        "--lake", config.getString(Settings.LAKE_ROOT)));
    settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
    command.add("layers");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("LIVELAKE_HMAC_KEY", HMAC_KEY);
    return pb.start();
  }
}
