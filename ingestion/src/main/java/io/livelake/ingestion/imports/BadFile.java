package io.livelake.ingestion.imports;

/**
 * A row that shows its whole file to be read wrongly (its earlier rows included), so that no row of it can be
 * trusted: the import stops during staging, before anything is ingested, naming the file and the row.
 */
final class BadFile extends RuntimeException {
  BadFile(String why) { super(why, null, false, false); }
}
