package io.livelake.app;

import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import io.livelake.progress.Progress;
import io.livelake.simulator.FaultRates;
import io.livelake.simulator.KafkaSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A real embedded Kafka broker for a test class, and simulated traffic produced into it. */
final class KafkaFixture implements AutoCloseable {
  final EmbeddedKafka broker;

  KafkaFixture() throws Exception {
    broker = new EmbeddedKafka(TestSpark.newDir("kafka"), freePortPair()).start(true, Duration.ofSeconds(90));
  }

  String bootstrap() { return broker.bootstrapServers(); }

  KafkaCluster cluster() { return broker.cluster(); }

  /** Simulates {@code events} base events (faults scaled) into a new topic; dimensions and manifest go to {@code meta}. */
  Manifest produce(String topic, int partitions, long seed, long events, double faultScale, Path meta) throws IOException {
    KafkaTopics.ensure(cluster(), topic, partitions);
    try (KafkaSink sink = new KafkaSink(cluster(), topic)) {
      return new Simulator(SimulatorOptions.defaults(seed, events).withFaults(FaultRates.defaults().scaled(faultScale)))
          .run(sink, meta, Progress.silent());
    }
  }

  /** Every record of one partition of {@code topic}, in offset order. */
  List<String> read(String topic, int partition) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(topic, partition);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      while (c.position(tp) < end) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(2))) out.add(r.value());
      }
    }
    return out;
  }

  /**
   * A broker of its own for a test of secured access: clients log in as one of {@code saslUsers} and over {@code tls}
   * (either may be none), with 2,000 simulated events of {@code seed} in {@code topic}, produced as the broker itself.
   */
  static EmbeddedKafka securedWithEvents(Path dir, Map<String, String> saslUsers, EmbeddedKafka.Tls tls, String topic,
      long seed) throws Exception {
    EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("broker"), freePortPair(), saslUsers, tls)
        .start(true, Duration.ofSeconds(90));
    KafkaTopics.ensure(broker.cluster(), topic, 2);
    try (KafkaSink sink = new KafkaSink(broker.cluster(), topic)) {
      new Simulator(SimulatorOptions.defaults(seed, 2_000)).run(sink, dir.resolve("meta"), Progress.silent());
    }
    return broker;
  }

  /** What a command in a process of its own did: its exit code and its output. */
  record ProcessRun(int code, String log) {}

  /**
   * ingest --available-now of {@code topic} at {@code broker} into {@code lake}, with {@code sets} (KEY=VALUE), in a
   * process of its own whose environment adds {@code env}: where secrets come from.
   */
  static ProcessRun ingestInProcess(Path lake, Map<String, String> env, EmbeddedKafka broker, String topic, String... sets)
      throws Exception {
    Files.createDirectories(lake);
    Path log = lake.resolve("ingest.log");
    List<String> args = new ArrayList<>(List.of("--lake", lake.toString(), "--set", "spark.master=local[2]",
        "--set", "spark.shuffle.partitions=2"));
    for (String s : sets) args.addAll(List.of("--set", s));
    args.addAll(List.of("ingest", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic, "--available-now"));
    Process p = CliProcess.start(log, env, args.toArray(String[]::new));
    if (!p.waitFor(5, TimeUnit.MINUTES)) throw new AssertionError("ingest did not end; see " + log);
    return new ProcessRun(p.exitValue(), Files.readString(log));
  }

  static int freePortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      if (port < 65000 && !EmbeddedKafka.listening(port) && !EmbeddedKafka.listening(port + 1)) return port;
    }
    throw new IllegalStateException("no free port pair for the test broker");
  }

  @Override
  public void close() { broker.close(); }
}
