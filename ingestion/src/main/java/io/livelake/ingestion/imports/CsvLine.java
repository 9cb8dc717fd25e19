package io.livelake.ingestion.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record of one physical line, read by RFC 4180: fields separated by commas, a field in double
 * quotes may hold commas and doubled quotes. A record never spans lines here, so that a row's line
 * number is its position in the file; a quoted field left open at the end of the line is refused.
 */
final class CsvLine {
  private CsvLine() {}

  /**
   * The fields of {@code line}.
   *
   * @throws IllegalArgumentException when a quote is left open or text follows a closing quote
   */
  static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (true) {
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) throw new IllegalArgumentException("a quoted field is not closed");
          char c = line.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < line.length() && line.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
        }
      } else {
        while (i < line.length() && line.charAt(i) != ',') field.append(line.charAt(i++));
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= line.length()) return fields;
      i++;  // the comma
    }
  }
}
