package io.livelake.kafka;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
    if (!tls && !truststore.isEmpty()) {
      throw new IllegalArgumentException(Settings.KAFKA_SSL_TRUSTSTORE.key() + " is set, but "
          + Settings.KAFKA_SECURITY_PROTOCOL.key() + "=" + protocol + " uses no TLS (SSL or SASL_SSL do)");
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
      String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
          : "org.apache.kafka.common.security.scram.ScramLoginModule";
      p.put("sasl.jaas.config", module + " required username=\"" + jaasQuoted(username) + "\" password=\""
          + jaasQuoted(password) + "\";");
    }
    if (!truststore.isEmpty()) {
      if (!Files.isRegularFile(Path.of(truststore))) {
        throw new IllegalArgumentException(Settings.KAFKA_SSL_TRUSTSTORE.key() + " " + truststore + ": no such file");
      }
      String name = truststore.toLowerCase(Locale.ROOT);
      String type = name.endsWith(".pem") || name.endsWith(".crt") ? "PEM"
          : name.endsWith(".p12") || name.endsWith(".pfx") ? "PKCS12" : "JKS";
      p.put("ssl.truststore.location", truststore);
      p.put("ssl.truststore.type", type);
      if (!type.equals("PEM")) {
        String env = config.getString(Settings.KAFKA_SSL_TRUSTSTORE_PASSWORD_ENV);
        p.put("ssl.truststore.password", config.secret(env).orElseThrow(() -> new IllegalArgumentException(
            "the environment variable " + env + " (" + Settings.KAFKA_SSL_TRUSTSTORE_PASSWORD_ENV.key() + ") is not set: "
                + "it holds the password of the " + type + " store " + truststore)));
      }
    }
    return new KafkaCluster(bootstrap, p);
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
      return " (check " + Settings.KAFKA_SECURITY_PROTOCOL.key() + " and " + Settings.KAFKA_SSL_TRUSTSTORE.key() + ")";
    }
    return "";
  }

  /** The password or user inside a JAAS option's double quotes: a quote or backslash escaped. */
  static String jaasQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** The bootstrap servers alone: the login is never shown. */
  @Override
  public String toString() { return bootstrap; }
}
