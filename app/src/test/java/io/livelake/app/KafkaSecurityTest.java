package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaTopics;
import io.livelake.progress.Progress;
import io.livelake.simulator.KafkaSink;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingest from a cluster that asks for a login, as managed Kafka services do: a real broker whose only client listener
 * is SASL_PLAINTEXT with PLAIN users, reached with kafka.security.protocol, kafka.sasl.username and the password from
 * the environment variable kafka.sasl.password.env names, in a process of its own (the environment is per process).
 */
@IntegrationTest
class KafkaSecurityTest {
  private static final String TOPIC = "secured-events";
  /** A quote and a backslash, which the login's JAAS text must escape. */
  private static final String PASSWORD = "pa\"ss\\word";
  private static EmbeddedKafka broker;
  private static Path dir;

  @BeforeAll
  static void securedBrokerWithEvents() throws Exception {
    dir = TestSpark.newDir("kafka-sasl");
    broker = new EmbeddedKafka(dir.resolve("broker"), KafkaFixture.freePortPair(), Map.of("alice", PASSWORD), null)
        .start(true, Duration.ofSeconds(90));
    KafkaTopics.ensure(broker.cluster(), TOPIC, 2);
    try (KafkaSink sink = new KafkaSink(broker.cluster(), TOPIC)) {
      new Simulator(SimulatorOptions.defaults(7, 2_000)).run(sink, dir.resolve("meta"), Progress.silent());
    }
  }

  @AfterAll
  static void stop() {
    if (broker != null) broker.close();
  }

  @Test
  void theRightLoginIngestsEveryRecordAndAWrongOrMissingOneIsNamed() throws Exception {
    long records = KafkaTopics.endOffsetTotal(broker.cluster(), TOPIC);
    assertTrue(records > 2_000, "the simulator produced " + records + " records");

    Path lake = dir.resolve("lake");
    Run ok = ingest(lake, Map.of("LIVELAKE_KAFKA_PASSWORD", PASSWORD));
    assertEquals(0, ok.code(), ok.log());
    Lake l = TestSpark.lake(lake);
    assertEquals(records, l.read(Tables.EVENTS_RAW).count(), "every record of the topic, read with the login");
    assertEquals(records, l.read(Tables.EVENTS_RAW).select("source_partition", "source_offset").distinct().count());

    Run wrong = ingest(dir.resolve("lake-wrong"), Map.of("LIVELAKE_KAFKA_PASSWORD", "guess"));
    assertEquals(1, wrong.code(), wrong.log());
    assertTrue(wrong.log().contains("livelake ingest: Kafka at " + broker.bootstrapServers() + ": Authentication failed"),
        wrong.log());
    assertTrue(wrong.log().contains("(check kafka.sasl.username, kafka.sasl.mechanism and the password in the variable "
        + "named by kafka.sasl.password.env)"), wrong.log());
    assertFalse(wrong.log().contains("guess"), "the password is never shown");

    Run none = ingest(dir.resolve("lake-none"), Map.of());
    assertEquals(2, none.code(), none.log());
    assertTrue(none.log().lines().anyMatch(("livelake: the environment variable LIVELAKE_KAFKA_PASSWORD "
        + "(kafka.sasl.password.env) is not set: it holds the password of kafka.sasl.username alice")::equals), none.log());

    // status in a shell without the password: the backlog is unknown, said why; the rest of the status stands.
    CliRun status = CliRun.of("--lake", lake.toString(), "--set", "kafka.bootstrap.servers=" + broker.bootstrapServers(),
        "--set", "kafka.security.protocol=SASL_PLAINTEXT", "--set", "kafka.sasl.username=alice", "--set",
        "kafka.sasl.password.env=LIVELAKE_TEST_UNSET_PASSWORD", "status", "--minutes", "1440");
    assertEquals(0, status.code(), status.err());
    assertEquals("pipeline kafka-" + TOPIC, status.out().lines().findFirst().orElseThrow(), status.out());
    assertTrue(status.out().lines().anyMatch(("  kafka backlog    unknown: the environment variable "
        + "LIVELAKE_TEST_UNSET_PASSWORD (kafka.sasl.password.env) is not set: it holds the password of "
        + "kafka.sasl.username alice")::equals), status.out());
  }

  private record Run(int code, String log) {}

  private static Run ingest(Path lake, Map<String, String> env) throws Exception {
    Files.createDirectories(lake);
    Path log = lake.resolve("ingest.log");
    List<String> args = new ArrayList<>(List.of("--lake", lake.toString(), "--set", "spark.master=local[2]",
        "--set", "spark.shuffle.partitions=2", "--set", "kafka.security.protocol=SASL_PLAINTEXT",
        "--set", "kafka.sasl.username=alice", "ingest", "--bootstrap-servers", broker.bootstrapServers(),
        "--topic", TOPIC, "--available-now"));
    Process p = CliProcess.start(log, env, args.toArray(String[]::new));
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ingest did not end; see " + log);
    return new Run(p.exitValue(), Files.readString(log));
  }
}
