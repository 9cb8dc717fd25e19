package io.livelake.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record, read by RFC 4180: fields separated by a delimiter (a comma unless told otherwise), a field in double
 * quotes may hold delimiters, doubled quotes and line breaks. A reader of lines tells by {@link #endsInQuotes} that a
 * record goes on at the next line; a quoted field left open at the end of the text given is refused.
 */
public final class CsvLine {
  /** The delimiters a header may use instead of a comma, as spreadsheets and exports write them. */
  private static final String OTHER_DELIMITERS = ";\t|";
  /**
   * A number with a decimal comma (2,55 or -0,5), as a spreadsheet in a decimal-comma locale saves it; only a file not
   * separated by commas can hold one unquoted.
   */
  public static final String DECIMAL_COMMA = "[+-]?[0-9]+,[0-9]+";

  private CsvLine() {}

  /** The fields of a comma-separated {@code line}; see {@link #parse(String, char)}. */
  public static List<String> parse(String line) {
    return parse(line, ',');
  }

  /**
   * The fields of {@code line}, separated by {@code delimiter}.
   *
   * @throws IllegalArgumentException when a quote is left open or text follows a closing quote
   */
  public static List<String> parse(String line, char delimiter) {
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
        if (i < line.length() && line.charAt(i) != delimiter) {
          throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
        }
      } else {
        while (i < line.length() && line.charAt(i) != delimiter) field.append(line.charAt(i++));
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= line.length()) return fields;
      i++;  // the delimiter
    }
  }

  /**
   * Whether {@code text} ends inside a quoted field: a line after which the record goes on, since the field holds a
   * line break. A quote opens a field only at its start; in an unquoted field (12" RULER) it is a character.
   */
  public static boolean endsInQuotes(CharSequence text, char delimiter) {
    return endsInQuotes(text, delimiter, false);
  }

  /**
   * Whether {@code text} ends inside a quoted field, {@code quoted} telling whether it starts inside one: the next line
   * of a record whose quoted field held a line break (so that a record's lines are scanned once each).
   */
  public static boolean endsInQuotes(CharSequence text, char delimiter, boolean quoted) {
    boolean fieldStart = !quoted;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c != '"') continue;
        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
          i++;
        } else {
          quoted = false;
        }
      } else if (c == delimiter) {
        fieldStart = true;
      } else {
        quoted = c == '"' && fieldStart;
        fieldStart = false;
      }
    }
    return quoted;
  }

  /**
   * The delimiter of a file whose first line is {@code header}: a comma, unless the header has none outside quotes
   * and has a semicolon, a tab or a bar (the one it has most of). A spreadsheet in a locale that writes decimal
   * commas (German, French, Brazilian, ...) saves its CSV with semicolons.
   */
  public static char delimiter(String header) {
    int[] counts = new int[OTHER_DELIMITERS.length()];
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == ',') return ',';
      int d = OTHER_DELIMITERS.indexOf(c);
      if (d >= 0) counts[d]++;
    }
    int best = -1;
    for (int d = 0; d < counts.length; d++) {
      if (counts[d] > 0 && (best < 0 || counts[d] > counts[best])) best = d;
    }
    return best < 0 ? ',' : OTHER_DELIMITERS.charAt(best);
  }
}
