package io.livelake.simulator;

import io.livelake.kafka.KafkaCluster;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces records to a Kafka topic, keyed by user so each user's events stay ordered in one partition. */
public final class KafkaSink implements EventSink {
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private long sent;

  public KafkaSink(KafkaCluster cluster, String topic) {
    Properties p = cluster.clientProperties();
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer = new KafkaProducer<>(p);
    this.topic = topic;
  }

  @Override
  public void write(String key, String json) {
    Exception f = failure.get();
    if (f != null) throw new IllegalStateException("producing to topic " + topic + " failed: " + f.getMessage(), f);
    producer.send(new ProducerRecord<>(topic, key, json), (md, e) -> {
      if (e != null) failure.compareAndSet(null, e);
    });
    sent++;
  }

  @Override
  public String describe() { return sent + " records to Kafka topic " + topic; }

  @Override
  public void close() {
    producer.flush();
    producer.close();
    Exception f = failure.get();
    if (f != null) throw new IllegalStateException("producing to topic " + topic + " failed: " + f.getMessage(), f);
  }
}
