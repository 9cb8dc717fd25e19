package io.livelake.ingestion.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livelake.events.EventContract;
import io.livelake.events.EventType;
import io.livelake.events.TimeText;
import io.livelake.privacy.PayloadSanitizer;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/**
 * Checks records against the event contract. {@link #read} parses a payload into a JSON object
 * within bounds (nesting depth, number and string lengths, no repeated keys); {@link #check} turns
 * the object into the contract's typed fields, with {@code reason} and {@code detail} (null for a
 * valid event) naming the first problem: a field of the wrong type, a missing or empty field, an
 * unknown type, an unsupported version, an out-of-range value or an order line of no goods or no
 * price. Details never repeat the value of
 * a personal field (user id, free text).
 */
public final class EventValidator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructField[] FIELDS = EventContract.SCHEMA.fields();
  // Looked up for every field of every record: Spark's fieldIndex and typeName cost far more per call.
  private static final Map<String, Integer> INDEX = new HashMap<>();
  private static final String[] KINDS = new String[FIELDS.length];

  /** Event times LiveLake accepts: from 2000-01-01 to 9999-12-31 UTC, so every time converts without overflow. */
  public static final long MIN_EVENT_TIME = 946_684_800_000L;
  public static final long MAX_EVENT_TIME = 253_402_300_799_999L;
  /** 2100-01-01: where a time in another unit is taken as a plausible mistake worth naming. */
  private static final long PLAUSIBLE_UNTIL = 4_102_444_800_000L;
  /** Deeper JSON is no event: the bound keeps parsing and sanitizing within a small, fixed stack. */
  public static final int MAX_NESTING = 64;

  static {
    for (int i = 0; i < FIELDS.length; i++) {
      INDEX.put(FIELDS[i].name(), i);
      KINDS[i] = FIELDS[i].dataType().typeName();
    }
  }

  /**
   * Identifiers a database often numbers (an outbox table's bigserial id, an order number): a JSON integer there is
   * read as its decimal text, as user_id's is pseudonymized, so 42 and "42" are one id. Enumerations stay strings.
   */
  private static final Set<String> NUMBERED_IDS = Set.of("event_id", "session_id", "anchor_id", "product_id", "ad_id", "order_id");

  /** The outcome for one payload: typed values in contract order, and the problem if any. */
  public record Result(Object[] values, String reason, String detail) {
    public boolean valid() { return reason == null; }
  }

  private EventValidator() {}

  /** A payload read as JSON: the event, or (when it is none) the reason and why not. */
  public record Parsed(ObjectNode event, String reason, String problem) {
    static Parsed malformed(String problem) { return new Parsed(null, QuarantineReason.MALFORMED_JSON, problem); }
  }

  /**
   * The JSON reader of events: bounded nesting, numbers of at most 100 characters, strings of at most
   * {@code maxStringLength} characters, and a repeated key is an error (which of two user ids would
   * count?), as is anything but white space after the value (a second event on the line would be lost).
   */
  public static ObjectMapper mapper(int maxStringLength) {
    return new ObjectMapper(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(100)
            .maxStringLength(maxStringLength).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Reads one payload, without Confluent Schema Registry's framing if it has it ({@link RegistryFraming}) and out of
   * Kafka Connect's envelopes ({@link ConnectValues}), a JSON object or a JSON string holding one; a payload that is
   * neither within the reader's bounds, or a change event that is no event, is a problem.
   */
  public static Parsed read(ObjectMapper json, String payload) {
    if (payload == null) {
      return Parsed.malformed("the record has no value (a Kafka tombstone, as a compacted topic or Debezium after a "
          + "delete writes it)");
    }
    JsonNode root;
    try {
      root = json.readTree(withoutTerminatingNuls(RegistryFraming.unframed(payload)));
    } catch (JsonProcessingException e) {
      if (RegistryFraming.framed(payload)) return Parsed.malformed(RegistryFraming.NOT_JSON);
      if (PayloadShape.trailing(e)) return Parsed.malformed(PayloadShape.moreAfterTheValue(e));
      String hint = PayloadShape.hint(payload);
      return Parsed.malformed("payload is not valid JSON: " + jsonProblem(e) + (hint == null ? "" : "; " + hint));
    }
    ObjectNode object = ConnectValues.object(root, json);
    if (object == null) {
      return Parsed.malformed(RegistryFraming.framed(payload) ? RegistryFraming.NOT_JSON : PayloadShape.notAnObject(root));
    }
    ConnectValues.Unwrapped u = ConnectValues.event(object, json);
    return u.event() == null ? new Parsed(null, QuarantineReason.SCHEMA_VIOLATION, u.problem())
        : new Parsed(withNumbersFromText(withTimeInMillis(u.event())), null, null);
  }

  /**
   * {@code payload} without the NUL characters that end it: a C producer that sends a string with its terminator (a
   * length of strlen + 1) adds one after the event, which is no content, where anything else after it is refused.
   */
  private static String withoutTerminatingNuls(String payload) {
    int end = payload.length();
    while (end > 0 && payload.charAt(end - 1) == '\u0000') end--;
    return end == payload.length() ? payload : payload.substring(0, end);
  }

  /**
   * The event with an event_time written as an ISO-8601 time with its offset ({@link TimeText}) in epoch
   * milliseconds: the contract's form, which the payload then keeps. Other text is left to the check, which names the
   * field and what it expects.
   */
  private static ObjectNode withTimeInMillis(ObjectNode event) {
    JsonNode time = event.get("event_time");
    Long millis = time != null && time.isTextual() ? TimeText.millis(time.textValue()) : null;
    if (millis != null) event.put("event_time", millis);
    return event;
  }

  /**
   * A decimal as a JSON number spells it, without an exponent: exports write decimals so, and an exponent could ask
   * for a billion zeros wherever the number is written out in full.
   */
  private static final Pattern NUMBER_TEXT = Pattern.compile("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?");
  /** The longest number text read, so that no text costs more than a short number to read. */
  private static final int LONGEST_NUMBER_TEXT = 40;

  /**
   * The event with the contract's numbers written as JSON strings (an amount "19.80", as Debezium's
   * decimal.handling.mode = string and many exports write decimals, or an event_time "1793491200000") read as the
   * numbers they spell, in the event's fields and its order lines; other text stays, for the check to name.
   */
  private static ObjectNode withNumbersFromText(ObjectNode event) {
    for (String field : EventContract.NUMBER_FIELDS) numberFromText(event, field);
    JsonNode lines = event.get("lines");
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        if (line instanceof ObjectNode l) for (String field : EventContract.LINE_NUMBER_FIELDS) numberFromText(l, field);
      }
    }
    return event;
  }

  private static void numberFromText(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual() || v.textValue().length() > LONGEST_NUMBER_TEXT) return;
    var m = NUMBER_TEXT.matcher(v.textValue());
    if (!m.matches()) return;
    if (m.group(1) != null) {
      o.set(field, DecimalNode.valueOf(new BigDecimal(v.textValue())));
    } else {
      BigInteger n = new BigInteger(v.textValue());
      o.set(field, n.bitLength() < 64 ? LongNode.valueOf(n.longValue()) : BigIntegerNode.valueOf(n));
    }
  }

  /** Reads and validates one payload. */
  public static Result check(ObjectMapper json, String payload) {
    Parsed p = read(json, payload);
    return p.event() == null ? unread(p.reason(), p.problem()) : check(p.event());
  }

  /** The result of a payload {@link #read} found no event in, for {@code reason}. */
  public static Result unread(String reason, String problem) {
    return new Result(new Object[FIELDS.length], reason, problem);
  }

  /** Validates one event read by {@link #read} (and sanitized: details may quote its values). */
  public static Result check(ObjectNode root) {
    Object[] values = new Object[FIELDS.length];
    String wrongType = null;
    for (int i = 0; i < FIELDS.length; i++) {
      JsonNode n = root.get(FIELDS[i].name());
      if (n == null || n.isNull()) continue;
      Object v = NUMBERED_IDS.contains(FIELDS[i].name()) && n.isIntegralNumber() ? n.asText() : convert(KINDS[i], n);
      if (v == null) {
        if (wrongType == null) {
          wrongType = "field " + FIELDS[i].name() + ": expected " + words(FIELDS[i]) + ", got " + shown(FIELDS[i].name(), n)
              + (FIELDS[i].name().equals("event_time") && n.isTextual() && TimeText.withoutOffset(n.textValue())
                  ? ", a time without an offset, whose zone would be a guess: write it with the offset of its zone, or Z "
                      + "for UTC" : "");
        }
      } else {
        values[i] = v;
      }
    }
    Long time = (Long) values[index("event_time")];
    if (time != null && (time < MIN_EVENT_TIME || time > MAX_EVENT_TIME)) {
      // Not kept, so no conversion of the quarantine row can overflow.
      values[index("event_time")] = null;
      if (wrongType == null) {
        wrongType = "field event_time: " + time + " ms is not a time from 2000-01-01 to 9999-12-31 UTC" + unitHint(time);
      }
    }
    if (wrongType != null) return new Result(values, QuarantineReason.SCHEMA_VIOLATION, wrongType);
    for (String field : EventContract.COMMON_FIELDS) {
      if (values[index(field)] == null) return violation(values, missing(root, field, null));
    }
    for (String field : EventContract.IDENTIFYING_FIELDS) {
      Object v = values[index(field)];
      if (v != null && ((String) v).isBlank()) return violation(values, "field " + field + ": must not be empty");
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
          "event_type '" + abbreviate(typeName) + "' is not in the contract" + typeHint(typeName));
    }
    List<String> required = new ArrayList<>(type.get().requiredFields());
    if (type.get().inSession()) required.addAll(EventContract.SESSION_FIELDS);
    if ("product".equals(values[index("target")])) required.add("product_id");
    for (String field : required) {
      if (values[index(field)] == null) {
        return violation(values, missing(root, field, typeName));
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
    if (lines != null) {
      List<Row> rows = scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Row>) lines);
      for (int i = 0; i < rows.size(); i++) {
        Row l = rows.get(i);
        if (l.getString(0).isBlank()) return violation(v, "field lines: a line's product_id must not be empty");
        // A line of no goods or of no price (a stock write-off exported with the orders) sold nothing:
        // kept, it would make a paying buyer and a conversion of an order that was none.
        if (l.getInt(1) <= 0) return invalidLine(v, i, "quantity", "must be positive, got " + l.getInt(1));
        if (l.getDouble(2) <= 0) return invalidLine(v, i, "price", "must be positive, got " + l.getDouble(2));
      }
    }
    return new Result(v, null, null);
  }

  /** An order line's field that is out of range, named by its position in {@code lines} (from 0). */
  private static Result invalidLine(Object[] values, int line, String field, String problem) {
    return new Result(values, QuarantineReason.INVALID_ORDER_LINE,
        "field lines[" + line + "]." + field + ": " + problem);
  }

  private static Result violation(Object[] values, String detail) {
    return new Result(values, QuarantineReason.SCHEMA_VIOLATION, detail);
  }

  /** The node as the field's Java value, or null when its JSON type does not fit. */
  private static Object convert(String kind, JsonNode n) {
    return switch (kind) {
      case "integer" -> n.isIntegralNumber() && n.canConvertToInt() ? n.intValue() : null;
      case "long" -> n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
      // 1e309 reads as infinity: no amount or gift is worth that, and arithmetic on it fails.
      case "double" -> n.isNumber() && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
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
      if (!l.isObject() || p == null || !(p.isTextual() || p.isIntegralNumber()) || q == null || !q.isIntegralNumber()
          || !q.canConvertToInt() || price == null || !price.isNumber() || !Double.isFinite(price.doubleValue())) {
        return null;
      }
      out.add(RowFactory.create(p.asText(), q.intValue(), price.doubleValue()));
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(out).toSeq();
  }

  private static int index(String field) { return INDEX.get(field); }

  /**
   * The detail of a missing field (required for {@code typeName} when not null), naming the record's key that spells
   * it otherwise when it has one: a producer that names its fields in camelCase (schemaVersion, Session-Id).
   */
  private static String missing(ObjectNode root, String field, String typeName) {
    List<String> notes = new ArrayList<>();
    if (typeName != null) notes.add("required for " + typeName);
    String wanted = field.replace("_", "");
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.length() <= 2 * field.length() && key.replaceAll("[_\\-. ]", "").equalsIgnoreCase(wanted)) {
        notes.add("the record has " + key + ": the contract's field names are snake_case, lower case with underscores");
        break;
      }
    }
    return "missing field " + field + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
  }

  private static String words(StructField f) {
    if (f.name().equals("event_time")) {
      return "UTC epoch milliseconds or an ISO-8601 time with its offset (2026-11-01T08:53:54+08:00)";
    }
    return switch (f.dataType().typeName()) {
      case "integer", "long" -> "an integer";
      case "double" -> "a finite number";
      case "string" -> NUMBERED_IDS.contains(f.name()) ? "a string or an integer" : "a string";
      default -> "a list of order lines (product_id, integer quantity, numeric price)";
    };
  }

  /** What a wrong-typed value is: the value itself, abbreviated, except for personal fields. */
  private static String shown(String field, JsonNode n) {
    if (!PayloadSanitizer.isPersonal(field)) return abbreviate(n.toString());
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      default -> "a value of another kind";
    };
  }

  /**
   * Jackson's message without the location (the detail names the field or column instead) and
   * without an unrecognized token's text, which can be a bare user id or e-mail address.
   */
  private static String jsonProblem(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (msg == null) msg = e.getClass().getSimpleName();
    int token = msg.startsWith("Unrecognized token '") ? msg.indexOf("': ") : -1;
    if (token > 0) msg = "Unrecognized token" + msg.substring(token + 1);
    // Jackson's note of where the object began names no source (it is redacted) and says nothing the column does not.
    msg = msg.replaceAll(" \\((?:start marker at|for root starting at) \\[Source: [^\\]]{0,200}\\]\\)", "");
    return (msg.length() > 120 ? msg.substring(0, 120) + "..." : msg) + PayloadShape.where(e);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /**
   * What the detail of an unknown event type adds: the contract's spelling of a type written in another case or
   * with other separators, else its types that share a word with it, else all of its types.
   */
  private static String typeHint(String typeName) {
    String name = typeName.length() > 200 ? typeName.substring(0, 200) : typeName;
    Optional<EventType> spelled = EventType.fromWire(name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
    if (spelled.isPresent()) return " (its types are lower case with underscores: " + spelled.get().wireName() + ")";
    List<EventType> like = EventType.sharingAWordWith(name);
    return like.isEmpty()
        ? "; its types: " + String.join(", ", Arrays.stream(EventType.values()).map(EventType::wireName).toList())
        : "; its types with a word of it: " + String.join(", ", like.stream().map(EventType::wireName).toList());
  }

  /**
   * The time an out-of-range event_time would be in the unit producers most often send by mistake (unix seconds,
   * or micro- or nanoseconds), when that time is plausible: the detail then says what to fix; otherwise empty.
   */
  private static String unitHint(long time) {
    if (time >= MIN_EVENT_TIME / 1000 && time < PLAUSIBLE_UNTIL / 1000) return hint(time * 1000, "seconds");
    if (time >= MIN_EVENT_TIME * 1000 && time < PLAUSIBLE_UNTIL * 1000) return hint(time / 1000, "microseconds");
    if (time >= MIN_EVENT_TIME * 1_000_000 && time < PLAUSIBLE_UNTIL * 1_000_000) {
      return hint(time / 1_000_000, "nanoseconds");
    }
    return "";
  }

  private static String hint(long ms, String unit) {
    return " (as " + unit + " it would be " + Instant.ofEpochMilli(ms) + ": event_time is in milliseconds)";
  }
}
