package io.livelake.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Files on the local disk. */
public final class LocalFiles {
  private LocalFiles() {}

  /** Deletes {@code p} and, for a directory, everything under it (links themselves, not what they point to). */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
    }
  }
}
