package io.livelake.ingestion.imports;

import io.livelake.csv.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The records of an input file one by one: a line each, or in a CSV file the lines a quoted field's line breaks span
 * (RFC 4180; a spreadsheet writes a cell with a line break so), each record named by its first line.
 */
final class TextRecords {
  /**
   * The most lines one record may span. A quote left open longer (a stray quote, a cut line) makes a row of its own
   * line, refused as not CSV, and the lines after it are read as rows again: one bad quote costs one row, not the
   * rest of the file, and each line is read at most this many times.
   */
  static final int MAX_LINES = 32;

  /** A record's text, line breaks inside its quoted fields kept, and the first and last lines it spans (from 1). */
  record Record(String text, long line, long lastLine) {}

  private final BufferedReader in;
  /** Lines read ahead for a quoted field that did not close, to be read again as rows. */
  private final Deque<String> again = new ArrayDeque<>();
  private long lines;
  private boolean csv;
  private char delimiter;

  TextRecords(BufferedReader in) {
    this.in = in;
  }

  /** From now on, a record is a CSV row separated by {@code delimiter} whose quoted fields may hold line breaks. */
  void csv(char delimiter) {
    this.csv = true;
    this.delimiter = delimiter;
  }

  /** The lines handed out so far. */
  long lines() { return lines; }

  /**
   * The next record, or null at the end of the file.
   *
   * @throws UncheckedIOException when the file cannot be read on (a truncated .gz)
   */
  Record next() {
    String first = line();
    if (first == null) return null;
    long start = ++lines;
    if (!csv || !CsvLine.endsInQuotes(first, delimiter)) return new Record(first, start, start);
    StringBuilder text = new StringBuilder(first);
    List<String> more = new ArrayList<>();
    while (more.size() < MAX_LINES - 1) {
      String next = line();
      if (next == null) break;
      more.add(next);
      text.append('\n').append(next);
      if (!CsvLine.endsInQuotes(text, delimiter)) {
        lines += more.size();
        return new Record(text.toString(), start, lines);
      }
    }
    for (int i = more.size() - 1; i >= 0; i--) again.addFirst(more.get(i));
    return new Record(first, start, start);
  }

  private String line() {
    if (!again.isEmpty()) return again.pollFirst();
    try {
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
