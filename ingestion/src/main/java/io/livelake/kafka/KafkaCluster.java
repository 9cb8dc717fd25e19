package io.livelake.kafka;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Setting;
import io.livelake.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A Kafka cluster to connect to: its bootstrap servers and the client properties that secure the connection (TLS, a
 * SASL login, a trust store), the same for every client LiveLake makes of it: admin, producer and Spark's source.
 *
 * @param bootstrap the bootstrap servers, host:port[,host:port...]
 * @param security Kafka client properties besides bootstrap.servers, empty for PLAINTEXT
 */
public record KafkaCluster(String bootstrap, Map<String, String> security) {
  public KafkaCluster {
    security = Map.copyOf(security);
  }

  /** A cluster reached in plain text, as the embedded broker is. */
  public static KafkaCluster plaintext(String bootstrap) {
    return new KafkaCluster(bootstrap, Map.of());
  }

  /**
   * The cluster at {@code bootstrap} as the kafka.security.*, kafka.sasl.* and kafka.ssl.* settings reach it, the
   * password and trust store password read from the environment variables they name.
   *
   * @param embedded whether {@code bootstrap} is LiveLake's embedded broker, which speaks PLAINTEXT only
   * @throws IllegalArgumentException naming the setting that is missing, contradictory or points at nothing
   */
  public static KafkaCluster of(String bootstrap, boolean embedded, LiveLakeConfig config) {
    String protocol = config.getString(Settings.KAFKA_SECURITY_PROTOCOL);
    String username = config.getString(Settings.KAFKA_SASL_USERNAME).strip();
    String truststore = config.getString(Settings.KAFKA_SSL_TRUSTSTORE).strip();
    String keystore = config.getString(Settings.KAFKA_SSL_KEYSTORE).strip();
    boolean sasl = protocol.startsWith("SASL_");
    boolean tls = protocol.endsWith("SSL");
    if (embedded && !protocol.equals("PLAINTEXT")) {
      throw new IllegalArgumentException(Settings.KAFKA_SECURITY_PROTOCOL.key() + "=" + protocol + " needs a cluster in "
          + Settings.KAFKA_BOOTSTRAP.key() + ": the embedded broker speaks PLAINTEXT only");
    }
    if (!sasl && !username.isEmpty()) {
      throw new IllegalArgumentException(Settings.KAFKA_SASL_USERNAME.key() + " is set, but "
          + Settings.KAFKA_SECURITY_PROTOCOL.key() + "=" + protocol + " does not log in (SASL_SSL or SASL_PLAINTEXT do)");
    }
    for (Setting store : List.of(Settings.KAFKA_SSL_TRUSTSTORE, Settings.KAFKA_SSL_KEYSTORE)) {
      if (!tls && !config.getString(store).isBlank()) {
        throw new IllegalArgumentException(store.key() + " is set, but " + Settings.KAFKA_SECURITY_PROTOCOL.key() + "="
            + protocol + " uses no TLS (SSL or SASL_SSL do)");
      }
    }
    Map<String, String> p = new LinkedHashMap<>();
    if (protocol.equals("PLAINTEXT")) return new KafkaCluster(bootstrap, p);
    p.put("security.protocol", protocol);
    if (sasl) {
      if (username.isEmpty()) {
        throw new IllegalArgumentException(Settings.KAFKA_SASL_USERNAME.key() + " is required with "
            + Settings.KAFKA_SECURITY_PROTOCOL.key() + "=" + protocol + " (the user or API key of the login)");
      }
      String passwordEnv = config.getString(Settings.KAFKA_SASL_PASSWORD_ENV);
      String password = config.secret(passwordEnv).orElseThrow(() -> new IllegalArgumentException(
          "the environment variable " + passwordEnv + " (" + Settings.KAFKA_SASL_PASSWORD_ENV.key() + ") is not set: it "
              + "holds the password of " + Settings.KAFKA_SASL_USERNAME.key() + " " + username));
      String mechanism = config.getString(Settings.KAFKA_SASL_MECHANISM);
      p.put("sasl.mechanism", mechanism);
      p.put("sasl.jaas.config", login(mechanism, username, password));
    }
    if (!truststore.isEmpty()) {
      Store trust = Store.of(Settings.KAFKA_SSL_TRUSTSTORE, truststore, Settings.KAFKA_SSL_TRUSTSTORE_PASSWORD_ENV, config);
      p.put("ssl.truststore.location", truststore);
      p.put("ssl.truststore.type", trust.type());
      // Kafka refuses a password beside PEM certificates.
      if (!trust.type().equals("PEM")) p.put("ssl.truststore.password", trust.password().orElseThrow());
    }
    if (!keystore.isEmpty()) {
      Store key = Store.of(Settings.KAFKA_SSL_KEYSTORE, keystore, Settings.KAFKA_SSL_KEYSTORE_PASSWORD_ENV, config);
      p.put("ssl.keystore.location", keystore);
      p.put("ssl.keystore.type", key.type());
      // A PEM file has no store password, only its key's, when the key is encrypted.
      key.password().ifPresent(pw -> {
        if (!key.type().equals("PEM")) p.put("ssl.keystore.password", pw);
        p.put("ssl.key.password", pw);
      });
    }
    return new KafkaCluster(bootstrap, p);
  }

