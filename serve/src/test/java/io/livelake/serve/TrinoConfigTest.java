package io.livelake.serve;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files LiveLake gives Trino: what it binds to, what clients may do, and no secret written down. */
class TrinoConfigTest {
  @TempDir Path dir;

  private ServeOptions options(Map<String, String> env, String... sets) {
    ConfigLoader l = new ConfigLoader().file(null).environment(env)
        .flag("lake.root", dir.resolve("lake").toString(), "test").flag("serve.dir", dir.resolve("trino").toString(), "test");
    for (String s : sets) l.set(s);
    return ServeOptions.of(l.load(), true);
  }

  @Test
  void loopbackServerReadsTheLakeThroughOneCatalog() {
    TrinoConfig c = new TrinoConfig(options(Map.of()), new TrinoConfig.Admin("livelake_admin_x", "pw"));
    Map<String, String> f = c.files();
    String server = f.get("etc/config.properties");
    assertTrue(server.contains("node.bind-ip=127.0.0.1\n") && server.contains("node.internal-address=127.0.0.1\n")
        && server.contains("http-server.http.port=18080\n") && server.contains("web-ui.enabled=false\n"), server);
    assertFalse(server.contains("https") || server.contains("authentication"), server);
    assertEquals("connector.name=delta_lake\nhive.metastore=file\nhive.metastore.catalog.dir=local://" + dir.resolve("trino/metastore")
        + "\nfs.native-local.enabled=true\nlocal.location=/\ndelta.register-table-procedure.enabled=true\n"
        + "delta.metadata.cache-ttl=0s\n", f.get("etc/catalog/livelake.properties"));
    assertFalse(f.containsKey("etc/password.db"));
  }

  @Test
  void rulesLetClientsReadOnlyTheReadableSchemasAndOnlyTheAdminRegister() throws Exception {
    String json = AccessRules.json("livelake", "livelake_admin_x", List.of("gold", "bronze"));
    JsonNode rules = new ObjectMapper().readTree(json);
    JsonNode tables = rules.get("tables");
    assertEquals("^\\Qlivelake_admin_x\\E$", tables.get(0).get("user").asText());
    assertEquals("gold|bronze|information_schema", tables.get(1).get("schema").asText());
    assertEquals("[\"SELECT\"]", tables.get(1).get("privileges").toString());
    assertEquals("read-only", rules.get("catalogs").get(1).get("allow").asText());
    assertEquals("none", rules.get("catalogs").get(2).get("allow").asText());
    assertEquals("register_table", rules.get("procedures").get(0).get("procedure").asText());
    assertEquals(1, rules.get("procedures").size());
  }

  @Test
  void tlsAndPasswordComeFromTheEnvironmentAndTheHashVerifies() throws Exception {
    Path pem = Files.writeString(dir.resolve("server.pem"), "x");
    ServeOptions o = options(Map.of("LIVELAKE_SERVE_PASSWORD", "s3cret pass", "LIVELAKE_SERVE_KEYSTORE_PASSWORD", "ks-pw"),
        "serve.bind=0.0.0.0", "serve.tls.keystore=" + pem, "serve.port=8443");
    TrinoConfig c = new TrinoConfig(o, new TrinoConfig.Admin("livelake_admin_x", "admin-pw"));
    Map<String, String> f = c.files();
    String server = f.get("etc/config.properties");
    assertTrue(server.contains("http-server.https.port=8443\n") && server.contains("http-server.http.port=8444\n")
        && server.contains("http-server.https.keystore.path=" + pem + "\n")
        && server.contains("http-server.https.keystore.key=${ENV:LIVELAKE_SERVE_KEYSTORE_KEY}\n")
        && server.contains("internal-communication.shared-secret=${ENV:LIVELAKE_SERVE_INTERNAL_SECRET}\n")
        && server.contains("http-server.authentication.type=PASSWORD\n"), server);
    for (String content : f.values()) {
      assertFalse(content.contains("s3cret") || content.contains("ks-pw") || content.contains("admin-pw"), content);
    }
    String[] lines = f.get("etc/password.db").split("\n");
    assertEquals(2, lines.length);
    assertTrue(verifies(lines[0], "bi", "s3cret pass"));
    assertFalse(verifies(lines[0], "bi", "s3cret"));
    assertTrue(verifies(lines[1], "livelake_admin_x", "admin-pw"));
  }

  /** Trino's check of a PBKDF2 line (io.trino.plugin.password.file.EncryptionUtil), redone here. */
  private static boolean verifies(String line, String user, String password) throws Exception {
    String[] p = line.split(":");
    assertEquals(user, p[0]);
    byte[] salt = HexFormat.of().parseHex(p[2]);
    byte[] hash = HexFormat.of().parseHex(p[3]);
    byte[] again = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(p[1]), hash.length * 8)).getEncoded();
    return java.security.MessageDigest.isEqual(hash, again);
  }

  @Test
  void writeLinksOnlyTheTwoPluginsAndEmptiesTheMetastore() throws Exception {
    Path home = dir.resolve("trino-server");
    for (String p : List.of("delta-lake", "password-authenticators", "hive", "bigquery")) {
      Files.createDirectories(home.resolve("plugin").resolve(p));
    }
    TrinoConfig c = new TrinoConfig(options(Map.of()), TrinoConfig.Admin.random());
    Files.createDirectories(c.metastore().resolve("gold"));
    Files.writeString(c.metastore().resolve(".gold.trinoSchema"), "{}");
    c.write(new TrinoDistribution(home, "476"));
    try (Stream<Path> plugins = Files.list(c.plugins()); Stream<Path> meta = Files.list(c.metastore())) {
      assertEquals(List.of("delta-lake", "password-authenticators"),
          plugins.map(p -> p.getFileName().toString()).sorted().toList());
      assertEquals(0, meta.count());
    }
    assertEquals(home.resolve("plugin/delta-lake"), Files.readSymbolicLink(c.plugins().resolve("delta-lake")));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(c.etc())));
    c.write(new TrinoDistribution(home, "476"));
    assertTrue(Files.isRegularFile(c.etc().resolve("rules.json")), "a second start rewrites it all");
  }
}
