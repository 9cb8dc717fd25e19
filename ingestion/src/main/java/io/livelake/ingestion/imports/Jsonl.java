package io.livelake.ingestion.imports;

/** Events already in the contract's form, one JSON object per line: staged as they are. */
final class Jsonl implements ImportFormat {
  @Override
  public String name() { return "jsonl"; }

  /** As in the file ingestion, whose input the staged file is: a blank line is a record, quarantined. */
  @Override
  public boolean blankLinesAreRows() { return true; }

  @Override
  public void line(long number, String text, Staging out) {
    out.verbatim(text);
  }
}
