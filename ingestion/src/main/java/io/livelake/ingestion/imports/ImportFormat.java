package io.livelake.ingestion.imports;

/**
 * A public log format turned into contract events, one input line at a time. A line that cannot be
 * converted throws {@link BadRow} and is staged as a contract violation by the caller.
 */
interface ImportFormat {
  /** The name typed after --format. */
  String name();

  /** Converts line {@code number} (1-based) of the current input file into staged records. */
  void line(long number, String text, Staging out);

  /** Called after the last line of each input file, for rows a format holds back (an open invoice). */
  default void endOfFile(Staging out) {}
}
