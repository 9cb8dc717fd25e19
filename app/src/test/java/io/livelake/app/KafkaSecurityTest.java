package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaTopics;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingest from a cluster that asks for a login, as managed Kafka services do: a real broker whose only client listener
 * is SASL_PLAINTEXT with PLAIN and SCRAM users, reached with kafka.security.protocol, kafka.sasl.mechanism,
 * kafka.sasl.username and the password from the environment variable kafka.sasl.password.env names, in a process of
 * its own (the environment is per process).
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
    broker = KafkaFixture.securedWithEvents(dir, Map.of("alice", PASSWORD), null, TOPIC, 7);
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
    KafkaFixture.ProcessRun ok = ingest(lake, Map.of("LIVELAKE_KAFKA_PASSWORD", PASSWORD));
    assertEquals(0, ok.code(), ok.log());
    Lake l = TestSpark.lake(lake);
    assertEquals(records, l.read(Tables.EVENTS_RAW).count(), "every record of the topic, read with the login");
    assertEquals(records, l.read(Tables.EVENTS_RAW).select("source_partition", "source_offset").distinct().count());

    // SCRAM (MSK's and Redpanda's login): the password never crosses the wire, so a wrong one fails the same way.
    Path scramLake = dir.resolve("lake-scram");
    KafkaFixture.ProcessRun scram = ingest(scramLake, Map.of("LIVELAKE_KAFKA_PASSWORD", PASSWORD),
        "kafka.sasl.mechanism=SCRAM-SHA-512");
    assertEquals(0, scram.code(), scram.log());
    assertEquals(records, TestSpark.lake(scramLake).read(Tables.EVENTS_RAW).count(), "every record, read with SCRAM");

    KafkaFixture.ProcessRun wrong = ingest(dir.resolve("lake-wrong"), Map.of("LIVELAKE_KAFKA_PASSWORD", "guess"),
        "kafka.sasl.mechanism=SCRAM-SHA-256");
    assertEquals(1, wrong.code(), wrong.log());
    assertTrue(wrong.log().contains("livelake ingest: Kafka at " + broker.bootstrapServers() + ": Authentication failed"),
        wrong.log());
    assertTrue(wrong.log().contains("(check kafka.sasl.username, kafka.sasl.mechanism and the password in the variable "
        + "named by kafka.sasl.password.env)"), wrong.log());
    assertFalse(wrong.log().contains("guess"), "the password is never shown");

    KafkaFixture.ProcessRun none = ingest(dir.resolve("lake-none"), Map.of());
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

  private static KafkaFixture.ProcessRun ingest(Path lake, Map<String, String> env, String... sets) throws Exception {
    List<String> all = new ArrayList<>(List.of("kafka.security.protocol=SASL_PLAINTEXT", "kafka.sasl.username=alice"));
    all.addAll(List.of(sets));
    return KafkaFixture.ingestInProcess(lake, env, broker, TOPIC, all.toArray(String[]::new));
  }
}
