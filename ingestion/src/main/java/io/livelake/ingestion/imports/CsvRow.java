package io.livelake.ingestion.imports;

import io.livelake.csv.CsvLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/** The fields of one CSV row by column name; every reading names the column when the value does not fit. */
final class CsvRow {
  private static final Pattern DECIMAL_COMMA = Pattern.compile(CsvLine.DECIMAL_COMMA);

  private final List<String> columns;
  private final List<String> fields;
  private final char delimiter;

  /** Parses comma-separated {@code line} as a row of {@code columns}; a row of another width is a {@link BadRow}. */
  CsvRow(List<String> columns, String line) {
    this(columns, line, ',');
  }

  /**
   * Parses {@code line}, its fields separated by {@code delimiter}, as a row of {@code columns}; in a file not
   * separated by commas, numbers may have a decimal comma.
   */
  CsvRow(List<String> columns, String line, char delimiter) {
    this.columns = columns;
    this.delimiter = delimiter;
    try {
      this.fields = CsvLine.parse(line, delimiter);
    } catch (IllegalArgumentException e) {
      throw new BadRow("not CSV: " + e.getMessage());
    }
    if (fields.size() != columns.size()) {
      throw new BadRow("expected " + columns.size() + " fields, got " + fields.size());
    }
  }

  /** The column's text as given, maybe empty. */
  String text(String column) {
    int i = columns.indexOf(column);
    if (i < 0) throw new IllegalStateException("no column " + column);
    return fields.get(i);
  }

  /** The column's text, which must not be blank. */
  String required(String column) {
    String s = text(column).strip();
    if (s.isEmpty()) throw new BadRow("empty " + column);
    return s;
  }

  long integer(String column) {
    String s = required(column);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new BadRow(column + " is not an integer: '" + s + "'");
    }
  }

  BigDecimal decimal(String column) {
    String s = required(column);
    try {
      return new BigDecimal(delimiter != ',' && DECIMAL_COMMA.matcher(s).matches() ? s.replace(',', '.') : s);
    } catch (NumberFormatException e) {
      throw new BadRow(column + " is not a number: '" + s + "'");
    }
  }
}
