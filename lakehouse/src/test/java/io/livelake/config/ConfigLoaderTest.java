package io.livelake.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path conf(String... lines) throws IOException {
    Path f = dir.resolve("livelake.conf");
    Files.write(f, List.of(lines));
    return f;
  }

  private ConfigLoader loader(Path file, Map<String, String> env) {
    return new ConfigLoader().file(file).environment(env);
  }

  @Test
  void defaultsComeFromCode() {
    LiveLakeConfig c = loader(null, Map.of()).load();
    assertEquals("lake", c.getString(Settings.LAKE_ROOT));
    assertEquals(2, c.getInt(Settings.KAFKA_PARTITIONS));
    assertEquals(Duration.ofMinutes(10), c.getDuration(Settings.INGEST_WATERMARK));
    assertEquals(5, c.getInt(Settings.MODEL_HIDDEN));
    assertEquals("default", c.origin("kafka.partitions"));
  }

  @Test
  void fileOverridesDefaultsEnvironmentOverridesFileFlagsOverrideEverything() throws IOException {
    Path f = conf("# a comment", "kafka.partitions = 3", "kafka.topic = from-file   # trailing comment",
        "ingest.watermark.delay = 5m", "lake.root = /data/file-lake");
    LiveLakeConfig fileOnly = loader(f, Map.of()).load();
    assertEquals(3, fileOnly.getInt(Settings.KAFKA_PARTITIONS));
    assertEquals("from-file", fileOnly.getString(Settings.KAFKA_TOPIC));
    assertEquals(f + " line 2", fileOnly.origin("kafka.partitions"));

    Map<String, String> env = Map.of("LIVELAKE_KAFKA_PARTITIONS", "4", "LIVELAKE_KAFKA_TOPIC", "from-env");
    LiveLakeConfig withEnv = loader(f, env).load();
    assertEquals(4, withEnv.getInt(Settings.KAFKA_PARTITIONS));
    assertEquals("from-env", withEnv.getString(Settings.KAFKA_TOPIC));
    assertEquals(Duration.ofMinutes(5), withEnv.getDuration(Settings.INGEST_WATERMARK), "file value kept");
    assertEquals("environment variable LIVELAKE_KAFKA_TOPIC", withEnv.origin("kafka.topic"));

    LiveLakeConfig withFlags = loader(f, env).flag("kafka.topic", "from-flag", "--topic").set("kafka.partitions=6").load();
    assertEquals(6, withFlags.getInt(Settings.KAFKA_PARTITIONS));
    assertEquals("from-flag", withFlags.getString(Settings.KAFKA_TOPIC));
    assertEquals("--topic", withFlags.origin("kafka.topic"));
    assertEquals("/data/file-lake", withFlags.getString(Settings.LAKE_ROOT));
  }

  @Test
  void unknownKeyInFileNamesFileLineAndKey() throws IOException {
    Path f = conf("kafka.topic = x", "kafka.partitons = 3");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(f, Map.of()).load());
    assertEquals(f + " line 2: unknown setting 'kafka.partitons'", e.getMessage());
  }

  /** Files as Windows editors save them: UTF-8 with a byte-order mark is read; "ANSI" is named as not UTF-8. */
  @Test
  void aByteOrderMarkIsReadAndAFileNotInUtf8IsNamed() throws IOException {
    Path marked = conf("\uFEFFkafka.topic = marked");
    assertEquals("marked", loader(marked, Map.of()).load().getString(Settings.KAFKA_TOPIC));
    Path ansi = Files.write(marked.resolveSibling("ansi.conf"),
        "# caf\u00e9\nkafka.topic = x\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    ConfigException e = assertThrows(ConfigException.class, () -> loader(ansi, Map.of()).load());
    assertEquals(ansi + ": not UTF-8 text; save it as UTF-8", e.getMessage());
  }

  @Test
  void wrongTypeNamesKeyExpectationValueAndOrigin() throws IOException {
    Path f = conf("kafka.partitions = two");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(f, Map.of()).load());
    assertEquals("kafka.partitions: expected an integer, got 'two' (from " + f + " line 1)", e.getMessage());

    ConfigException d = assertThrows(ConfigException.class,
        () -> loader(null, Map.of("LIVELAKE_INGEST_WATERMARK_DELAY", "ten minutes")).load());
    assertEquals("ingest.watermark.delay: expected a duration such as 500ms, 10s, 5m, 2h or 1d, got 'ten minutes'"
        + " (from environment variable LIVELAKE_INGEST_WATERMARK_DELAY)", d.getMessage());

    ConfigException b = assertThrows(ConfigException.class,
        () -> loader(null, Map.of()).flag("log.verbose", "maybe", "--verbose").load());
    assertEquals("log.verbose: expected true or false, got 'maybe' (from --verbose)", b.getMessage());
  }

  @Test
  void ruleViolationsAndMissingRequiredValues() {
    ConfigException range = assertThrows(ConfigException.class,
        () -> loader(null, Map.of()).set("kafka.partitions=0").load());
    assertEquals("kafka.partitions: must be greater than 0, got '0' (from --set kafka.partitions)", range.getMessage());

    ConfigException amount = assertThrows(ConfigException.class,
        () -> loader(null, Map.of()).set("cleaning.order.max.amount=1e20").load());
    assertEquals("cleaning.order.max.amount: must be greater than 0 and at most 1000000000000000 (1e15: the indicators sum "
        + "amounts exactly, in decimals of 18 integer digits), got '1e20' (from --set cleaning.order.max.amount)",
        amount.getMessage());
    assertEquals(1e15, loader(null, Map.of()).set("cleaning.gift.max.value=1e15").load().getDouble(Settings.GIFT_MAX_VALUE));

    ConfigException empty = assertThrows(ConfigException.class,
        () -> loader(null, Map.of("LIVELAKE_KAFKA_TOPIC", " ")).load());
    assertEquals("kafka.topic: must not be empty, got ' ' (from environment variable LIVELAKE_KAFKA_TOPIC)",
        empty.getMessage());

    ConfigException choice = assertThrows(ConfigException.class,
        () -> loader(null, Map.of()).set("catalog.type=glue").load());
    assertEquals("catalog.type: must be one of in-memory, hive, got 'glue' (from --set catalog.type)", choice.getMessage());
  }

  @Test
  void unknownFlagsEnvironmentVariablesAndMalformedLines() throws IOException {
    ConfigException flag = assertThrows(ConfigException.class, () -> loader(null, Map.of()).set("no.such=1").load());
    assertEquals("--set no.such: unknown setting 'no.such'", flag.getMessage());

    ConfigException env = assertThrows(ConfigException.class,
        () -> loader(null, Map.of("LIVELAKE_NO_SUCH", "1")).load());
    assertTrue(env.getMessage().startsWith("environment variable LIVELAKE_NO_SUCH: no such setting"), env.getMessage());

    ConfigException set = assertThrows(ConfigException.class, () -> loader(null, Map.of()).set("justakey"));
    assertEquals("--set justakey: expected key=value", set.getMessage());

    Path f = conf("kafka.topic");
    ConfigException line = assertThrows(ConfigException.class, () -> loader(f, Map.of()).load());
    assertEquals(f + " line 1: expected 'key = value', got 'kafka.topic'", line.getMessage());

    ConfigException missing = assertThrows(ConfigException.class,
        () -> loader(dir.resolve("absent.conf"), Map.of()).load());
    assertEquals("--config " + dir.resolve("absent.conf") + ": file not found", missing.getMessage());
  }

  @Test
  void secretsComeOnlyFromTheEnvironmentAndAreNotSettings() {
    LiveLakeConfig c = loader(null, Map.of("LIVELAKE_HMAC_KEY", "s3cret-s3cret-s3cret")).load();
    assertEquals("s3cret-s3cret-s3cret", c.secret("LIVELAKE_HMAC_KEY").orElseThrow());
    assertFalse(c.describe().contains("s3cret"));

    // Every variable a *.env setting names is a secret, and the launcher's own variables are not settings.
    LiveLakeConfig serve = loader(null, Map.of("LIVELAKE_SERVE_PASSWORD", "pw-1", "LIVELAKE_SERVE_KEYSTORE_PASSWORD", "pw-2",
        "LIVELAKE_DRIVER_MEMORY", "4g", "LIVELAKE_CDS", "off", "LIVELAKE_CLASSPATH", "/opt/jars/a.jar")).load();
    assertEquals("pw-1", serve.secret(serve.getString(Settings.SERVE_PASSWORD_ENV)).orElseThrow());
    assertEquals("pw-2", serve.secret(serve.getString(Settings.SERVE_TLS_PASSWORD_ENV)).orElseThrow());
    assertFalse(serve.describe().contains("pw-"));
    assertEquals("environment variable LIVELAKE_SERVE_PASSWRD: no such setting (settings map to LIVELAKE_<KEY>, e.g. "
        + "LIVELAKE_LAKE_ROOT)", assertThrows(ConfigException.class,
            () -> loader(null, Map.of("LIVELAKE_SERVE_PASSWRD", "x")).load()).getMessage());
  }

  @Test
  void theShippedConfFileDocumentsEverySettingWithItsDefault() throws IOException {
    Path shipped = Path.of(System.getProperty("livelake.root", ".."), "conf", "livelake.conf");
    List<String> lines = Files.readAllLines(shipped);
    for (Setting s : Settings.all()) {
      assertTrue(lines.contains("# " + s.key() + " = " + s.defaultValue()),
          "conf/livelake.conf lists " + s.key() + " with its default " + s.defaultValue());
    }
    assertDoesNotThrow(() -> loader(shipped, Map.of()).load(), "the shipped file loads");
  }
}
