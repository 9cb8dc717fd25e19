package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.kafka.KafkaTopics;
import io.livelake.privacy.HmacKeys;
import io.livelake.simulator.IndependentCount;
import io.livelake.simulator.Manifest;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end on a real broker: simulator → Kafka → ingestion → bronze, quarantine, OBT, KPIs. */
@IntegrationTest
class KafkaIngestionTest {
  private static KafkaFixture kafka;
  private static Lake lake;
  private static Manifest manifest;
  private static IndependentCount independent;
  private static LiveLakeConfig config;

  @BeforeAll
  static void run() throws Exception {
    kafka = new KafkaFixture();
    Path dir = TestSpark.newDir("kafka-e2e");
    // One partition: the simulator's manifest judges lateness against everything delivered before.
    manifest = kafka.produce("events-e2e", 1, 21, 25_000, 5, dir);
    independent = IndependentCount.of(kafka.read("events-e2e", 0));
    config = TestSpark.config(dir.resolve("lake"), Map.of("kafka.max.offsets.per.trigger", "7000"));
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    DimensionLoader.load(lake, dir.resolve("dimensions"));
    IngestionJob.start(lake, config, new IngestionJob.Options("kafka", kafka.cluster(), "events-e2e", null, true),
        b -> { }).awaitTermination();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) kafka.close();
  }

  @Test
  void everyRecordLandsExactlyWhereTheManifestAndAnIndependentCountSay() {
    assertEquals(manifest.recordsWritten(), lake.read(Tables.EVENTS_RAW).count(), "bronze keeps every record");
    assertEquals(manifest.expectedObtRows(), independent.obtRows());
    assertEquals(manifest.expectedObtRows(), lake.read(Tables.EVENTS_OBT).count());
    Map<String, Long> byType = new TreeMap<>();
    for (Row r : lake.read(Tables.EVENTS_OBT).groupBy("event_type").count().collectAsList()) {
      byType.put(r.getString(0), r.getLong(1));
    }
    assertEquals(independent.obtByType, byType);

    Map<String, Long> quarantine = new TreeMap<>();
    for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      quarantine.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.expectedQuarantine(), quarantine);
    assertEquals(independent.quarantine(), quarantine);

    Row ops = lake.read(Tables.INGEST_BATCHES)
        .selectExpr("count(*)", "sum(records_in)", "sum(accepted)", "sum(quarantined)", "sum(duplicates)", "sum(retracted)")
        .first();
    assertTrue(ops.getLong(0) >= 4, "several micro-batches: " + ops.getLong(0));
    assertEquals(manifest.recordsWritten(), ops.getLong(1));
    assertEquals(manifest.expectedDuplicates(), ops.getLong(4));
    assertEquals(independent.duplicates(), ops.getLong(4));
    assertEquals(ops.getLong(1), ops.getLong(2) + ops.getLong(3) + ops.getLong(4), "records in = out + quarantined + duplicates");
    assertEquals(lake.read(Tables.EVENTS_OBT).count(), ops.getLong(2) - ops.getLong(5),
        "accepted rows less those retracted later are the OBT");
  }

  @Test
  void userIdsArePseudonymizedAndPersonalDataInTextRedactedBeforeTheFirstWrite() {
    assertEquals(0, lake.read(Tables.EVENTS_RAW).where("payload RLIKE '\"user_id\":\"u[0-9]'").count());
    assertEquals(0, lake.read(Tables.QUARANTINE).where("payload RLIKE '\"user_id\":\"u[0-9]'").count());
    assertEquals(0, lake.read(Tables.EVENTS_OBT).where("user_id NOT RLIKE '^p[0-9a-f]{24}$'").count());
    // Inside the text value only: a record cut short can end in eleven digits of a timestamp.
    assertEquals(0, lake.read(Tables.EVENTS_RAW)
        .where("payload RLIKE '\"text\":\"[^\"]*((?<![0-9])1[3-9][0-9]{9}(?![0-9])|@example\\\\.com)'").count());
    assertTrue(lake.read(Tables.EVENTS_OBT).where("text LIKE '%[phone]%' OR text LIKE '%[email]%'").count() > 0,
        "the simulator's comments with phone numbers and e-mails arrive redacted");
    String pseudonym = HmacKeys.pseudonymizer(config).pseudonym("u0000001");
    List<Row> mine = lake.read(Tables.EVENTS_OBT).where("user_id = '" + pseudonym + "'").limit(1).collectAsList();
    long raw = kafka.read("events-e2e", 0).stream().filter(l -> l.contains("\"user_id\":\"u0000001\"")).count();
    assertEquals(raw > 0, !mine.isEmpty(), "the raw id's events are found under its pseudonym");
  }

  @Test
  void realtimeKpisAddUpToTheOneBigTable() {
    Row kpi = lake.read(Tables.REALTIME_KPIS).selectExpr("sum(comments)", "sum(likes)", "sum(orders)", "round(sum(gmv), 2)")
        .first();
    Row obt = lake.read(Tables.EVENTS_OBT).where("session_id IS NOT NULL").selectExpr(
        "count_if(event_type = 'comment')", "count_if(event_type = 'like')", "count_if(event_type = 'order_paid')",
        "round(sum(CASE WHEN event_type = 'order_paid' THEN amount_reporting ELSE 0 END), 2)").first();
    assertEquals(obt.getLong(0), kpi.getLong(0));
    assertEquals(obt.getLong(1), kpi.getLong(1));
    assertEquals(obt.getLong(2), kpi.getLong(2));
    assertEquals(obt.getDouble(3), kpi.getDouble(3), 0.001);
    assertEquals(0, lake.read(Tables.REALTIME_KPIS).where("viewers = 0").count());
    // The simulator's refunds and ratings come days after their session: no window of it goes below zero.
    assertTrue(lake.read(Tables.EVENTS_OBT).where("session_id IS NOT NULL AND event_type IN ('order_refunded', 'rating')")
        .count() > 0, "the stream holds refunds and ratings of sessions");
    assertEquals(0, lake.read(Tables.REALTIME_KPIS).where("gmv < 0").count());
  }

  @Test
  void statusSaysWhereThePipelineStands() {
    Row ops = lake.read(Tables.INGEST_BATCHES).selectExpr("count(*)", "sum(records_in)", "sum(accepted)",
        "sum(quarantined)", "sum(late)", "sum(duplicates)", "sum(retracted)", "max(batch_id)",
        "max_by(state_events, batch_id)", "max_by(watermark, batch_id)", "max(max_event_time)",
        "max_by(partition_watermarks, batch_id)[0]").first();
    assertEquals(manifest.expectedQuarantine().getOrDefault("late", 0L), ops.getLong(4));
    assertTrue(ops.getLong(8) > 0, "the cleaning state holds the last minutes' keys");
    CliRun status = status(kafka.bootstrap());
    assertEquals(0, status.code(), status.err());
    List<String> lines = status.out().lines().toList();
    assertEquals("pipeline kafka-events-e2e", lines.get(0), "the source and its topic");
    assertTrue(lines.get(1).startsWith(String.format("  last batch       %d, ended ", ops.getLong(7))), lines.get(1));
    assertEquals(String.format(java.util.Locale.ROOT, "  last 1440 min    %,d batches: %,d records in, %,d accepted, "
        + "%,d quarantined (%,d late), %,d duplicates, %,d retracted", ops.getLong(0), ops.getLong(1), ops.getLong(2),
        ops.getLong(3), ops.getLong(4), ops.getLong(5), ops.getLong(6)), lines.get(2));
    assertEquals("  newest event     " + ops.getTimestamp(10).toInstant(), lines.get(3));
    assertEquals("  watermark        " + ops.getTimestamp(9).toInstant(), lines.get(4));
    assertEquals(String.format(java.util.Locale.ROOT, "  cleaning state   %,d events", ops.getLong(8)), lines.get(5));
    assertEquals("  kafka backlog    0 records not yet ingested from topic events-e2e at " + kafka.bootstrap(), lines.get(6),
        "drained");
    String partition = "  partition 0      " + java.time.Instant.ofEpochMilli(ops.getLong(11));
    assertEquals(partition + "  0 behind", lines.get(7), "one partition, not idle, drained");
    assertEquals(8, lines.size(), status.out());

    // Three records produced after the run are the backlog, read from the checkpoint and the broker.
    try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 3; i++) p.send(new ProducerRecord<>("events-e2e", 0, "u" + i, "{}"));
    }
    List<String> after = status(kafka.bootstrap()).out().lines().toList();
    assertEquals("  kafka backlog    3 records not yet ingested from topic events-e2e at " + kafka.bootstrap(), after.get(6));
    assertEquals(partition + "  3 behind", after.get(7));

    // Brokers that do not answer make the backlog unknown, said why; the rest of the status stands.
    CliRun noBroker = status("127.0.0.1:1");
    assertEquals(0, noBroker.code(), noBroker.err());
    List<String> unknown = noBroker.out().lines().toList();
    assertTrue(unknown.get(6).startsWith("  kafka backlog    unknown: Kafka at 127.0.0.1:1: "), unknown.get(6));
    assertEquals(partition, unknown.get(7));
  }

  @Test
  void aTopicTheConfiguredClusterDoesNotHaveIsRefusedAndNotMade() throws Exception {
    Path other = TestSpark.newDir("kafka-typo");
    CliRun typo = CliRun.of("--lake", other.toString(), "ingest", "--bootstrap-servers", kafka.bootstrap(),
        "--topic", "events-e2", "--available-now");
    assertEquals(2, typo.code(), typo.err());
    String refusal = "livelake: kafka.topic = events-e2 (from --topic): no such topic at " + kafka.bootstrap()
        + "; its topics: " + String.join(", ", KafkaTopics.names(kafka.cluster()))
        + ". LiveLake makes topics only on its embedded broker: create it on the cluster first";
    assertTrue(typo.err().lines().anyMatch(refusal::equals), typo.err());
    assertTrue(KafkaTopics.names(kafka.cluster()).contains("events-e2e"), "the listing names the real topic");
    assertFalse(KafkaTopics.names(kafka.cluster()).contains("events-e2"), "the refused topic was not made");
  }

  private static CliRun status(String bootstrap) {
    return CliRun.of("--lake", LakePaths.of(config).root(), "--set", "kafka.bootstrap.servers=" + bootstrap, "status",
        "--minutes", "1440");
  }
}
