package io.livelake.ingestion.imports;

import io.livelake.csv.CsvLine;
import io.livelake.spark.LocalFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The header line a CSV format starts with. */
final class Header {
  private Header() {}

  /**
   * A file's header matched to a layout of its format: {@code columns} as the file names them, in its order, which
   * hold each of the layout's once and maybe more (a column an analyst added, such as a total), which are not read;
   * {@code delimiter} the header's (a comma, or a semicolon as a spreadsheet in a decimal-comma locale saves CSV).
   */
  record Match(List<String> layout, List<String> columns, char delimiter) {
    /** A row of the file. */
    CsvRow row(String line) {
      return new CsvRow(columns, line, delimiter);
    }

    /** The file's columns that are not the layout's, in file order. */
    List<String> extra() {
      List<String> extra = new ArrayList<>(columns);
      extra.removeAll(layout);
      return extra;
    }
  }

  /**
   * The layout of {@code layouts} whose columns {@code line} names, each once, in any order and beside others. A file
   * that lacks one is refused: a row could not be read by name, so the whole file is refused rather than each row
   * quarantined.
   */
  static Match require(List<List<String>> layouts, String line) {
    char delimiter = CsvLine.delimiter(LocalFiles.withoutBom(line));
    List<String> got = columns(line, delimiter);
    for (List<String> layout : layouts) {
      if (layout.stream().allMatch(c -> got.indexOf(c) >= 0 && got.indexOf(c) == got.lastIndexOf(c))) {
        return new Match(layout, got, delimiter);
      }
    }
    throw new IllegalArgumentException("the header must name the columns "
        + layouts.stream().map(l -> String.join(",", l)).collect(Collectors.joining(" or ")) + " (each once; others "
        + "are not read), got '" + line + "'");
  }

  private static List<String> columns(String line, char delimiter) {
    try {
      return CsvLine.parse(LocalFiles.withoutBom(line), delimiter).stream().map(String::strip).toList();
    } catch (IllegalArgumentException e) {
      return List.of(line);
    }
  }
}
