package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.metrics.IngestStatus;
import io.livelake.ingestion.metrics.KafkaBacklog;
import io.livelake.kafka.KafkaCluster;
import io.livelake.report.Fmt;
import io.livelake.streaming.QueryStatus;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Where each ingestion pipeline stands, from ops.ingest_batches: its newest batch and how long ago it "
        + "ended, the records of the last --minutes by outcome, the newest event time, the cleaning's watermark and "
        + "state size, a Kafka pipeline's backlog (records in the topic after its last committed batch, per partition: "
        + "Spark's checkpoint against the brokers' end offsets), and each source partition's newest event (marked idle "
        + "when nothing newer came from it for ingest.partition.idle before the last batch). Then each streaming query "
        + "(ingest, live-recommend) from Spark's own progress reports in ops.query_progress: its newest trigger, the rows "
        + "(files, for a files pipeline's ingestion) and rates of the last --minutes, trigger times, the event-time "
        + "watermark and the state store's size.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);
  /** The cleaning state's kinds (plural, as the state data source's reading names them) in the singular. */
  private static final Map<String, String> ONE_OF = Map.of("event keys", "event key", "rate buckets", "rate bucket");

  @Option(names = "--minutes", paramLabel = "N", defaultValue = "60",
      description = "The span the totals cover, back from now (default ${DEFAULT-VALUE}).")
  int minutes;

  @Option(names = "--state",
      description = "Also count what the cleaning state of a pipeline with ingest.cleaning.state = store holds, by "
          + "kind (event keys, cart-add series, rate buckets), with Spark's state data source; it replays the state "
          + "store from its checkpoint, so it can take a minute.")
  boolean state;

  @Override
  public Integer call() {
    if (minutes < 1) throw new IllegalArgumentException("--minutes " + minutes + ": must be at least 1");
    try (Runtime rt = root.runtime()) {
      Lake lake = rt.existingLake(spark -> List.of());
      if (!lake.exists(Tables.INGEST_BATCHES) && !lake.exists(Tables.QUERY_PROGRESS)) {
        Console.out("nothing has run on this lake yet (" + Tables.INGEST_BATCHES.fullName() + " and "
            + Tables.QUERY_PROGRESS.fullName() + " do not exist)");
        return 0;
      }
      Instant now = Instant.now();
      Timestamp since = Timestamp.from(now.minus(Duration.ofMinutes(minutes)));
      if (lake.exists(Tables.INGEST_BATCHES)) {
        long idleMs = rt.config().getDuration(Settings.INGEST_PARTITION_IDLE).toMillis();
        for (Row r : IngestStatus.of(lake.read(Tables.INGEST_BATCHES), since).collectAsList()) {
          print(r, now, idleMs, backlog(rt, lake, r.getAs("pipeline")), storedState(lake, r));
        }
      }
      if (lake.exists(Tables.QUERY_PROGRESS)) {
        for (Row r : QueryStatus.of(lake.read(Tables.QUERY_PROGRESS), since).collectAsList()) printQuery(r, now);
      }
    }
    return 0;
  }

  /**
   * The backlog line of a Kafka pipeline and the records behind per partition; none for files. Never
   * fails the command: a broker that does not answer makes the backlog unknown, said why.
   */
  private static Backlog backlog(Runtime rt, Lake lake, String pipeline) {
    if (!pipeline.startsWith("kafka-")) return new Backlog(null, Map.of());
    Optional<KafkaCluster> kafka;
    try {
      kafka = rt.runningKafka();
    } catch (IllegalArgumentException e) {
      // Security settings that do not fit (a password variable unset): the rest of the status still stands.
      return new Backlog("unknown: " + e.getMessage(), Map.of());
    }
    if (kafka.isEmpty()) {
      return new Backlog("unknown: kafka.bootstrap.servers is not set and no embedded broker is running", Map.of());
    }
    try {
      return KafkaBacklog.of(lake, pipeline, kafka.get(), BROKER_TIMEOUT)
          .map(b -> new Backlog(String.format(Locale.ROOT, "%,d records not yet ingested from topic %s at %s", b.total(),
              b.topic(), kafka.get()), b.behind()))
          .orElse(new Backlog("-", Map.of()));
    } catch (IllegalStateException | UncheckedIOException e) {
      return new Backlog("unknown: " + e.getMessage(), Map.of());
    }
  }

  /**
   * The cleaning state line: the driver's size from ops.ingest_batches, or for a pipeline whose state is Spark's,
   * with --state, what its checkpoint's state store holds, by Spark's state data source. Never fails the command.
   */
  private String storedState(Lake lake, Row r) {
    if (!r.isNullAt(r.fieldIndex("state_events"))) {
      return Fmt.count(r.<Long>getAs("state_events"), "event", "events");
    }
    if (!state) return "- (in Spark's state store: status --state counts it)";
    try {
      Map<String, Long> stored = IngestionJob.storedCleaningState(lake, r.getAs("pipeline"));
      if (stored.isEmpty()) return "-";
      StringBuilder line = new StringBuilder();
      stored.forEach((kind, n) -> line.append(line.isEmpty() ? "" : ", ")
          .append(Fmt.count(n, ONE_OF.getOrDefault(kind, kind), kind)));
      return line + " in Spark's state store (its last committed batch)";
    } catch (RuntimeException e) {
      return "unknown: Spark's state data source could not read the checkpoint's state store: " + e.getMessage();
    }
  }

  /** The backlog line (null: not a Kafka pipeline) and the records behind per partition. */
  private record Backlog(String line, Map<Integer, Long> behind) {}

  private void print(Row r, Instant now, long idleMs, Backlog backlog, String cleaningState) {
    Instant finished = r.<Timestamp>getAs("last_finished_at").toInstant();
    Console.out("pipeline " + r.getAs("pipeline"));
    line("last batch", String.format(Locale.ROOT, "%d, ended %s (%s ago)", r.<Long>getAs("last_batch_id"), finished,
        age(Duration.between(finished, now))));
    line("last " + minutes + " min", String.format(Locale.ROOT, "%s: %,d records in, %,d accepted, %,d quarantined "
        + "(%,d late), %,d duplicates, %,d retracted", batches(r.getAs("batches")), r.<Long>getAs("records_in"),
        r.<Long>getAs("accepted"), r.<Long>getAs("quarantined"), r.<Long>getAs("late"), r.<Long>getAs("duplicates"),
        r.<Long>getAs("retracted")));
    line("newest event", instant(r, "newest_event_time"));
    line("watermark", instant(r, "watermark"));
    line("cleaning state", cleaningState);
    if (backlog.line() != null) line("kafka backlog", backlog.line());
    if (!r.isNullAt(r.fieldIndex("partition_watermarks"))) {
      Map<Integer, Long> partitions = new TreeMap<>(r.getJavaMap(r.fieldIndex("partition_watermarks")));
      Map<Integer, Timestamp> advanced = r.getJavaMap(r.fieldIndex("partition_advanced_at"));
      // Idle as ingest.partition.idle counts it: by the wall clock, nothing newer for that long while batches went on.
      partitions.forEach((p, ms) -> {
        Duration quiet = Duration.between(advanced.get(p).toInstant(), finished);
        Long behind = backlog.behind().get(p);
        line("partition " + p, Instant.ofEpochMilli(ms)
            + (behind == null ? "" : String.format(Locale.ROOT, "  %,d behind", behind))
            + (quiet.toMillis() >= idleMs ? "  idle: nothing newer for " + age(quiet) + " before the last batch" : ""));
      });
    }
  }

  private void printQuery(Row r, Instant now) {
    Instant last = r.<Timestamp>getAs("last_triggered_at").toInstant();
    Console.out("query " + r.getAs("query"));
    line("last trigger", String.format(Locale.ROOT, "batch %d at %s (%s ago), %s", r.<Long>getAs("last_batch_id"), last,
        age(Duration.between(last, now)), seconds(r.<Long>getAs("last_trigger_ms"))));
    long batches = r.getAs("batches");
    boolean files = IngestionJob.readsFiles(r.getAs("query"));
    String unit = files ? "files" : "rows";
    line("last " + minutes + " min", batches == 0 ? "no batch read " + unit
        : String.format(Locale.ROOT, "%s: %s in, %s %s/s offered, %s %s/s processed; trigger median %s, longest %s",
            batches(batches), Fmt.count(r.<Long>getAs("rows_in"), files ? "file" : "row", unit),
            rate(r, "offered_rows_per_s"), unit,
            rate(r, "processed_rows_per_s"), unit, seconds(r.<Long>getAs("median_trigger_ms")),
            seconds(r.<Long>getAs("max_trigger_ms"))));
    // Spark reports a watermark of 0 (1970-01-01) for a query that has one but has read no row yet.
    line("watermark", r.isNullAt(r.fieldIndex("watermark")) ? "- (no event-time watermark in Spark)"
        : r.<Timestamp>getAs("watermark").getTime() == 0 ? "- (no row read yet)" : instant(r, "watermark"));
    line("state store", r.isNullAt(r.fieldIndex("state_rows")) ? "- (no Spark state)"
        : String.format(Locale.ROOT, "%s, %,d bytes in memory; %,d removed in the last %d min",
            Fmt.count(r.<Long>getAs("state_rows"), "row", "rows"), r.<Long>getAs("state_memory_bytes"),
            r.<Long>getAs("state_rows_removed"), minutes));
  }

  private static String batches(long n) {
    return Fmt.count(n, "batch", "batches");
  }

  /** A rate, or - when Spark had no time to divide by (a query's first trigger). */
  private static String rate(Row r, String c) {
    if (r.isNullAt(r.fieldIndex(c))) return "-";
    double v = r.<Double>getAs(c);
    // Two figures below 10: a file in 21 s is 0.05 files/s, not 0.
    return String.format(Locale.ROOT, v < 1 ? "%.2f" : v < 10 ? "%.1f" : "%,.0f", v);
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private static String instant(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? "-" : r.<Timestamp>getAs(c).toInstant().toString();
  }

  private static void line(String label, String value) {
    Console.out(String.format(Locale.ROOT, "  %-16s %s", label, value));
  }

  private static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) return s + " s";
    if (s < 7200) return s / 60 + " min";
    return s / 3600 + " h";
  }
}
