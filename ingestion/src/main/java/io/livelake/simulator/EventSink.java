package io.livelake.simulator;

/** Where simulated records go: rolling JSONL files or a Kafka topic. */
public interface EventSink extends AutoCloseable {
  /** Writes one record; {@code key} is the raw user id (Kafka partitions by it). */
  void write(String key, String json);

  /** A one-line description for the summary, e.g. the files written. */
  String describe();

  @Override
  void close();
}
