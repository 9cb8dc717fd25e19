package io.livelake.kafka;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process) on
 * 127.0.0.1, run as a child JVM from the Kafka jars on LiveLake's classpath. The child exits with
 * its parent. Data survives restarts in its log directory.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** The broker's own login to itself when it asks clients for one. */
  private static final String BROKER_USER = "livelake-broker";
  /** The SCRAM logins its SASL users may use beside PLAIN. */
  private static final List<String> SCRAM = List.of("SCRAM-SHA-256", "SCRAM-SHA-512");
  private final Path dir;
  private final int port;
  /** Users and passwords of a SASL login (PLAIN or SCRAM) clients must give; none for a broker without logins. */
  private final Map<String, String> saslUsers;
  /** The client listener's TLS, null for none. */
  private final Tls tls;
  private final String brokerPassword = Uuid.randomUuid().toString();
  private Process process;

  /**
   * TLS of the broker's client listener, which then asks every client for a certificate (mutual TLS).
   *
   * @param keystore the broker's PKCS12 store of its key and certificate, whose certificate names 127.0.0.1
   * @param password the store's password, and its key's
   * @param trusted PEM certificates the broker accepts clients' certificates by; its own among them, as it is its
   *     own client
   */
  public record Tls(Path keystore, String password, Path trusted) {}

  public EmbeddedKafka(Path dir, int port) {
    this(dir, port, Map.of(), null);
  }

  /**
   * A broker whose clients log in with SASL as one of {@code saslUsers} (user to password, none for no login), by
   * PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 as they choose,
   * over TLS when {@code tls} is not null, as a secured cluster asks them to (for tests of LiveLake's
   * kafka.security.* settings).
   */
  public EmbeddedKafka(Path dir, int port, Map<String, String> saslUsers, Tls tls) {
    this.dir = dir.toAbsolutePath();
    this.port = port;
    this.saslUsers = Map.copyOf(saslUsers);
    this.tls = tls;
  }

  public String bootstrapServers() { return "127.0.0.1:" + port; }

  /** The security protocol of the client listener. */
  private String listener() {
    return saslUsers.isEmpty() ? (tls == null ? "PLAINTEXT" : "SSL") : (tls == null ? "SASL_PLAINTEXT" : "SASL_SSL");
  }

  /** The broker as its clients reach it: in plain text, or with the broker's own login and certificate. */
  public KafkaCluster cluster() {
    Map<String, String> p = new LinkedHashMap<>();
    if (!saslUsers.isEmpty() || tls != null) p.put("security.protocol", listener());
    if (!saslUsers.isEmpty()) {
      p.put("sasl.mechanism", "PLAIN");
      p.put("sasl.jaas.config", KafkaCluster.plainLogin(BROKER_USER, brokerPassword, ";"));
    }
    if (tls != null) p.putAll(tls(tls));
    return new KafkaCluster(bootstrapServers(), p);
  }

  /** The ssl.* properties of a broker or client that presents the key in {@code tls} and trusts its certificates. */
  private static Map<String, String> tls(Tls tls) {
    return Map.of("ssl.keystore.location", tls.keystore().toAbsolutePath().toString(), "ssl.keystore.type", "PKCS12",
        "ssl.keystore.password", tls.password(), "ssl.key.password", tls.password(),
        "ssl.truststore.location", tls.trusted().toAbsolutePath().toString(), "ssl.truststore.type", "PEM");
  }

  /** Whether something already accepts connections on the broker's port. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Formats the log directory on first use, starts the broker and waits until it answers.
   * With {@code exitWithParent}, the broker stops when this JVM dies, even by kill -9.
   */
  public EmbeddedKafka start(boolean exitWithParent, Duration timeout) throws IOException, InterruptedException {
    if (listening(port) || listening(port + 1)) {
      throw new IllegalStateException("port " + port + " or " + (port + 1) + " on 127.0.0.1 is already in use;"
          + " set kafka.embedded.port to a free port or kafka.bootstrap.servers to the running broker");
    }
    Files.createDirectories(dir);
    Path props = writeProperties();
    if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
      Process format = java("kafka.tools.StorageTool", List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
          props.toString(), "--ignore-formatted"), dir.resolve("format.log"));
      if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
        throw new IllegalStateException("formatting the embedded Kafka log directory failed; see " + dir.resolve("format.log"));
      }
    }
    List<String> args = new ArrayList<>(List.of(props.toString()));
    if (exitWithParent) args.add("--exit-with-parent");
    process = java(BrokerMain.class.getName(), args, dir.resolve("broker.log"));
    long deadline = System.nanoTime() + timeout.toNanos();
    awaitReady(cluster(), deadline);
    if (!saslUsers.isEmpty()) addScramCredentials(deadline);
    return this;
  }

  /**
   * Gives every SASL user a SCRAM credential of each SCRAM mechanism, as a cluster's operator does with
   * kafka-configs, then waits until one of them logs in: the broker learns credentials from its metadata log.
   */
  private void addScramCredentials(long deadline) throws InterruptedException {
    try (Admin admin = Admin.create(cluster().clientProperties())) {
      // One request per mechanism: a request may alter a user's credentials once only.
      for (String m : SCRAM) {
        List<UserScramCredentialAlteration> credentials = new ArrayList<>();
        saslUsers.forEach((user, password) -> credentials.add(new UserScramCredentialUpsertion(user,
            new ScramCredentialInfo(ScramMechanism.fromMechanismName(m), 4096), password)));
        admin.alterUserScramCredentials(credentials).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the embedded Kafka broker did not take its SCRAM credentials: " + e.getMessage()
          + "; see " + dir.resolve("broker.log"), e);
    }
    Map.Entry<String, String> user = saslUsers.entrySet().iterator().next();
    Map<String, String> scram = new LinkedHashMap<>(cluster().security());
    scram.put("sasl.mechanism", SCRAM.get(1));
    scram.put("sasl.jaas.config", KafkaCluster.login(SCRAM.get(1), user.getKey(), user.getValue()));
    awaitReady(new KafkaCluster(bootstrapServers(), scram), deadline);
  }

  /** Blocks until the broker process ends (for `livelake broker`). */
  public int waitFor() throws InterruptedException { return process.waitFor(); }

  private Path writeProperties() throws IOException {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + (port + 1));
    String listener = listener();
    p.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + (port + 1));
    p.put("advertised.listeners", listener + "://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", listener);
    p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
    if (!saslUsers.isEmpty()) {
      p.put("sasl.enabled.mechanisms", "PLAIN," + String.join(",", SCRAM));
      for (String mechanism : SCRAM) {
        p.put("listener.name." + listener.toLowerCase(Locale.ROOT) + "." + mechanism.toLowerCase(Locale.ROOT)
            + ".sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
      p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      StringBuilder users = new StringBuilder(" user_" + BROKER_USER + "=\"" + brokerPassword + "\"");
      saslUsers.forEach((user, password) -> users.append(" user_").append(user).append("=\"")
          .append(KafkaCluster.jaasQuoted(password)).append('"'));
      p.put("listener.name." + listener.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
          KafkaCluster.plainLogin(BROKER_USER, brokerPassword, users + ";"));
    }
    if (tls != null) {
      p.putAll(tls(tls));
      p.put("ssl.client.auth", "required");
    }
    p.put("log.dirs", dir.resolve("data").toString());
    p.put("num.partitions", "2");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
    p.put("log.retention.hours", "-1");
    Path f = dir.resolve("server.properties");
    try (var w = Files.newBufferedWriter(f)) {
      p.store(w, "LiveLake embedded broker");
    }
    return f;
  }

  private Process java(String mainClass, List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms256m");
    cmd.add("-Xmx768m");
    cmd.add("-XX:+UseG1GC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    return pb.start();
  }

  /** Waits until {@code client} gets an answer from the broker. */
  private void awaitReady(KafkaCluster client, long deadline) throws InterruptedException {
    Properties p = client.clientProperties();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the embedded Kafka broker exited at start; see " + dir.resolve("broker.log"));
      }
      if (listening(port)) {
        try (Admin admin = Admin.create(p)) {
          admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
          return;
        } catch (Exception notYet) {
          // The listener is up before the controller has elected itself; try again.
        }
      }
      Thread.sleep(200);
    }
    close();
    throw new IllegalStateException("the embedded Kafka broker did not become ready in time; see "
        + dir.resolve("broker.log"));
  }

  /** Stops the broker gracefully (it flushes its logs), forcibly after 20 seconds. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The log directory (for messages). */
  public File directory() { return dir.toFile(); }
}
