package io.livelake.ingestion.imports;

/** Events already in the contract's form, one JSON object per line: staged as they are. */
final class Jsonl implements ImportFormat {
  @Override
  public String name() { return "jsonl"; }

  @Override
  public void line(long number, String text, Staging out) {
    out.verbatim(text);
  }
}
