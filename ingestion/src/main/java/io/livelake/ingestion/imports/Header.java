package io.livelake.ingestion.imports;

import java.util.List;

/** The header line a CSV format starts with. */
final class Header {
  private Header() {}

  /**
   * Refuses a file whose first line is not {@code columns}: another layout would put every value in
   * the wrong field, so the whole file is refused rather than each row quarantined.
   */
  static void require(List<String> columns, String line) {
    List<String> got;
    try {
      got = CsvLine.parse(line.startsWith("\uFEFF") ? line.substring(1) : line).stream().map(String::strip).toList();
    } catch (IllegalArgumentException e) {
      got = List.of(line);
    }
    if (!got.equals(columns)) {
      throw new IllegalArgumentException("the header must be " + String.join(",", columns) + ", got '" + line + "'");
    }
  }
}
