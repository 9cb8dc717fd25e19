package io.livelake.serve;

import io.livelake.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the JDK that runs Trino: Trino 476 needs Java 24 or newer, while Spark stays on Java 17. */
final class JavaRuntimes {
  static final int MIN_FEATURE = 24;
  private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

  private JavaRuntimes() {}

  /**
   * The JDK home to use: {@code configured} when set (it must be new enough), else JAVA_HOME when it is,
   * else the newest new-enough JDK under {@code jvmDir}.
   */
  static Path find(String configured, String javaHomeEnv, Path jvmDir) {
    if (!configured.isBlank()) {
      Path home = Path.of(configured);
      int v = feature(home).orElseThrow(() -> new ConfigException(
          "serve.java.home: " + home + " is not a JDK (no bin/java and release file)"));
      if (v < MIN_FEATURE) {
        throw new ConfigException("serve.java.home: " + home + " is Java " + v + "; Trino needs Java " + MIN_FEATURE + " or newer");
      }
      return home;
    }
    if (javaHomeEnv != null && !javaHomeEnv.isBlank()
        && feature(Path.of(javaHomeEnv)).filter(v -> v >= MIN_FEATURE).isPresent()) {
      return Path.of(javaHomeEnv);
    }
    try (Stream<Path> homes = Files.isDirectory(jvmDir) ? Files.list(jvmDir) : Stream.empty()) {
      // Each release file read once; the newest feature version wins, then the last name.
      return homes.map(h -> Map.entry(h, feature(h).orElse(0))).filter(e -> e.getValue() >= MIN_FEATURE)
          .max(Map.Entry.<Path, Integer>comparingByValue().thenComparing(e -> e.getKey().toString()))
          .map(Map.Entry::getKey)
          .orElseThrow(() -> new ConfigException("serve.java.home: Trino needs Java " + MIN_FEATURE + " or newer and none was found "
              + "(JAVA_HOME, " + jvmDir + "); install one (e.g. Temurin 25) and set serve.java.home to it"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The feature version (17, 25, ...) of the JDK at {@code home}, read from its release file. */
  static Optional<Integer> feature(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) return Optional.empty();
    try {
      Matcher m = VERSION.matcher(Files.readString(release));
      return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
