package io.livelake.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client properties the kafka.security.* settings make, and the settings that do not fit, refused by name. */
class KafkaClusterTest {
  private static LiveLakeConfig config(Map<String, String> env, String... sets) {
    ConfigLoader loader = new ConfigLoader().environment(env);
    for (String s : sets) loader.set(s);
    return loader.load();
  }

  @Test
  void plaintextHasNoSecurityProperties() {
    KafkaCluster c = KafkaCluster.of("b1:9092,b2:9092", false, config(Map.of()));
    assertEquals(Map.of(), c.security());
    assertEquals("b1:9092,b2:9092", c.clientProperties().get("bootstrap.servers"));
  }

  @Test
  void aSaslLoginTakesItsPasswordFromTheEnvironmentQuotedForJaas() {
    KafkaCluster c = KafkaCluster.of("pkc-1.cloud:9092", false, config(Map.of("LIVELAKE_KAFKA_PASSWORD", "p\"w\\d"),
        "kafka.security.protocol=SASL_SSL", "kafka.sasl.username=ABCKEY"));
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ABCKEY\" password=\"p\\\"w\\\\d\";"),
        c.security());
    assertEquals("pkc-1.cloud:9092", c.toString(), "the login is never shown");

    KafkaCluster scram = KafkaCluster.of("b:9093", false, config(Map.of("KAFKA_SECRET", "s"),
        "kafka.security.protocol=SASL_PLAINTEXT", "kafka.sasl.mechanism=SCRAM-SHA-512", "kafka.sasl.username=u",
        "kafka.sasl.password.env=KAFKA_SECRET"));
    assertEquals("SCRAM-SHA-512", scram.security().get("sasl.mechanism"));
    assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s\";",
        scram.security().get("sasl.jaas.config"));
  }

  @Test
  void aTrustStoreIsReadByItsKindAndAStoreWithAPasswordNeedsIt() throws Exception {
    Path dir = Files.createTempDirectory("truststore");
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    KafkaCluster c = KafkaCluster.of("b:9093", false, config(Map.of(), "kafka.security.protocol=SSL",
        "kafka.ssl.truststore.location=" + pem));
    assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.location", pem.toString(), "ssl.truststore.type", "PEM"),
        c.security());
    Path p12 = Files.write(dir.resolve("ca.p12"), new byte[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaCluster.of("b:9093", false,
        config(Map.of(), "kafka.security.protocol=SSL", "kafka.ssl.truststore.location=" + p12)));
    assertEquals("the environment variable LIVELAKE_KAFKA_TRUSTSTORE_PASSWORD (kafka.ssl.truststore.password.env) is not "
        + "set: it holds the password of the PKCS12 store " + p12, e.getMessage());
    assertEquals("changeit", KafkaCluster.of("b:9093", false, config(Map.of("LIVELAKE_KAFKA_TRUSTSTORE_PASSWORD", "changeit"),
        "kafka.security.protocol=SSL", "kafka.ssl.truststore.location=" + p12)).security().get("ssl.truststore.password"));
  }

  @Test
  void aClientCertificatesStoreGivesItsPasswordToStoreAndKeyAndAPemKeyMayHaveNone() throws Exception {
    Path dir = Files.createTempDirectory("keystore");
    Path p12 = Files.write(dir.resolve("client.p12"), new byte[] {1});
    KafkaCluster c = KafkaCluster.of("b:9093", false, config(Map.of("LIVELAKE_KAFKA_KEYSTORE_PASSWORD", "kpw"),
        "kafka.security.protocol=SSL", "kafka.ssl.keystore.location=" + p12));
    assertEquals(Map.of("security.protocol", "SSL", "ssl.keystore.location", p12.toString(), "ssl.keystore.type", "PKCS12",
        "ssl.keystore.password", "kpw", "ssl.key.password", "kpw"), c.security());
    Path pem = Files.writeString(dir.resolve("client.pem"), "-----BEGIN PRIVATE KEY-----\n");
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";",
        "ssl.keystore.location", pem.toString(), "ssl.keystore.type", "PEM"),
        KafkaCluster.of("b:9093", false, config(Map.of("LIVELAKE_KAFKA_PASSWORD", "p"), "kafka.security.protocol=SASL_SSL",
            "kafka.sasl.username=u", "kafka.ssl.keystore.location=" + pem)).security(), "an unencrypted PEM key");
    assertEquals(Map.of("security.protocol", "SSL", "ssl.keystore.location", pem.toString(), "ssl.keystore.type", "PEM",
        "ssl.key.password", "kpw"), KafkaCluster.of("b:9093", false, config(Map.of("LIVELAKE_KAFKA_KEYSTORE_PASSWORD",
        "kpw"), "kafka.security.protocol=SSL", "kafka.ssl.keystore.location=" + pem)).security(),
        "an encrypted PEM key: Kafka takes no store password beside PEM");
    assertEquals("the environment variable LIVELAKE_KAFKA_KEYSTORE_PASSWORD (kafka.ssl.keystore.password.env) is not set: "
        + "it holds the password of the PKCS12 store " + p12, refusal(false, Map.of(), "kafka.security.protocol=SSL",
        "kafka.ssl.keystore.location=" + p12));
    assertEquals("kafka.ssl.keystore.location is set, but kafka.security.protocol=PLAINTEXT uses no TLS (SSL or SASL_SSL "
        + "do)", refusal(false, Map.of(), "kafka.ssl.keystore.location=" + p12));
    assertEquals("kafka.ssl.keystore.location /nonexistent/client.p12: no such file", refusal(false, Map.of(),
        "kafka.security.protocol=SSL", "kafka.ssl.keystore.location=/nonexistent/client.p12"));
  }

  @Test
  void settingsThatDoNotFitAreRefusedByName() {
    assertEquals("kafka.sasl.username is required with kafka.security.protocol=SASL_SSL (the user or API key of the login)",
        refusal(false, Map.of(), "kafka.security.protocol=SASL_SSL"));
    assertEquals("the environment variable LIVELAKE_KAFKA_PASSWORD (kafka.sasl.password.env) is not set: it holds the "
        + "password of kafka.sasl.username alice", refusal(false, Map.of(), "kafka.security.protocol=SASL_SSL",
        "kafka.sasl.username=alice"));
    assertEquals("kafka.sasl.username is set, but kafka.security.protocol=PLAINTEXT does not log in (SASL_SSL or "
        + "SASL_PLAINTEXT do)", refusal(false, Map.of(), "kafka.sasl.username=alice"));
    assertEquals("kafka.ssl.truststore.location is set, but kafka.security.protocol=SASL_PLAINTEXT uses no TLS (SSL or "
        + "SASL_SSL do)", refusal(false, Map.of("LIVELAKE_KAFKA_PASSWORD", "x"), "kafka.security.protocol=SASL_PLAINTEXT",
        "kafka.sasl.username=a", "kafka.ssl.truststore.location=/etc/ca.pem"));
    assertEquals("kafka.ssl.truststore.location /nonexistent/ca.pem: no such file", refusal(false, Map.of(),
        "kafka.security.protocol=SSL", "kafka.ssl.truststore.location=/nonexistent/ca.pem"));
    assertEquals("kafka.security.protocol=SSL needs a cluster in kafka.bootstrap.servers: the embedded broker speaks "
        + "PLAINTEXT only", refusal(true, Map.of(), "kafka.security.protocol=SSL"));
  }

  private static String refusal(boolean embedded, Map<String, String> env, String... sets) {
    return assertThrows(IllegalArgumentException.class, () -> KafkaCluster.of("b:9092", embedded, config(env, sets)))
        .getMessage();
  }
}
