package io.livelake.testing;

import io.livelake.catalog.Lake;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One small Spark session shared by every test of a JVM (local[2], UI off, 2 shuffle partitions),
 * and fresh lakes in temporary directories for each test that needs one.
 */
public final class TestSpark {
  private static SparkSession spark;

  private TestSpark() {}

  /** The shared session, created on first use. */
  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = LakeSessions.create(config(Path.of(tmpRoot(), "default-lake")), "livelake-tests");
    }
    return spark;
  }

  /** A configuration for tests: the lake under {@code lakeDir}, small Spark, no environment except a fixed key. */
  public static LiveLakeConfig config(Path lakeDir, Map<String, String> extra) {
    ConfigLoader loader = new ConfigLoader()
        .file(null)
        .environment(Map.of("LIVELAKE_HMAC_KEY", "test-key-0123456789"))
        .flag("lake.root", lakeDir.toString(), "test")
        .flag("spark.master", "local[2]", "test")
        .flag("spark.shuffle.partitions", "2", "test");
    extra.forEach((k, v) -> loader.flag(k, v, "test"));
    return loader.load();
  }

  public static LiveLakeConfig config(Path lakeDir) { return config(lakeDir, Map.of()); }

  /** A new empty lake directory (the shared session is reused). */
  public static Lake newLake(String name) {
    return lake(newDir(name));
  }

  /** The lake in {@code dir}, with the tests' configuration, on the shared session. */
  public static Lake lake(Path dir) {
    return new Lake(session(), LakePaths.of(config(dir)));
  }

  /** A new empty directory under the build's test scratch space. */
  public static Path newDir(String name) {
    try {
      Files.createDirectories(Path.of(tmpRoot()));
      return Files.createTempDirectory(Path.of(tmpRoot()), name + "-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the tree under {@code from} to {@code to} (made if missing): a lake or a table as it stands. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    }
  }

  private static String tmpRoot() {
    return System.getProperty("livelake.test.tmp", System.getProperty("java.io.tmpdir") + "/livelake-tests");
  }
}
