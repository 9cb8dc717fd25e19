package io.livelake.kafka;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Small admin operations on a Kafka cluster. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** Creates {@code topic} with {@code partitions} partitions unless it exists. */
  public static void ensure(String bootstrap, String topic, int partitions) {
    try (Admin admin = Admin.create(props(bootstrap))) {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw failure(bootstrap, e.getCause());
      } catch (TimeoutException e) {
        throw failure(bootstrap, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(bootstrap, e);
      }
    }
  }

  /** The partition numbers of {@code topic}, ascending. */
  public static List<Integer> partitions(String bootstrap, String topic) {
    try (Admin admin = Admin.create(props(bootstrap))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
          .stream().map(p -> p.partition()).sorted().toList();
    } catch (ExecutionException | TimeoutException e) {
      throw failure(bootstrap, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(bootstrap, e);
    }
  }

  /** Sum of the end offsets of every partition of {@code topic} (records ever written). */
  public static long endOffsetTotal(String bootstrap, String topic) {
    try (Admin admin = Admin.create(props(bootstrap))) {
      var desc = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      var specs = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
          org.apache.kafka.clients.admin.OffsetSpec>();
      desc.partitions().forEach(p -> specs.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
          org.apache.kafka.clients.admin.OffsetSpec.latest()));
      return admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).values().stream()
          .mapToLong(o -> o.offset()).sum();
    } catch (ExecutionException | TimeoutException e) {
      throw failure(bootstrap, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(bootstrap, e);
    }
  }

  private static IllegalStateException failure(String bootstrap, Throwable cause) {
    // A timeout carries no message; say what it means for the user.
    String what = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
        ? "no answer within 30 s (is a broker running there? see kafka.bootstrap.servers)"
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new IllegalStateException("Kafka at " + bootstrap + ": " + what, cause);
  }

  private static Properties props(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return p;
  }
}
