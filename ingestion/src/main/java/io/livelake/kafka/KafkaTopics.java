package io.livelake.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Small admin operations on a Kafka cluster. */
public final class KafkaTopics {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private KafkaTopics() {}

  /** Creates {@code topic} with {@code partitions} partitions unless it exists; whether it created it. */
  public static boolean ensure(KafkaCluster cluster, String topic, int partitions) {
    return withAdmin(cluster, DEFAULT_TIMEOUT, (admin, ms) -> {
      try {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(ms, TimeUnit.MILLISECONDS);
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) return false;
        throw e;
      }
    });
  }

  /** The names of the cluster's topics, Kafka's internal ones left out, sorted. */
  public static SortedSet<String> names(KafkaCluster cluster) {
    return withAdmin(cluster, DEFAULT_TIMEOUT, (admin, ms) -> new TreeSet<>(admin.listTopics().names().get(ms, TimeUnit.MILLISECONDS)));
  }

  /** The partition numbers of {@code topic}, ascending. */
  public static List<Integer> partitions(KafkaCluster cluster, String topic) {
    return withAdmin(cluster, DEFAULT_TIMEOUT, (admin, ms) -> admin.describeTopics(List.of(topic)).allTopicNames()
        .get(ms, TimeUnit.MILLISECONDS).get(topic).partitions().stream().map(p -> p.partition()).sorted().toList());
  }

  /** Sum of the end offsets of every partition of {@code topic} (records ever written). */
  public static long endOffsetTotal(KafkaCluster cluster, String topic) {
    return endOffsets(cluster, topic, DEFAULT_TIMEOUT).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The end offset (the next record's) of every partition of {@code topic}, asking for at most {@code timeout}. */
  public static Map<Integer, Long> endOffsets(KafkaCluster cluster, String topic, Duration timeout) {
    return withAdmin(cluster, timeout, (admin, ms) -> {
      var desc = admin.describeTopics(List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      desc.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<Integer, Long> out = new TreeMap<>();
      admin.listOffsets(specs).all().get(ms, TimeUnit.MILLISECONDS).forEach((tp, o) -> out.put(tp.partition(), o.offset()));
      return out;
    });
  }

  /** One admin request; {@code ms} is its timeout. */
  private interface AdminCall<T> {
    T apply(Admin admin, long ms) throws ExecutionException, TimeoutException, InterruptedException;
  }

  private static <T> T withAdmin(KafkaCluster cluster, Duration timeout, AdminCall<T> call) {
    try (Admin admin = Admin.create(props(cluster, timeout.toMillis()))) {
      return call.apply(admin, timeout.toMillis());
    } catch (ExecutionException e) {
      throw failure(cluster, e.getCause(), timeout);
    } catch (TimeoutException e) {
      throw failure(cluster, e, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(cluster, e, timeout);
    }
  }

  private static IllegalStateException failure(KafkaCluster cluster, Throwable cause, Duration timeout) {
    // A timeout carries no message; say what it means for the user.
    String what = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
        ? "no answer within " + timeout.toSeconds() + " s (is a broker running there? see kafka.bootstrap.servers)"
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new IllegalStateException("Kafka at " + cluster.bootstrap() + ": " + what + KafkaCluster.securityHint(cause), cause);
  }

  private static Properties props(KafkaCluster cluster, long timeoutMs) {
    Properties p = cluster.clientProperties();
    // Both: the admin client raises an API timeout below the request timeout to the latter.
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
    return p;
  }
}
