package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.kafka.EmbeddedKafka;
import io.livelake.kafka.KafkaTopics;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ingest from a cluster that speaks TLS only and asks every client for its certificate (mutual TLS, as Aiven's
 * clusters do by default): a real broker whose certificate no public authority signed, reached with
 * kafka.security.protocol=SSL, the broker's certificate as a PEM trust store and the client's key in a PKCS12 store
 * whose password is in the environment. The certificates are made by the JDK's keytool for each run.
 */
@IntegrationTest
class KafkaTlsTest {
  private static final String TOPIC = "tls-events";
  private static final String BROKER_PASSWORD = "broker-store-pw";
  private static final String CLIENT_PASSWORD = "client-store-pw";
  private static EmbeddedKafka broker;
  private static Path dir;
  private static Path brokerCert;
  private static Path clientStore;

  @BeforeAll
  static void brokerAskingForCertificatesWithEvents() throws Exception {
    dir = TestSpark.newDir("kafka-tls");
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Path brokerStore = keyPair(certs, "broker", "CN=127.0.0.1", BROKER_PASSWORD);
    brokerCert = certificate(certs, "broker", BROKER_PASSWORD);
    clientStore = keyPair(certs, "client", "CN=livelake-client", CLIENT_PASSWORD);
    Path trusted = certs.resolve("trusted-by-broker.pem");
    Files.writeString(trusted, Files.readString(brokerCert) + Files.readString(certificate(certs, "client", CLIENT_PASSWORD)));
    broker = KafkaFixture.securedWithEvents(dir, Map.of(), new EmbeddedKafka.Tls(brokerStore, BROKER_PASSWORD, trusted),
        TOPIC, 11);
  }

  @AfterAll
  static void stop() {
    if (broker != null) broker.close();
  }

  @Test
  void theClientsCertificateAndTheBrokersAuthorityIngestEveryRecordAndEitherMissingIsNamed() throws Exception {
    long records = KafkaTopics.endOffsetTotal(broker.cluster(), TOPIC);
    assertTrue(records > 2_000, "the simulator produced " + records + " records");

    Path lake = dir.resolve("lake");
    KafkaFixture.ProcessRun ok = ingest(lake, Map.of("LIVELAKE_KAFKA_KEYSTORE_PASSWORD", CLIENT_PASSWORD),
        "kafka.ssl.truststore.location=" + brokerCert, "kafka.ssl.keystore.location=" + clientStore);
    assertEquals(0, ok.code(), ok.log());
    Lake l = TestSpark.lake(lake);
    assertEquals(records, l.read(Tables.EVENTS_RAW).count(), "every record of the topic, read over mutual TLS");
    assertEquals(records, l.read(Tables.EVENTS_RAW).select("source_partition", "source_offset").distinct().count());
    assertFalse(ok.log().contains(CLIENT_PASSWORD), "the store's password is never shown");

    // Without the broker's certificate the JVM's authorities do not vouch for it: the handshake fails, named.
    KafkaFixture.ProcessRun untrusted = ingest(dir.resolve("lake-untrusted"),
        Map.of("LIVELAKE_KAFKA_KEYSTORE_PASSWORD", CLIENT_PASSWORD), "kafka.ssl.keystore.location=" + clientStore);
    assertEquals(1, untrusted.code(), untrusted.log());
    assertTrue(untrusted.log().contains("livelake ingest: Kafka at " + broker.bootstrapServers() + ": SSL handshake failed"),
        untrusted.log());
    assertTrue(untrusted.log().contains("(check kafka.security.protocol, kafka.ssl.truststore.location and "
        + "kafka.ssl.keystore.location)"), untrusted.log());

    // Without a certificate of its own the client is refused by the broker, which asks for one: named too.
    KafkaFixture.ProcessRun noCertificate = ingest(dir.resolve("lake-no-certificate"), Map.of(),
        "kafka.ssl.truststore.location=" + brokerCert);
    assertEquals(1, noCertificate.code(), noCertificate.log());
    assertTrue(noCertificate.log().lines().anyMatch(line -> line.startsWith("livelake ingest: Kafka at "
        + broker.bootstrapServers() + ": ") && line.contains("(check kafka.security.protocol, kafka.ssl.truststore.location "
        + "and kafka.ssl.keystore.location)") && line.contains("bad_certificate")), noCertificate.log());

    KafkaFixture.ProcessRun noPassword = ingest(dir.resolve("lake-no-password"), Map.of(),
        "kafka.ssl.truststore.location=" + brokerCert, "kafka.ssl.keystore.location=" + clientStore);
    assertEquals(2, noPassword.code(), noPassword.log());
    assertTrue(noPassword.log().lines().anyMatch(("livelake: the environment variable LIVELAKE_KAFKA_KEYSTORE_PASSWORD "
        + "(kafka.ssl.keystore.password.env) is not set: it holds the password of the PKCS12 store " + clientStore)::equals),
        noPassword.log());
  }

  /** A PKCS12 store {@code name}.p12 of a new EC key and its self-signed certificate for {@code subject}, valid for 127.0.0.1. */
  private static Path keyPair(Path certs, String name, String subject, String password) throws Exception {
    Path store = certs.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
        "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", password, "-keypass", password);
    return store;
  }

  /** The certificate in {@code name}.p12, exported as {@code name}.pem. */
  private static Path certificate(Path certs, String name, String password) throws Exception {
    Path pem = certs.resolve(name + ".pem");
    keytool("-exportcert", "-rfc", "-alias", name, "-keystore", certs.resolve(name + ".p12").toString(), "-storepass",
        password, "-file", pem.toString());
    return pem;
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not end");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
  }

  private static KafkaFixture.ProcessRun ingest(Path lake, Map<String, String> env, String... sets) throws Exception {
    List<String> all = new ArrayList<>(List.of("kafka.security.protocol=SSL"));
    all.addAll(List.of(sets));
    return KafkaFixture.ingestInProcess(lake, env, broker, TOPIC, all.toArray(String[]::new));
  }
}
