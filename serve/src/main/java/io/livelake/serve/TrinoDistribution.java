package io.livelake.serve;

import io.livelake.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** An unpacked Trino server release: its jars and the plugins LiveLake loads from it. */
record TrinoDistribution(Path home, String version) {
  /** The only plugins loaded: the Delta Lake connector and the file password authenticator (the rest slow the start). */
  static final List<String> PLUGINS = List.of("delta-lake", "password-authenticators");

  /** The release at {@code configured}, or the one the build unpacked when that is empty. */
  static TrinoDistribution locate(String configured) {
    Properties built = new Properties();
    try (InputStream in = TrinoDistribution.class.getResourceAsStream("trino.properties")) {
      if (in != null) built.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = built.getProperty("trino.version", "unknown");
    Path home = Path.of(configured.isBlank() ? built.getProperty("trino.home", "") : configured);
    String origin = configured.isBlank() ? "the build's (serve.trino.home is empty)" : "serve.trino.home";
    if (!Files.isDirectory(home.resolve("lib"))) {
      throw new ConfigException("serve.trino.home: no Trino server at " + home + " (" + origin + "); build the project "
          + "(mvn -DskipTests package unpacks io.trino:trino-server:" + version + ") or set serve.trino.home");
    }
    for (String p : PLUGINS) {
      if (!Files.isDirectory(home.resolve("plugin").resolve(p))) {
        throw new ConfigException("serve.trino.home: the Trino server at " + home + " (" + origin + ") has no plugin/" + p);
      }
    }
    return new TrinoDistribution(home, version);
  }
}
