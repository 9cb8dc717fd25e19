package io.livelake.bench;

import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary working directories of a benchmark, removed when its JVM exits: a run leaves gigabytes. */
final class Scratch {
  private Scratch() {}

  /** A new directory under the system's temporary directory, deleted with its contents at exit. */
  static Path directory(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "livelake-bench-cleanup"));
    return dir;
  }

  private static void delete(Path dir) {
    try {
      LocalFiles.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("bench: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
