package io.livelake.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The records of a text one by one: a line each, or in CSV the lines a quoted field's line breaks span (RFC 4180; a
 * spreadsheet writes a cell with a line break so, a survey tool an answer of several lines), each record named by the
 * lines it spans.
 */
public final class CsvRecords {
  /**
   * The most lines one record may span, unless told otherwise. A quote left open longer (a stray quote, a cut line)
   * makes a record of its own line, refused as not CSV by {@link CsvLine#parse}, and the lines after it are read as
   * records again: one bad quote costs one row, not the rest of the file, and each line is read at most this many
   * times.
   */
  public static final int MAX_LINES = 32;

  /** Where lines come from: the next one, or null at the end (BufferedReader::readLine). */
  @FunctionalInterface
  public interface Lines {
    String next() throws IOException;
  }

  /** A record's text, line breaks inside its quoted fields kept, and the first and last lines it spans (from 1). */
  public record Record(String text, long line, long lastLine) {}

  private final Lines in;
  /** Lines read ahead for a quoted field that did not close, to be read again as records. */
  private final Deque<String> again = new ArrayDeque<>();
  private long lines;
  private boolean csv;
  private char delimiter;
  private int maxLines;

  /** Records of a line each, until {@link #csv} says the text is CSV. */
  public CsvRecords(Lines in) {
    this.in = in;
  }

  /**
   * From now on, a record is a CSV row separated by {@code delimiter} whose quoted fields may hold line breaks, over at
   * most {@link #MAX_LINES} lines.
   */
  public CsvRecords csv(char delimiter) {
    return csv(delimiter, MAX_LINES);
  }

  /** As {@link #csv(char)}, a record spanning at most {@code maxLines} lines. */
  public CsvRecords csv(char delimiter, int maxLines) {
    this.csv = true;
    this.delimiter = delimiter;
    this.maxLines = maxLines;
    return this;
  }

  /** The lines handed out so far. */
  public long lines() { return lines; }

  /**
   * The next record, or null at the end of the text.
   *
   * @throws UncheckedIOException when the text cannot be read on (a truncated .gz)
   */
  public Record next() {
    String first = line();
    if (first == null) return null;
    long start = ++lines;
    if (!csv || !CsvLine.endsInQuotes(first, delimiter)) return new Record(first, start, start);
    List<String> spanned = new ArrayList<>(List.of(first));
    while (spanned.size() < maxLines) {
      String next = line();
      if (next == null) break;
      spanned.add(next);
      if (!CsvLine.endsInQuotes(next, delimiter, true)) {
        lines += spanned.size() - 1;
        return new Record(String.join("\n", spanned), start, lines);
      }
    }
    for (int i = spanned.size() - 1; i > 0; i--) again.addFirst(spanned.get(i));
    return new Record(first, start, start);
  }

  /** Every record of {@code lines}, a CSV text separated by {@code delimiter}, each over at most {@code maxLines}. */
  public static List<Record> of(List<String> lines, char delimiter, int maxLines) {
    var it = lines.iterator();
    CsvRecords records = new CsvRecords(() -> it.hasNext() ? it.next() : null).csv(delimiter, maxLines);
    List<Record> all = new ArrayList<>();
    for (Record r = records.next(); r != null; r = records.next()) all.add(r);
    return all;
  }

  private String line() {
    if (!again.isEmpty()) return again.pollFirst();
    try {
      return in.next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
