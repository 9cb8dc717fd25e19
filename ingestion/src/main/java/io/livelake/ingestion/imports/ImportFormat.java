package io.livelake.ingestion.imports;

import java.util.List;

/**
 * A public log format turned into contract events, one input line at a time. A line that cannot be
 * converted throws {@link BadRow} and is staged as a contract violation by the caller.
 */
interface ImportFormat {
  /** The name typed after --format. */
  String name();

  /**
   * The layouts a file may start with, each the columns of its header line, which the caller checks and skips
   * (the files of one input may differ); empty for a format without a header.
   */
  default List<List<String>> headers() { return List.of(); }

  /**
   * Whether its files are CSV: a quoted field may hold line breaks, and a blank line is no row (pandas and Spark's CSV
   * reader skip it too; were it staged, it would be quarantined as "expected 5 fields, got 1"). A jsonl record is one
   * line, and a blank line is a record, quarantined, as in the file ingestion whose input the staged file is.
   */
  default boolean csv() { return true; }

  /** The currency of the amounts it stages; null for a format whose records carry their own (jsonl). */
  default String currency() { return null; }

  /**
   * Checks each file's first line that is not blank (no byte-order mark) before any file is staged.
   *
   * @throws BadFile when the line shows the file to be of another kind than the format
   */
  default void checkFirstContent(String line) {}

  /** Called before the lines of each input file with the layout its header line matched and the file's columns. */
  default void startFile(Header.Match header) {}

  /** Converts line {@code number} (1-based, the header counted) of the current input file into staged records. */
  void line(long number, String text, Staging out);

  /** Called after the last line of each input file, for rows a format holds back (an open invoice). */
  default void endOfFile(Staging out) {}
}
