package io.livelake.ingestion.imports;

import java.util.List;
import java.util.stream.Collectors;

/** The header line a CSV format starts with. */
final class Header {
  private Header() {}

  /**
   * The layout of {@code layouts} that {@code line} names, column for column. A file in none of them is refused:
   * another layout would put every value in the wrong field, so the whole file is refused rather than each row
   * quarantined.
   */
  static List<String> require(List<List<String>> layouts, String line) {
    List<String> got;
    try {
      got = CsvLine.parse(line.startsWith("\uFEFF") ? line.substring(1) : line).stream().map(String::strip).toList();
    } catch (IllegalArgumentException e) {
      got = List.of(line);
    }
    for (List<String> layout : layouts) {
      if (got.equals(layout)) return layout;
    }
    throw new IllegalArgumentException("the header must be "
        + layouts.stream().map(l -> String.join(",", l)).collect(Collectors.joining(" or ")) + ", got '" + line + "'");
  }
}
