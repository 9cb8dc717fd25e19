package io.livelake.bench;

import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Working directories of a benchmark: temporary ones, removed when its JVM exits (a run leaves gigabytes), or named. */
final class Scratch {
  private Scratch() {}

  /** A new directory under the system's temporary directory, deleted with its contents at exit. */
  static Path directory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "livelake-bench-cleanup"));
    return dir;
  }

  /** The directory a bench's command line names, created when missing (documented commands name one under /tmp), kept. */
  static Path named(String path) throws IOException {
    return Files.createDirectories(Path.of(path));
  }

  private static void delete(Path dir) {
    try {
      LocalFiles.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
