package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaCluster;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What a command needs at run time, created on first use: the validated configuration, the Spark
 * session, the lake, and the Kafka cluster (the embedded broker when none is configured).
 */
final class Runtime implements AutoCloseable {
  private final LiveLakeConfig config;
  private SparkSession spark;
  /** Whether this runtime started the session (and so stops it); an embedding program keeps its own. */
  private boolean ownsSpark;
  /** The lake once opened (its root checked); {@code allRegistered} once every existing table is in the catalog. */
  private Lake lake;
  private boolean allRegistered;
  private EmbeddedKafka broker;

  Runtime(LiveLakeConfig config) { this.config = config; }

  static Runtime of(ConfigLoader loader) { return new Runtime(loader.load()); }

  LiveLakeConfig config() { return config; }

  SparkSession spark() {
    if (spark == null) {
      ownsSpark = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
      spark = LakeSessions.create(config, "livelake");
    }
    return spark;
  }

  /** The lake; its root must be a directory (or not exist yet): a file there would make every table look missing. */
  Lake lake() {
    Lake l = opened();
    if (!allRegistered) {
      l.registerExisting();
      allRegistered = true;
    }
    return l;
  }

  /**
   * The lake for a job that reads and writes its tables by path, registering only {@code names} in the
   * catalog (a table a setting names): registering all of them reads every Delta log, seconds on a cold JVM.
   */
  Lake lakeByPath(List<TableDef> names) {
    return opened().registerExisting(names);
  }

  private Lake opened() {
    if (lake == null) {
      LakePaths paths = LakePaths.of(config);
      if (paths.rootKind(this::spark) == LakePaths.RootKind.FILE) {
        throw new IllegalArgumentException(rootName() + " is a file, not a directory");
      }
      lake = new Lake(spark(), paths);
    }
    return lake;
  }

  /**
   * The lake of a command that reads or changes tables already there (tables, sql, erase,
   * export-user): a root that does not exist is refused too, before Spark's catalog makes directories in it.
   */
  Lake existingLake() {
    refuseMissingRoot();
    return lake();
  }

  /**
   * {@link #existingLake()} registering only the tables {@code which} picks once the session exists
   * (e.g. those a SQL statement names): registering a table reads its Delta log.
   */
  Lake existingLake(Function<SparkSession, List<TableDef>> which) {
    refuseMissingRoot();
    return opened().registerExisting(which.apply(spark()));
  }

  private void refuseMissingRoot() {
    if (lake == null && LakePaths.of(config).rootKind(this::spark) == LakePaths.RootKind.MISSING) {
      throw new IllegalArgumentException(rootName() + " does not exist: no lake there yet (ingest, dimensions or demo create it)");
    }
  }

  /** The lake root as the user gave it, with where it came from. */
  private String rootName() {
    String origin = config.origin(Settings.LAKE_ROOT.key());
    return "lake " + LakePaths.of(config).root() + (origin.equals("default") ? "" : " (from " + origin + ")");
  }

  /** Refuses a blank raw user id given as {@code flag}, as the ingestion refuses events without a user. */
  static void requireUserId(String value, String flag) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(flag + " must not be empty: the ingestion refuses events with an empty user_id");
    }
  }

  /**
   * The Kafka cluster: the one configured, reached as the kafka.security.* settings say, or the embedded broker (reused
   * if already running). Security settings that do not fit are refused by name before any connection.
   */
  KafkaCluster kafka() throws Exception {
    if (!embeddedKafka()) return KafkaCluster.of(config.getString(Settings.KAFKA_BOOTSTRAP), false, config);
    int port = config.getInt(Settings.KAFKA_EMBEDDED_PORT);
    // Refuses security settings meant for a cluster before a broker that cannot honour them starts.
    KafkaCluster.of("127.0.0.1:" + port, true, config);
    if (broker == null) {
      if (EmbeddedKafka.listening(port)) {
        Console.info("kafka: using the broker already listening on 127.0.0.1:" + port);
        return KafkaCluster.plaintext("127.0.0.1:" + port);
      }
      Console.info("kafka: starting the embedded KRaft broker on 127.0.0.1:" + port + " (data in " + brokerDir() + ")");
      broker = new EmbeddedKafka(brokerDir(), port).start(true, Duration.ofSeconds(90));
    }
    return KafkaCluster.plaintext(broker.bootstrapServers());
  }

  /** Whether Kafka is LiveLake's embedded broker rather than a cluster kafka.bootstrap.servers names. */
  boolean embeddedKafka() { return config.getString(Settings.KAFKA_BOOTSTRAP).isBlank(); }

  /** The configured Kafka brokers, else the embedded broker's address while one is listening; none otherwise. */
  Optional<KafkaCluster> runningKafka() {
    if (!embeddedKafka()) return Optional.of(KafkaCluster.of(config.getString(Settings.KAFKA_BOOTSTRAP), false, config));
    int port = config.getInt(Settings.KAFKA_EMBEDDED_PORT);
    return EmbeddedKafka.listening(port) ? Optional.of(KafkaCluster.plaintext("127.0.0.1:" + port)) : Optional.empty();
  }

  Path brokerDir() {
    String dir = config.getString(Settings.KAFKA_EMBEDDED_DIR);
    return dir.isBlank() ? Path.of(".livelake", "kafka") : Path.of(dir);
  }

  @Override
  public void close() {
    if (spark != null && ownsSpark) spark.stop();
    if (broker != null) broker.close();
  }
}
