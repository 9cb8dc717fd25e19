package io.livelake.app;

import io.livelake.config.Settings;
import io.livelake.ingestion.BatchOutcome;
import io.livelake.ingestion.CheckpointRecovery;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.LayerBatch;
import io.livelake.ingestion.RunningIngestion;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Stream events into bronze.events_raw, bronze.quarantine and silver.events_obt; bot bursts' earlier "
        + "rows out of the OBT and the OBT's changes into gold.realtime_kpis by the layers' queries beside it (or, with "
        + "ingest.layers = apart, by `livelake layers` in a process of their own); exactly once; restart resumes from "
        + "the checkpoints under <lake>/_checkpoints.")
final class IngestCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--source", defaultValue = "kafka", description = "kafka or files (default ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--input", paramLabel = "DIR", description = "Directory of JSONL (.jsonl or .jsonl.gz) files for --source files.")
  Path input;

  @Option(names = "--bootstrap-servers", description = "Kafka cluster (kafka.bootstrap.servers); default the embedded broker.")
  String bootstrap;

  @Option(names = "--topic", description = "Kafka topic (kafka.topic).")
  String topic;

  @Option(names = "--trigger", paramLabel = "DURATION", description = "Micro-batch interval, e.g. 1s (ingest.trigger).")
  String trigger;

  @Option(names = "--available-now", description = "Ingest what is available now, then stop.")
  boolean availableNow;

  @Option(names = "--dimensions", paramLabel = "DIR", description = "Load dimension files from DIR first.")
  Path dimensions;

  @Option(names = "--recover", description = "Set a refused or damaged checkpoint aside (renamed, not deleted) and "
      + "resume exactly after what the tables hold.")
  boolean recover;

  @Override
  public Integer call() throws Exception {
    if (!source.equals("kafka") && !source.equals("files")) {
      throw new IllegalArgumentException("--source must be kafka or files, got '" + source + "'");
    }
    if (source.equals("files") && (input == null || !Files.isDirectory(input))) {
      throw new IllegalArgumentException("--input must name a directory of event files for --source files"
          + (input == null ? "" : ": " + input + " is not a directory"));
    }
    CommandFlags flags = new CommandFlags()
        .set("--bootstrap-servers", Settings.KAFKA_BOOTSTRAP, bootstrap)
        .set("--topic", Settings.KAFKA_TOPIC, topic)
        .set("--trigger", Settings.INGEST_TRIGGER, trigger);
    try (Runtime rt = root.runtime(flags)) {
      KafkaCluster servers = null;
      String t = rt.config().getString(Settings.KAFKA_TOPIC);
      if (source.equals("kafka")) {
        servers = rt.kafka();
        requireTopic(rt, servers, t);
      }
      if (dimensions != null) {
        DimensionLoader.load(rt.lake(), dimensions).forEach((table, n) -> Console.info(String.format("dimensions: %s %,d rows", table, n)));
      }
      IngestionJob.Options o = new IngestionJob.Options(source, servers, t,
          input == null ? null : input.toAbsolutePath().toString(), availableNow);
      if (recover) {
        CheckpointRecovery.Result r = CheckpointRecovery.recover(rt.lake(), o);
        Console.info("ingest: " + (r.setAside() == null ? "no checkpoint to set aside" : "checkpoint set aside as " + r.setAside())
            + (r.lastBatch() < 0 ? "; the tables hold no batch of this pipeline" : "; resuming after batch " + r.lastBatch() + " the tables hold")
            + (r.rowsRemoved() > 0 ? " (" + r.rowsRemoved() + " rows of a batch that landed in part removed, to be ingested again)" : "")
            + ", as batch " + r.firstBatch());
      }
      Totals totals = new Totals();
      RunningIngestion q = IngestionJob.start(rt.lake(), rt.config(), o, totals::add, Totals::layer);
      Console.info("ingest: " + (source.equals("kafka") ? "topic " + t + " at " + servers : "files in " + input)
          + (availableNow ? ", until drained" : ", every " + Console.interval(rt.config().getDuration(Settings.INGEST_TRIGGER))
              + " until Ctrl-C")
          + (rt.config().getString(Settings.INGEST_LAYERS).equals("apart")
              ? "; its layers run apart (livelake layers)" : ""));
      StopOnExit.await(rt.lake(), q);
      Console.out(totals.summary());
      totals.quarantinedByReason(rt.lake().paths().display()).ifPresent(Console::out);
    }
    return 0;
  }

  /**
   * The embedded broker gets the topic made if it has none of that name, as `generate` would; on a configured
   * cluster a missing topic is refused, since a consumer that made it would wait on an empty topic that a typo
   * made, with a replication factor of 1.
   */
  private static void requireTopic(Runtime rt, KafkaCluster servers, String topic) {
    if (rt.embeddedKafka()) {
      int partitions = rt.config().getInt(Settings.KAFKA_PARTITIONS);
      if (KafkaTopics.ensure(servers, topic, partitions)) {
        Console.info("kafka: the embedded broker had no topic " + topic + "; made it with " + partitions + " partitions");
      }
      return;
    }
    SortedSet<String> topics = KafkaTopics.names(servers);
    if (topics.contains(topic)) return;
    String origin = rt.config().origin(Settings.KAFKA_TOPIC.key());
    throw new IllegalArgumentException(Settings.KAFKA_TOPIC.key() + " = " + topic
        + (origin.equals("default") ? "" : " (from " + origin + ")") + ": no such topic at " + servers
        + (topics.isEmpty() ? ", which has none" : "; its topics: " + String.join(", ", topics.stream().limit(20).toList())
            + (topics.size() > 20 ? " and " + (topics.size() - 20) + " more" : ""))
        + ". LiveLake makes topics only on its embedded broker: create it on the cluster first");
  }

  /** Running totals over the batches of this run, and a line per batch on stderr. */
  static final class Totals {
    final AtomicLong in = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final Map<String, Long> byReason = new ConcurrentHashMap<>();
    final long started = System.nanoTime();

    void add(BatchOutcome b) {
      b.quarantinedByReason().forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
      in.addAndGet(b.recordsIn());
      accepted.addAndGet(b.accepted());
      quarantined.addAndGet(b.quarantined());
      duplicates.addAndGet(b.duplicates());
      Console.info(String.format(Locale.ROOT,
          "ingest batch %d: %,d records → %,d to the OBT, %,d quarantined, %,d duplicates%s in %.1f s (%,.0f records/s)",
          b.batchId(), b.recordsIn(), b.accepted(), b.quarantined(), b.duplicates(),
          b.retracted() > 0 ? ", " + b.retracted() + " earlier rows retracted" : "", b.seconds(),
          b.recordsIn() / Math.max(0.001, b.seconds())));
    }

    /** A line on stderr for a layer's batch (also `livelake layers`'). */
    static void layer(LayerBatch b) {
      Console.info(String.format(Locale.ROOT, "%s batch %d: %s in %.1f s", b.layer(), b.batchId(), b.did(), b.seconds()));
    }

    String summary() {
      double s = (System.nanoTime() - started) / 1e9;
      return String.format(Locale.ROOT, "ingested %,d records: %,d to silver.events_obt, %,d quarantined, %,d duplicates removed (%.1f s)",
          in.get(), accepted.get(), quarantined.get(), duplicates.get(), s);
    }

    /**
     * The run's quarantined records by reason, most first, and how to see their details in the lake at
     * {@code lakeRoot}; empty when none was quarantined.
     */
    Optional<String> quarantinedByReason(String lakeRoot) {
      List<Map.Entry<String, Long>> reasons = byReason.entrySet().stream().filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .toList();
      if (reasons.isEmpty()) return Optional.empty();
      return Optional.of("quarantined by reason: "
          + String.join(", ", reasons.stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
              .toList())
          + "; what was wrong with each: livelake --lake " + Console.shellWord(lakeRoot) + " sql \"SELECT reason, detail, count(*) AS n "
          + "FROM bronze.quarantine GROUP BY reason, detail ORDER BY n DESC\"");
    }
  }
}
