package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import io.livelake.progress.Progress;
import io.livelake.simulator.KafkaSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "The whole chain on the embedded defaults: start the Kafka broker, stream simulated events into it, "
        + "ingest until drained, print row counts per table and the quarantine breakdown, then run the batch side: "
        + "indicators, train, score, segments and recommend; and write the report (<lake>/_report), printing the path of "
        + "its index page.")
final class DemoCommand implements Callable<Integer> {
  /** The batch commands the demo runs after ingestion, in order, each with its defaults. */
  private static final String[] BATCH_STEPS = {"indicators", "train", "score", "segments", "recommend"};

  @ParentCommand LiveLakeCli root;
  @Spec CommandSpec spec;

  /** The demo's default events and seed (DemoModelTest checks the model on exactly these). */
  static final String DEFAULT_EVENTS = "200000";
  static final String DEFAULT_SEED = "7";

  @Option(names = "--events", defaultValue = DEFAULT_EVENTS, description = "Base events to simulate (default ${DEFAULT-VALUE}, about 600 sessions); the sessions under way then "
          + "run to their end.")
  long events;

  @Option(names = "--seed", defaultValue = DEFAULT_SEED, description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    try (Runtime rt = root.runtime()) {
      String topic = rt.config().getString(Settings.KAFKA_TOPIC) + ".demo-" + seed + "-" + System.currentTimeMillis();
      KafkaCluster servers = rt.kafka();
      KafkaTopics.ensure(servers, topic, rt.config().getInt(Settings.KAFKA_PARTITIONS));
      Path meta = Path.of(".livelake", "demo", topic);

      Console.info("demo 1/4: simulating " + String.format(Locale.ROOT, "%,d", events) + " events into Kafka topic " + topic);
      Manifest m;
      Progress gen = new Progress("generate", events, "events");
      try (KafkaSink sink = new KafkaSink(servers, topic)) {
        m = new Simulator(SimulatorOptions.demo(seed, events)
            .withWatermark(rt.config().getDuration(Settings.INGEST_WATERMARK).toMillis())).run(sink, meta, gen);
      }
      gen.close();

      Console.info("demo 2/4: ingesting until drained (lake " + rt.lake().paths().root() + ")");
      Lake lake = rt.lake();
      DimensionLoader.load(lake, meta.resolve("dimensions"));
      long earlierRecords = lake.exists(Tables.EVENTS_RAW) ? lake.read(Tables.EVENTS_RAW).count() : 0;
      IngestCommand.Totals totals = new IngestCommand.Totals();
      if (StopOnExit.await(lake, IngestionJob.start(lake, rt.config(),
          new IngestionJob.Options("kafka", servers, topic, null, true), totals::add, IngestCommand.Totals::layer))) {
        return 130;
      }

      Console.info("demo 3/4: ingestion results");
      Console.out(totals.summary());
      if (earlierRecords > 0) {
        Console.out(String.format(Locale.ROOT, "the lake at %s already held %,d records from earlier runs: the table counts"
            + " below include them (this run's own counts are on the line above)", lake.paths().root(), earlierRecords));
      }
      for (TableDef t : Tables.all()) {
        if (lake.exists(t)) Console.out(String.format(Locale.ROOT, "  %-28s %,12d rows", t.fullName(), lake.read(t).count()));
      }
      Map<String, Long> reasons = new TreeMap<>();
      for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) reasons.put(r.getString(0), r.getLong(1));
      Console.out("quarantine by reason (this lake):");
      reasons.forEach((k, v) -> Console.out(String.format(Locale.ROOT, "  %-28s %,12d", k, v)));
      Console.out(String.format(Locale.ROOT, "simulator manifest: %,d records, %,d expected in the OBT, %,d duplicates, quarantine %s",
          m.recordsWritten(), m.expectedObtRows(), m.expectedDuplicates(), m.expectedQuarantine()));

      for (String step : BATCH_STEPS) {
        Console.info("demo 4/4: " + step);
        // train compares the ranking it recovers with the simulator's ground truth.
        runSubcommand(step, step.equals("train") ? new String[] {"--truth", meta.resolve("manifest.json").toString()}
            : new String[0]);
      }
      Console.out("query the tables with: bin/livelake sql \"SELECT * FROM gold.session_indicators LIMIT 10\"");
      Console.out("or connect a BI tool: bin/livelake" + lakeFlag(rt) + " serve, then JDBC "
          + "jdbc:trino://127.0.0.1:" + rt.config().getInt(Settings.SERVE_PORT) + "/livelake/gold (README: Connect a BI tool)");
      // Last, so that the path of the report's index page is the line a reader sees at the end.
      Console.info("demo 4/4: report");
      runSubcommand("report");
    }
    return 0;
  }

  /**
   * Runs a sibling command as if typed with {@code args}; it shares this process's Spark session and
   * lake (a nested runtime reuses the active session and leaves it running).
   */
  private void runSubcommand(String name, String... args) throws Exception {
    CommandLine sub = spec.parent().subcommands().get(name);
    sub.parseArgs(args);
    ((Callable<?>) sub.getCommand()).call();
  }

  /** The --lake flag that reaches this demo's lake again, or nothing for the default lake. */
  private static String lakeFlag(Runtime rt) {
    return rt.config().origin(Settings.LAKE_ROOT.key()).equals("default") ? "" : " --lake " + rt.lake().paths().root();
  }
}