  /**
   * A trust or key store file: its Kafka type by extension and its password, required unless the file is PEM (whose
   * certificates need none and whose key may be unencrypted).
   */
  private record Store(String type, Optional<String> password) {
    static Store of(Setting location, String path, Setting passwordEnv, LiveLakeConfig config) {
      if (!Files.isRegularFile(Path.of(path))) throw new IllegalArgumentException(location.key() + " " + path + ": no such file");
      String name = path.toLowerCase(Locale.ROOT);
      String type = name.endsWith(".pem") || name.endsWith(".crt") ? "PEM"
          : name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS";
      String env = config.getString(passwordEnv);
      Optional<String> password = config.secret(env);
      if (password.isEmpty() && !type.equals("PEM")) {
        throw new IllegalArgumentException("the environment variable " + env + " (" + passwordEnv.key() + ") is not set: "
            + "it holds the password of the " + type + " store " + path);
      }
      return new Store(type, password);
    }
  }

  /** Every client property: bootstrap.servers and the security ones. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.putAll(security);
    return p;
  }

  /** Whether a failure's cause is the cluster refusing the login or the TLS handshake, and what to check then. */
  static String securityHint(Throwable cause) {
    if (cause instanceof org.apache.kafka.common.errors.SaslAuthenticationException) {
      return " (check " + Settings.KAFKA_SASL_USERNAME.key() + ", " + Settings.KAFKA_SASL_MECHANISM.key()
          + " and the password in the variable named by " + Settings.KAFKA_SASL_PASSWORD_ENV.key() + ")";
    }
    if (cause instanceof org.apache.kafka.common.errors.SslAuthenticationException) {
      return " (check " + Settings.KAFKA_SECURITY_PROTOCOL.key() + ", " + Settings.KAFKA_SSL_TRUSTSTORE.key() + " and "
          + Settings.KAFKA_SSL_KEYSTORE.key() + ")";
    }
    return "";
  }

  /** The JAAS text of a client's SASL login as {@code user} by {@code mechanism}: PLAIN or SCRAM-SHA-*. */
  static String login(String mechanism, String user, String password) {
    return mechanism.equals("PLAIN") ? plainLogin(user, password, ";")
        : "org.apache.kafka.common.security.scram.ScramLoginModule" + options(user, password) + ";";
  }

  /** The JAAS text of a SASL/PLAIN login as {@code user}, {@code tail} after its options (";" ends it). */
  static String plainLogin(String user, String password, String tail) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule" + options(user, password) + tail;
  }

  private static String options(String user, String password) {
    return " required username=\"" + jaasQuoted(user) + "\" password=\"" + jaasQuoted(password) + "\"";
  }

  /** The password or user inside a JAAS option's double quotes: a quote or backslash escaped. */
  static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The bootstrap servers alone: the login is never shown. */
  @Override
  public String toString() { return bootstrap; }
}
