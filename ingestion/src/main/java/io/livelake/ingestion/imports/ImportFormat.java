package io.livelake.ingestion.imports;

import java.util.List;

/**
 * A public log format turned into contract events, one input line at a time. A line that cannot be
 * converted throws {@link BadRow} and is staged as a contract violation by the caller.
 */
interface ImportFormat {
  /** The name typed after --format. */
  String name();

  /** The columns of the header line each file starts with, which the caller checks and skips; empty for none. */
  default List<String> header() { return List.of(); }

  /** Converts line {@code number} (1-based, the header counted) of the current input file into staged records. */
  void line(long number, String text, Staging out);

  /** Called after the last line of each input file, for rows a format holds back (an open invoice). */
  default void endOfFile(Staging out) {}
}
