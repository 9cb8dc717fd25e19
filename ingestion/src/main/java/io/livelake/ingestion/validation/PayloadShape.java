package io.livelake.ingestion.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Pattern;

/**
 * What a payload that is no event object looks like, for the quarantine's detail to name the producer's mistake
 * instead of the parser's complaint alone: bytes that are not UTF-8, events batched into one JSON array or written
 * one after another on a line, a JSON object printed over several lines (of which each line of a file arrives
 * alone), a CSV line, or an empty record. Each check reads the payload once, so any payload is answered in time
 * linear in its length.
 */
public final class PayloadShape {
  /** How the sources keep a byte that is not UTF-8 ({@code TextEncoding.utf8}); no JSON text holds it. */
  private static final Pattern BAD_BYTE = Pattern.compile("\\\\x[0-9A-F]{2}");

  private PayloadShape() {}

  /** Why {@code root}, valid JSON, is no event object. */
  static String notAnObject(JsonNode root) {
    if (root == null || root.isMissingNode()) return "payload is empty (a blank line or an empty record), not an event";
    if (root.isArray()) {
      return "payload is a JSON array of " + root.size() + (root.size() == 1 ? " value" : " values") + ", not an event "
          + "object: the contract is one event per record (per line of a file), so a producer that batches events "
          + "sends each as its own record";
    }
    String type = root.isTextual() ? "a JSON string" : root.isNumber() ? "a JSON number" : root.isBoolean()
        ? "a JSON boolean" : root.isNull() ? "JSON null" : "a JSON value";
    return "payload is " + type + ", not an event object";
  }

  /**
   * Whether a JSON reader's problem is something after a whole JSON value, which a reader with
   * {@code FAIL_ON_TRAILING_TOKENS} refuses rather than drop (a second record on the line).
   */
  public static boolean trailing(JsonProcessingException e) {
    return e instanceof MismatchedInputException && e.getOriginalMessage() != null
        && e.getOriginalMessage().startsWith("Trailing token");
  }

  /** Why a payload with more after its JSON value is not read, naming where the rest starts. */
  static String moreAfterTheValue(JsonProcessingException e) {
    return "payload holds more after its JSON value ends" + where(e) + (e.getOriginalMessage().contains("START_OBJECT")
        ? ": another JSON object, as when events are written one after another without a line break; write each event "
            + "on a line of its own (in Kafka, as a record of its own): none of them is read from this record"
        : ": anything after the event object but white space is refused rather than dropped");
  }

  /** Where in the payload the reader met its problem, " (line 1, column 12)", or nothing when it does not say. */
  static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getColumnNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /**
   * What the text of a payload that is not valid JSON reads as, as a clause to append to the parser's problem, or
   * null when it reads as nothing recognizable.
   */
  static String hint(String payload) {
    String t = payload.strip();
    if (t.isEmpty()) return null;
    if (BAD_BYTE.matcher(t).find()) {
      return "it holds bytes that are not UTF-8, kept here as \\xHH: JSON is UTF-8, and text in another encoding (GBK, "
          + "GB18030 or Big5 for Chinese, Shift_JIS, Latin-1) reads so; produce the events in UTF-8";
    }
    if (t.matches("[\\[\\]{}],?") || t.matches("\"[^\"\\\\]{1,200}\"\\s*:.*")) {
      return "it reads as one line of a JSON document printed over several lines, and each line of a file is a "
          + "record of its own: write one event object per line (JSON Lines), e.g. jq -c . FILE > events.jsonl (jq -c '.[]' "
          + "for a file that is one array of events)";
    }
    // JSON gone wrong (an object with a syntax error, or after a stray prefix) is not CSV, whatever commas it holds.
    if (t.charAt(0) != '[' && t.indexOf('{') < 0 && fields(t) >= 3) {
      return "it reads as a line of comma-, semicolon- or tab-separated values: this input takes JSON events, one "
          + "object per line or record; bin/livelake import reads CSV files of the public formats (docs/import.md)";
    }
    return null;
  }

  /** The fields of the line split by its most frequent separator among comma, semicolon and tab. */
  private static int fields(String line) {
    int commas = 0, semicolons = 0, tabs = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ',') commas++;
      else if (c == ';') semicolons++;
      else if (c == '\t') tabs++;
    }
    return 1 + Math.max(commas, Math.max(semicolons, tabs));
  }
}
