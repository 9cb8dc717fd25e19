package io.livelake.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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

  /**
   * The lines of the UTF-8 text file {@code p}, a byte-order mark before the first left out (editors and export tools
   * on Windows write one, and it would be part of the first key or value).
   *
   * @throws java.nio.charset.CharacterCodingException when the file is not UTF-8 (a code page such as Windows-1252)
   */
  public static List<String> utf8Lines(Path p) throws IOException {
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    if (!lines.isEmpty()) lines.set(0, withoutBom(lines.get(0)));
    return lines;
  }

  /** {@code text} without the byte-order mark (U+FEFF) it may start with; null stays null. */
  public static String withoutBom(String text) {
    return text != null && text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
