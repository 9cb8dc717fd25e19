package io.livelake.ingestion.imports;

/** Events already in the contract's form, one JSON object per line: staged as they are. */
final class Jsonl implements ImportFormat {
  @Override
  public String name() { return "jsonl"; }

  @Override
  public boolean csv() { return false; }

  /**
   * A JSON array of events, or an object over several lines (as {@code jq .} and most JSON writers print), would be
   * staged as one record too large or as one bad record per line: neither is JSON Lines, which a tool makes of it.
   */
  @Override
  public void checkFirstContent(String line) {
    String s = line.strip();
    if (s.startsWith("[")) {
      throw new BadFile("its first line opens a JSON array: the file is one JSON document, not JSON Lines (one event "
          + "object per line); write one object per line, e.g. jq -c '.[]' FILE > events.jsonl");
    }
    if (s.equals("{")) {
      throw new BadFile("its first line is a lone '{': an object written over several lines, not JSON Lines (one event "
          + "object per line); write one object per line, e.g. jq -c . FILE > events.jsonl");
    }
  }

  @Override
  public void line(long number, String text, Staging out) {
    out.verbatim(text);
  }
}
