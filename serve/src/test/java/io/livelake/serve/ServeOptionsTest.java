package io.livelake.serve;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.config.ConfigException;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's settings: loopback without ceremony, anything wider only with the flag, TLS and a password. */
class ServeOptionsTest {
  @TempDir Path dir;

  private LiveLakeConfig config(Map<String, String> env, String... sets) {
    ConfigLoader l = new ConfigLoader().file(null).environment(env).flag("lake.root", dir.resolve("lake").toString(), "test");
    for (String s : sets) l.set(s);
    return l.load();
  }

  @Test
  void loopbackByDefaultWithoutTlsOrPassword() {
    ServeOptions o = ServeOptions.of(config(Map.of()), false);
    assertEquals("127.0.0.1", o.bind());
    assertFalse(o.remote());
    assertFalse(o.tls());
    assertEquals("127.0.0.1", o.internalAddress());
    assertEquals("jdbc:trino://127.0.0.1:18080/livelake/gold", o.jdbcUrl());
    assertEquals(dir.resolve("lake"), o.lakeRoot());
    assertEquals(dir.resolve("lake").toUri().toString().replaceAll("/$", "") + "/gold", o.lake().database("gold"));
    assertTrue(ServeOptions.of(config(Map.of(), "serve.bind=localhost"), false).bind().equals("localhost"));
  }

  @Test
  void beyondLoopbackNeedsTheFlagTlsAndAPassword() throws Exception {
    String why = "serve.bind 0.0.0.0 is not a loopback address: ";
    assertEquals(why + "listening beyond this machine needs the --allow-remote flag (and TLS via serve.tls.keystore, "
        + "and a password in the variable named by serve.password.env)",
        assertThrows(ConfigException.class, () -> ServeOptions.of(config(Map.of(), "serve.bind=0.0.0.0"), false)).getMessage());
    assertEquals(why + "it needs TLS; set serve.tls.keystore to a PEM file or keystore",
        assertThrows(ConfigException.class, () -> ServeOptions.of(config(Map.of(), "serve.bind=0.0.0.0"), true)).getMessage());
    Path pem = Files.writeString(dir.resolve("server.pem"), "not read here");
    assertEquals(why + "it needs password authentication; set the environment variable LIVELAKE_SERVE_PASSWORD "
        + "(serve.password.env) to serve.user's password",
        assertThrows(ConfigException.class, () -> ServeOptions.of(
            config(Map.of(), "serve.bind=0.0.0.0", "serve.tls.keystore=" + pem), true)).getMessage());

    ServeOptions o = ServeOptions.of(config(Map.of("LIVELAKE_SERVE_PASSWORD", "s3cret"), "serve.bind=0.0.0.0",
        "serve.tls.keystore=" + pem), true);
    assertTrue(o.remote() && o.tls());
    assertEquals("s3cret", o.password().orElseThrow());
    assertEquals("127.0.0.1", o.internalAddress(), "all interfaces include loopback, where Trino calls itself");
    assertEquals("jdbc:trino://<this-host>:18080/livelake/gold?SSL=true", o.jdbcUrl());
  }

  @Test
  void badCombinationsNameTheKey() {
    assertEquals("serve.tls.keystore /nowhere/server.pem: no such file", assertThrows(ConfigException.class,
        () -> ServeOptions.of(config(Map.of(), "serve.tls.keystore=/nowhere/server.pem"), false)).getMessage());
    assertEquals("serve.password.env: Trino accepts passwords over HTTPS only; set serve.tls.keystore too, or unset "
        + "LIVELAKE_SERVE_PASSWORD to serve loopback clients without a password", assertThrows(ConfigException.class,
        () -> ServeOptions.of(config(Map.of("LIVELAKE_SERVE_PASSWORD", "x")), false)).getMessage());
    ConfigLoader s3 = new ConfigLoader().file(null).environment(Map.of()).flag("lake.root", "s3a://bucket/lake", "test");
    assertEquals("lake.root s3a://bucket/lake: serve reads lakes on the local file system only",
        assertThrows(ConfigException.class, () -> ServeOptions.of(s3.load(), false)).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> config(Map.of(), "serve.readable.schemas=gold,secret"))
        .getMessage().contains("must list some of bronze, silver, gold, ops"));
    assertTrue(assertThrows(ConfigException.class, () -> config(Map.of(), "serve.heap=lots"))
        .getMessage().startsWith("serve.heap: "));
  }
}
