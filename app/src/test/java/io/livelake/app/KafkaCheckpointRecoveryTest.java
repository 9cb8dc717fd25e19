package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.kafka.KafkaTopics;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `ingest --recover` on a Kafka pipeline whose checkpoint was lost, on a real broker: the new checkpoint
 * starts each partition right after the newest offset bronze holds there, and a partition bronze never
 * saw from its earliest offset, so every record of the topic lands once.
 */
@IntegrationTest
class KafkaCheckpointRecoveryTest {
  private static final String TOPIC = "events-recover";
  private static KafkaFixture kafka;

  @BeforeAll
  static void broker() throws Exception {
    kafka = new KafkaFixture();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) kafka.close();
  }

  @Test
  void recoverStartsEachPartitionAfterWhatBronzeHolds() throws Exception {
    Path dir = TestSpark.newDir("recover-kafka");
    Lake lake = TestSpark.lake(dir.resolve("lake"));
    long first = kafka.produce(TOPIC, 1, 41, 500, 3, dir.resolve("first")).recordsWritten();
    ok(ingest(dir));
    assertEquals(Map.of(0, first), bronzeByPartition(lake));

    deleteTree(dir.resolve("lake/_checkpoints").toFile());
    // A second partition, which bronze has never seen, and more records in both.
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    try (Admin a = Admin.create(admin)) {
      a.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(2))).all().get(30, TimeUnit.SECONDS);
    }
    kafka.produce(TOPIC, 2, 42, 500, 3, dir.resolve("second"));
    Map<Integer, Long> ends = endOffsets();
    assertTrue(ends.get(0) > first && ends.get(1) > 0, "both partitions got new records: " + ends);

    CliRun refused = ingest(dir);
    assertEquals(2, refused.code(), refused.err());
    assertEquals(List.of("livelake: bronze.events_raw holds batch 0 of livelake-ingest-kafka-" + TOPIC + " written through"
        + " another checkpoint: the checkpoint " + lake.paths().checkpoint("ingest-kafka-" + TOPIC) + " does not belong to"
        + " these tables (was it deleted, moved or replaced?); nothing was written. Run `livelake ingest --recover` with"
        + " the same options to set the checkpoint aside and resume exactly after what the tables hold."),
        refused.err().lines().filter(l -> l.startsWith("livelake")).toList());
    assertEquals(Map.of(0, first), bronzeByPartition(lake), "the refused run wrote nothing");

    ok(ingest(dir, "--recover"));
    assertEquals(ends, bronzeByPartition(lake), "every record of the topic in bronze");
    Row r = lake.read(Tables.EVENTS_RAW).selectExpr("count(*)", "count(DISTINCT source_partition, source_offset)").first();
    assertEquals(r.getLong(0), r.getLong(1), "no record twice");
    long obtAndQuarantine = lake.read(Tables.EVENTS_OBT).count() + lake.read(Tables.QUARANTINE).count();
    long duplicates = lake.read(Tables.INGEST_BATCHES).selectExpr("sum(duplicates)").first().getLong(0);
    assertEquals(r.getLong(0), obtAndQuarantine + duplicates, "OBT + quarantine + duplicates = records in");
  }

  private static CliRun ingest(Path dir, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--lake", dir.resolve("lake").toString(),
        "ingest", "--bootstrap-servers", kafka.bootstrap(), "--topic", TOPIC, "--available-now",
        "--dimensions", dir.resolve("first/dimensions").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void ok(CliRun run) { assertEquals(0, run.code(), run.err()); }

  /** Bronze's records per partition of the topic. */
  private static Map<Integer, Long> bronzeByPartition(Lake lake) {
    Map<Integer, Long> n = new TreeMap<>();
    for (Row r : lake.read(Tables.EVENTS_RAW).groupBy("source_partition").count().collectAsList()) {
      n.put(r.getInt(0), r.getLong(1));
    }
    return n;
  }

  /** Records per partition of the topic: its end offsets, every partition starting at 0. */
  private static Map<Integer, Long> endOffsets() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    Map<Integer, Long> ends = new TreeMap<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = KafkaTopics.partitions(kafka.cluster(), TOPIC).stream()
          .map(i -> new TopicPartition(TOPIC, i)).toList();
      c.endOffsets(parts).forEach((tp, end) -> ends.put(tp.partition(), end));
    }
    return ends;
  }

  private static void deleteTree(File f) {
    File[] children = f.listFiles();
    if (children != null) for (File c : children) deleteTree(c);
    assertTrue(f.delete(), "deleted " + f);
  }
}
