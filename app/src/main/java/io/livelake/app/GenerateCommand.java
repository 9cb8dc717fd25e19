package io.livelake.app;

import io.livelake.config.Settings;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import io.livelake.progress.Progress;
import io.livelake.simulator.EventSink;
import io.livelake.simulator.FaultRates;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.KafkaSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Simulate live-commerce events (deterministic per --seed) into JSONL files or a Kafka topic, "
        + "with dimension files and a manifest of injected faults.")
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--events", defaultValue = "100000",
      description = "Base events to simulate (default ${DEFAULT-VALUE}); the sessions under way then run to their end.")
  long events;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--to", defaultValue = "files", description = "files or kafka (default ${DEFAULT-VALUE}).")
  String to;

  @Option(names = "--out", defaultValue = "data/sim", paramLabel = "DIR",
      description = "Output directory: events/ (files), dimensions/ and manifest.json (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--gzip", description = "Compress event files with gzip.")
  boolean gzip;

  @Option(names = "--file-events", defaultValue = "250000", description = "Records per event file (default ${DEFAULT-VALUE}).")
  long fileEvents;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
      description = "Pace output to this many records per second (0 = as fast as possible).")
  double rate;

  @Option(names = "--faults", defaultValue = "default", description = "default or none (a clean run).")
  String faults;

  @Option(names = "--fault-scale", defaultValue = "1", description = "Multiply every fault rate (default ${DEFAULT-VALUE}).")
  double faultScale;

  @Option(names = "--users", defaultValue = "20000", description = "Users in the simulated market.")
  int users;

  @Option(names = "--anchors", defaultValue = "40", description = "Anchors (hosts).")
  int anchors;

  @Option(names = "--products", defaultValue = "400", description = "Products in the catalogue.")
  int products;

  @Option(names = "--sessions-per-day", defaultValue = "48", description = "Live sessions per simulated day.")
  int sessionsPerDay;

  @Option(names = "--mean-viewers", defaultValue = "60", description = "Mean viewers of a session (scaled by anchor popularity and hour).")
  int meanViewers;

  @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z", description = "First simulated instant (UTC).")
  String start;

  @Option(names = "--bootstrap-servers", description = "Kafka cluster (kafka.bootstrap.servers); default the embedded broker.")
  String bootstrap;

  @Option(names = "--topic", description = "Kafka topic (kafka.topic).")
  String topic;

  @Override
  public Integer call() throws Exception {
    if (events <= 0) throw new IllegalArgumentException("--events must be positive, got " + events);
    if (!to.equals("files") && !to.equals("kafka")) throw new IllegalArgumentException("--to must be files or kafka, got '" + to + "'");
    if (!faults.equals("default") && !faults.equals("none")) {
      throw new IllegalArgumentException("--faults must be default or none, got '" + faults + "'");
    }
    if (faultScale < 0) throw new IllegalArgumentException("--fault-scale must not be negative");
    Instant startAt;
    try {
      startAt = Instant.parse(start);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--start must be an ISO instant such as 2026-01-01T00:00:00Z, got '" + start + "'");
    }
    CommandFlags flags = new CommandFlags()
        .set("--bootstrap-servers", Settings.KAFKA_BOOTSTRAP, bootstrap)
        .set("--topic", Settings.KAFKA_TOPIC, topic);
    try (Runtime rt = root.runtime(flags)) {
      FaultRates rates = faults.equals("none") ? FaultRates.none() : FaultRates.defaults().scaled(faultScale);
      SimulatorOptions o = SimulatorOptions.defaults(seed, events).withFaults(rates).withRate(rate)
          .withWorld(users, anchors, products, sessionsPerDay, meanViewers).withStart(startAt)
          .withWatermark(rt.config().getDuration(Settings.INGEST_WATERMARK).toMillis());
      EventSink sink;
      if (to.equals("kafka")) {
        KafkaCluster servers = rt.kafka();
        String t = rt.config().getString(Settings.KAFKA_TOPIC);
        KafkaTopics.ensure(servers, t, rt.config().getInt(Settings.KAFKA_PARTITIONS));
        sink = new KafkaSink(servers, t);
      } else {
        sink = new JsonlFileSink(out.resolve("events"), gzip, fileEvents);
      }
      Manifest m;
      Progress progress = new Progress("generate", events, "events");
      try (sink) {
        m = new Simulator(o).run(sink, out, progress);
      }
      progress.close();
      Console.out(m.summary().stripTrailing());
      Console.out(String.format(Locale.ROOT, "wrote %s; dimensions and manifest.json in %s", sink.describe(), out));
      Console.out(String.format(Locale.ROOT, "%,.0f events/s (%,d base events in %.2f s)", m.baseEvents() / progress.seconds(),
          m.baseEvents(), progress.seconds()));
    }
    return 0;
  }
}
