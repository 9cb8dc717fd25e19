package io.livelake.ingestion.imports;

/** An input row that cannot be turned into an event; it is staged as a contract violation, never dropped. */
final class BadRow extends RuntimeException {
  BadRow(String why) { super(why, null, false, false); }
}
