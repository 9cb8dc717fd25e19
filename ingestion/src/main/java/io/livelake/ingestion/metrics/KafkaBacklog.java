package io.livelake.ingestion.metrics;

import io.livelake.catalog.Lake;
import io.livelake.ingestion.StreamCheckpoint;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far a Kafka pipeline is behind its topic: per partition, the records between the offsets its
 * newest committed batch read up to (Spark's checkpoint) and the partition's end (the brokers').
 */
public record KafkaBacklog(String topic, Map<Integer, Long> behind) {

  /** Records not yet ingested, over every partition. */
  public long total() { return behind.values().stream().mapToLong(Long::longValue).sum(); }

  /**
   * The backlog of {@code pipeline} now, asking the brokers of {@code kafka} for at most
   * {@code timeout}; empty when the pipeline has committed no batch from Kafka. A partition the
   * checkpoint does not know yet counts from offset 0.
   *
   * @throws IllegalStateException naming the brokers when they do not answer
   */
  public static Optional<KafkaBacklog> of(Lake lake, String pipeline, KafkaCluster kafka, Duration timeout) {
    Map<String, Map<Integer, Long>> committed;
    try {
      committed = StreamCheckpoint.committedKafkaOffsets(lake, pipeline);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the checkpoint of " + pipeline + ": " + e.getMessage(), e);
    }
    if (committed.size() != 1) return Optional.empty();
    var source = committed.entrySet().iterator().next();
    Map<Integer, Long> behind = new TreeMap<>();
    KafkaTopics.endOffsets(kafka, source.getKey(), timeout)
        .forEach((p, end) -> behind.put(p, Math.max(0, end - source.getValue().getOrDefault(p, 0L))));
    return Optional.of(new KafkaBacklog(source.getKey(), behind));
  }
}
