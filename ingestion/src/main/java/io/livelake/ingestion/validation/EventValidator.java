package io.livelake.ingestion.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.events.EventContract;
import io.livelake.events.EventType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/**
 * Checks records against the event contract. {@link #check} parses one payload into the contract's
 * typed fields, with {@code reason} and {@code detail} (null for a valid event) naming the first
 * problem: not a JSON object, a field of the wrong type, a missing field, an unknown type, an
 * unsupported version or an out-of-range value.
 */
public final class EventValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructField[] FIELDS = EventContract.SCHEMA.fields();
  // Looked up for every field of every record: Spark's fieldIndex and typeName cost far more per call.
  private static final Map<String, Integer> INDEX = new HashMap<>();
  private static final String[] KINDS = new String[FIELDS.length];

  static {
    for (int i = 0; i < FIELDS.length; i++) {
      INDEX.put(FIELDS[i].name(), i);
      KINDS[i] = FIELDS[i].dataType().typeName();
    }
  }

  /** The outcome for one payload: typed values in contract order, and the problem if any. */
  public record Result(Object[] values, String reason, String detail) {
    public boolean valid() { return reason == null; }
  }

  private EventValidator() {}

  /** Validates one payload. */
  public static Result check(ObjectMapper json, String payload) {
    Object[] values = new Object[FIELDS.length];
    JsonNode root;
    try {
      root = payload == null ? null : json.readTree(payload);
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage();
      return new Result(values, QuarantineReason.MALFORMED_JSON,
          "payload is not valid JSON: " + (msg.length() > 120 ? msg.substring(0, 120) + "..." : msg));
    }
    if (root == null || !root.isObject()) {
      return new Result(values, QuarantineReason.MALFORMED_JSON, "payload is not a JSON object");
    }
    String wrongType = null;
    for (int i = 0; i < FIELDS.length; i++) {
      JsonNode n = root.get(FIELDS[i].name());
      if (n == null || n.isNull()) continue;
      Object v = convert(KINDS[i], n);
      if (v == null) {
        if (wrongType == null) {
          wrongType = "field " + FIELDS[i].name() + ": expected " + words(FIELDS[i]) + ", got " + abbreviate(n.toString());
        }
      } else {
        values[i] = v;
      }
    }
    if (wrongType != null) return new Result(values, QuarantineReason.SCHEMA_VIOLATION, wrongType);
    for (String field : EventContract.COMMON_FIELDS) {
      if (values[index(field)] == null) return violation(values, "missing field " + field);
    }
    int version = (Integer) values[index("schema_version")];
    if (version < 1 || version > EventContract.CURRENT_VERSION) {
      return new Result(values, QuarantineReason.UNSUPPORTED_VERSION, "schema_version " + version
          + " is not supported (this build reads 1.." + EventContract.CURRENT_VERSION + ")");
    }
    String typeName = (String) values[index("event_type")];
    Optional<EventType> type = EventType.fromWire(typeName);
    if (type.isEmpty()) {
      return new Result(values, QuarantineReason.UNKNOWN_EVENT_TYPE,
          "event_type '" + abbreviate(typeName) + "' is not in the contract");
    }
    List<String> required = new ArrayList<>(type.get().requiredFields());
    if (type.get().inSession()) required.addAll(EventContract.SESSION_FIELDS);
    if ("product".equals(values[index("target")])) required.add("product_id");
    for (String field : required) {
      if (values[index(field)] == null) {
        return violation(values, "missing field " + field + " (required for " + typeName + ")");
      }
    }
    return range(values);
  }

  private static Result range(Object[] v) {
    Integer rating = (Integer) v[index("rating")];
    if (rating != null && (rating < 1 || rating > 5)) return violation(v, "field rating: must be 1..5, got " + rating);
    String target = (String) v[index("target")];
    if (target != null && !target.equals("anchor") && !target.equals("product")) {
      return violation(v, "field target: must be anchor or product, got '" + abbreviate(target) + "'");
    }
    Integer quantity = (Integer) v[index("quantity")];
    if (quantity != null && quantity <= 0) return violation(v, "field quantity: must be positive, got " + quantity);
    Double amount = (Double) v[index("amount")];
    if (amount != null && amount < 0) return violation(v, "field amount: must not be negative");
    Double gift = (Double) v[index("gift_value")];
    if (gift != null && gift < 0) return violation(v, "field gift_value: must not be negative");
    Object lines = v[index("lines")];
    if (lines != null && ((scala.collection.Seq<?>) lines).isEmpty()) {
      return violation(v, "field lines: an order needs at least one line");
    }
    return new Result(v, null, null);
  }

  private static Result violation(Object[] values, String detail) {
    return new Result(values, QuarantineReason.SCHEMA_VIOLATION, detail);
  }

  /** The node as the field's Java value, or null when its JSON type does not fit. */
  private static Object convert(String kind, JsonNode n) {
    return switch (kind) {
      case "integer" -> n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null;
      case "long" -> n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
      case "double" -> n.isNumber() ? n.doubleValue() : null;
      case "string" -> n.isTextual() ? n.textValue() : null;
      default -> lines(n);
    };
  }

  private static Object lines(JsonNode n) {
    if (!n.isArray()) return null;
    List<Row> out = new ArrayList<>(n.size());
    for (JsonNode l : n) {
      JsonNode p = l.get("product_id");
      JsonNode q = l.get("quantity");
      JsonNode price = l.get("price");
      if (!l.isObject() || p == null || !p.isTextual() || q == null || !q.isIntegralNumber() || !q.canConvertToInt()
          || price == null || !price.isNumber()) {
        return null;
      }
      out.add(RowFactory.create(p.textValue(), q.intValue(), price.doubleValue()));
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(out).toSeq();
  }

  private static int index(String field) { return INDEX.get(field); }

  private static String words(StructField f) {
    return switch (f.dataType().typeName()) {
      case "integer", "long" -> "an integer";
      case "double" -> "a number";
      case "string" -> "a string";
      default -> "a list of order lines (product_id, integer quantity, numeric price)";
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
