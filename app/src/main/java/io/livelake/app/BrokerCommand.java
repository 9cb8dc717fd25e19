package io.livelake.app;

import io.livelake.config.Settings;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaTopics;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the embedded single-node Kafka broker (KRaft) in the foreground until Ctrl-C, "
        + "so that generate and ingest in other terminals share it.")
final class BrokerCommand implements Callable<Integer> {
  @picocli.CommandLine.ParentCommand LiveLakeCli root;

  @Override
  public Integer call() throws Exception {
    try (Runtime rt = root.runtime()) {
      int port = rt.config().getInt(Settings.KAFKA_EMBEDDED_PORT);
      EmbeddedKafka broker = new EmbeddedKafka(rt.brokerDir(), port).start(true, Duration.ofSeconds(90));
      java.lang.Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
      KafkaTopics.ensure(broker.cluster(), rt.config().getString(Settings.KAFKA_TOPIC),
          rt.config().getInt(Settings.KAFKA_PARTITIONS));
      Console.info("kafka: broker ready on " + broker.bootstrapServers() + ", topic "
          + rt.config().getString(Settings.KAFKA_TOPIC) + "; Ctrl-C stops it");
      return broker.waitFor();
    }
  }
}
