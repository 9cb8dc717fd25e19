package io.livelake.ingestion.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Map;

/**
 * Kafka values as Kafka Connect writes them with its JsonConverter: the envelope {"schema": {...}, "payload": {...}}
 * (its default, schemas.enable=true) and Debezium's change events ({"before", "after", "source", "op", ...}, inside
 * the envelope or not), so that an outbox or event table captured from a database reads as the events it holds. The
 * envelope's schema says how Connect encoded a column the contract wants as a JSON value: a DECIMAL as base64 bytes
 * (Debezium's default, decimal.handling.mode=precise; with its scale beside them for a PostgreSQL NUMERIC of none), a
 * timestamp in micro- or nanoseconds, a JSON column as text.
 */
final class ConnectValues {
  /** Connect's Decimal: the unscaled value's two's-complement bytes, base64 in JSON, its scale a schema parameter. */
  private static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
  /** Debezium's PostgreSQL NUMERIC without a scale of its own: {"scale": n, "value": the unscaled bytes}. */
  private static final String VARIABLE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  /** Debezium's JSON column type (PostgreSQL json/jsonb, MySQL JSON): the document as text. */
  private static final String JSON_TEXT = "io.debezium.data.Json";
  /** Debezium's timestamps in units finer than the contract's milliseconds, with their divisor. */
  private static final Map<String, Long> FINE_TIMES =
      Map.of("io.debezium.time.MicroTimestamp", 1_000L, "io.debezium.time.NanoTimestamp", 1_000_000L);
  /**
   * Bounds of a decimal decoded: 64 bytes hold 153 digits, more than any amount, and a scale beyond 1,000 (above any
   * database's) would make its conversion to a double cost time out of proportion to the record.
   */
  private static final int MAX_DECIMAL_BYTES = 64;
  private static final int MAX_SCALE = 1_000;

  private ConnectValues() {}

  /** The event a value holds, or why it holds none: {@code problem} is null exactly when {@code event} is not. */
  record Unwrapped(ObjectNode event, String problem) {}

  /**
   * The event in {@code root}: the row a Debezium change event created, read or updated (an update's row repeats its
   * event_id, which the cleaning rules judge a duplicate), with its columns decoded by the envelope's schema; a delete,
   * truncate or message is no event. A value of neither form is the event as it is.
   */
  static Unwrapped event(ObjectNode root, ObjectMapper json) {
    ObjectNode payload = root.size() == 2 && root.get("schema") instanceof ObjectNode ? object(root.get("payload"), json)
        : null;
    boolean enveloped = payload != null;
    ObjectNode value = enveloped ? payload : root;
    JsonNode schema = enveloped ? root.get("schema") : null;
    if (!isChangeEvent(value)) {
      // Debezium's ExtractNewRecordState keeps a deleted row, marked so, with delete.handling.mode=rewrite.
      return value.path("__deleted").asText().equals("true") ? new Unwrapped(null, noEvent("d"))
          : decoded(value, schema, json);
    }
    String op = value.get("op").textValue();
    if (!(op.equals("c") || op.equals("r") || op.equals("u"))) return new Unwrapped(null, noEvent(op));
    if (!(value.get("after") instanceof ObjectNode after)) {
      return new Unwrapped(null, "a Debezium change event of op '" + op + "' without its row in 'after' (a MongoDB "
          + "connector writes the document as text there: add its ExtractNewDocumentState transform)");
    }
    return decoded(after, schema == null ? null : field(schema, "after"), json);
  }

  /**
   * {@code value} as a JSON object: itself, or the object a JSON string holds (JSON encoded twice, as Debezium's outbox
   * router writes a payload column of text, and as a producer that serializes an event to a string and that string
   * again does); else null.
   */
  static ObjectNode object(JsonNode value, ObjectMapper json) {
    if (value instanceof ObjectNode o) return o;
    if (value == null || !value.isTextual() || !value.textValue().strip().startsWith("{")) return null;
    try {
      return json.readTree(value.textValue()) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** Why a change of operation {@code op} is not read. */
  private static String noEvent(String op) {
    return "a Debezium change event of op '" + (op.length() > 8 ? op.substring(0, 8) + "..." : op) + "' ("
        + switch (op) {
          case "d" -> "a row deleted";
          case "t" -> "a table truncated";
          case "m" -> "a logical decoding message";
          default -> "an operation Debezium does not document";
        } + "), which is no event: events are only ever added, and a refund is an event of its own";
  }

  /** Debezium's envelope: an op, the source's position, and the row after the change (null after a delete). */
  private static boolean isChangeEvent(ObjectNode value) {
    return value.path("op").isTextual() && value.get("source") instanceof ObjectNode
        && value.has("after");
  }

  /** {@code row} with the columns its Connect struct {@code schema} (when given) says were encoded, decoded. */
  private static Unwrapped decoded(ObjectNode row, JsonNode schema, ObjectMapper json) {
    if (schema == null || !schema.path("fields").isArray()) return new Unwrapped(row, null);
    for (JsonNode f : schema.get("fields")) {
      String name = f.path("field").asText();
      JsonNode v = row.get(name);
      if (v == null || v.isNull() || !f.path("name").isTextual()) continue;
      String type = f.get("name").textValue();
      if (type.equals(DECIMAL) && v.isTextual()) {
        BigDecimal d = decimal(v.textValue(), f.path("parameters").path("scale").asText());
        if (d != null) row.put(name, d);
      } else if (type.equals(VARIABLE_DECIMAL) && v.path("value").isTextual() && v.path("scale").isInt()) {
        BigDecimal d = decimal(v.get("value").textValue(), v.get("scale").asText());
        if (d != null) row.put(name, d);
      } else if (FINE_TIMES.containsKey(type) && v.isIntegralNumber() && v.canConvertToLong()) {
        row.put(name, Math.floorDiv(v.longValue(), FINE_TIMES.get(type)));
      } else if (type.equals(JSON_TEXT) && v.isTextual()) {
        try {
          row.set(name, json.readTree(v.textValue()));
        } catch (JsonProcessingException notJson) {
          return new Unwrapped(null, "column " + name + ": a JSON column whose text is not valid JSON");
        }
      }
    }
    return new Unwrapped(row, null);
  }

  /** A Connect Decimal's value, or null when it is not one within bounds (the check then names the column). */
  private static BigDecimal decimal(String base64, String scale) {
    if (base64.length() > MAX_DECIMAL_BYTES * 4 / 3 + 4 || !scale.matches("-?\\d{1,4}")) return null;
    int s = Integer.parseInt(scale);
    if (Math.abs(s) > MAX_SCALE) return null;
    try {
      byte[] unscaled = Base64.getDecoder().decode(base64);
      return unscaled.length == 0 ? null : new BigDecimal(new BigInteger(unscaled), s);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** The schema of the struct's field {@code name}, or null. */
  private static JsonNode field(JsonNode struct, String name) {
    for (JsonNode f : struct.path("fields")) {
      if (name.equals(f.path("field").asText())) return f;
    }
    return null;
  }
}
