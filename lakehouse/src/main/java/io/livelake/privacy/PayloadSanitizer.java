package io.livelake.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.livelake.events.EventContract;
import io.livelake.events.TimeText;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a record safe to store before its first write: the value of {@code user_id} becomes its
 * pseudonym and personal data is redacted ({@link Redactor}). It works on what the record means, not
 * on how it is spelled: a parsed record by its decoded field names and values ({@link
 * #sanitize(ObjectNode)}), a record that is not a JSON object by its text with the JSON escapes
 * decoded ({@link #sanitizeText}). Both take linear time and a stack that does not grow with the input.
 */
public final class PayloadSanitizer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Identifiers and enumerations of the event contract: a long digit string there is an id, not a phone. */
  private static final Set<String> ID_FIELDS = Set.copyOf(EventContract.IDENTIFYING_FIELDS);
  /** Numbers of the event contract, kept as they are. */
  private static final Set<String> NUMBER_FIELDS = Set.copyOf(EventContract.NUMBER_FIELDS);
  private static final Set<String> LINE_NUMBERS = Set.copyOf(EventContract.LINE_NUMBER_FIELDS);
  /** The keys whose bare numbers a record that is not JSON keeps ({@link #redactKeepingNumbers}). */
  private static final Set<String> KEPT_NUMBERS = union(NUMBER_FIELDS, LINE_NUMBERS);
  private static final int LONGEST_KEPT_KEY = KEPT_NUMBERS.stream().mapToInt(String::length).max().orElseThrow();
  /** One JSON value and nothing after it: {@link #sanitize(String)} treats anything else as text. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** How the values in a place of the event are treated. */
  private enum Mode {
    /** The event's own fields. */
    EVENT,
    /** The elements of {@code lines}. */
    LINES,
    /** The fields of one order line. */
    LINE,
    /** Under user_id: keys, strings and numbers become pseudonyms. */
    PSEUDONYM,
    /** A contract identifier: e-mail addresses redacted only. */
    EMAILS,
    /** A contract number: kept. */
    KEEP,
    /** The free text of {@code text}: redacted, mentions of users too ({@link Redactor#redactText}). */
    TEXT,
    /** Anything else: keys, strings and numbers fully redacted. */
    REDACT
  }

  private enum NumberKind { NONE, INTEGER, FLOAT }

  private record Pending(JsonNode container, Mode mode) {}

  private final Pseudonymizer pseudonymizer;

  /** A sanitizer that pseudonymizes with {@code pseudonymizer}. */
  public PayloadSanitizer(Pseudonymizer pseudonymizer) { this.pseudonymizer = pseudonymizer; }

  /** True for the fields whose values are personal data (user_id, text): never echo them, e.g. in quarantine details. */
  public static boolean isPersonal(String field) {
    return "user_id".equals(field) || "text".equals(field);
  }

  /**
   * Sanitizes a parsed event in place. {@code user_id} ({@link #isUserIdKey}: {@code userId} too), the event's or one
   * at any depth (as {@link #sanitizeText}
   * finds every one): a string (but a blank one) or number becomes its pseudonym, a
   * string (a number's plain decimal text is pseudonymized, so {@code 12345} and {@code "12345"} agree);
   * inside an array or object under it, every key, string and number is pseudonymized. {@code text}:
   * redacted, mentions of users too ({@link Redactor#redactText}). The contract's identifiers and enumerations, {@code lines[].product_id} included:
   * e-mail addresses redacted only. The contract's numbers, and an event_time written as a date and time ({@link TimeText}): kept. Everything else at any depth (unknown
   * fields, contract fields holding a value of another JSON type): keys, strings and numbers fully
   * redacted, a number that holds personal data becoming the redacted text. Renamed keys that collide
   * keep the last value, as duplicate keys do in JSON.
   */
  public void sanitize(ObjectNode event) {
    // Containers still to visit: an explicit stack, so nesting costs heap, never the thread's stack.
    ArrayDeque<Pending> todo = new ArrayDeque<>();
    todo.push(new Pending(event, Mode.EVENT));
    while (!todo.isEmpty()) {
      Pending p = todo.pop();
      if (p.container() instanceof ObjectNode o) {
        visitObject(o, p.mode(), todo);
      } else {
        ArrayNode a = (ArrayNode) p.container();
        for (int i = 0; i < a.size(); i++) {
          JsonNode v = a.get(i);
          Mode m = p.mode() == Mode.LINES ? (v.isObject() ? Mode.LINE : Mode.REDACT) : p.mode();
          if (v.isContainerNode()) todo.push(new Pending(v, m));
          else a.set(i, scalar(v, m));
        }
      }
    }
  }

  private void visitObject(ObjectNode o, Mode mode, ArrayDeque<Pending> todo) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(o.properties());
    String[] keys = new String[members.size()];
    JsonNode[] values = new JsonNode[members.size()];
    boolean renamed = false;
    for (int i = 0; i < keys.length; i++) {
      String name = members.get(i).getKey();
      JsonNode v = members.get(i).getValue();
      keys[i] = key(name, mode);
      renamed |= !keys[i].equals(name);
      Mode m = memberMode(name, v, mode);
      values[i] = v;
      if (v.isContainerNode()) todo.push(new Pending(v, m));
      else values[i] = scalar(v, m);
    }
    if (renamed) o.removeAll();
    for (int i = 0; i < keys.length; i++) o.set(keys[i], values[i]);
  }

  private String key(String name, Mode mode) {
    return switch (mode) {
      case EVENT -> ID_FIELDS.contains(name) || NUMBER_FIELDS.contains(name) || name.equals("text") || name.equals("lines") ? name : Redactor.redact(name);
      case LINE -> name.equals("product_id") || LINE_NUMBERS.contains(name) ? name : Redactor.redact(name);
      case PSEUDONYM -> pseudonymizer.pseudonym(name);
      default -> Redactor.redact(name);
    };
  }

  /** How the value of member {@code name} of an object visited in {@code mode} is treated. */
  private static Mode memberMode(String name, JsonNode v, Mode mode) {
    // Another person's id nested in the event (a referrer, a gift's receiver) is an identifier as much as the event's.
    if (isUserIdKey(name)) return Mode.PSEUDONYM;
    if (mode == Mode.EVENT) {
      if (name.equals("lines") && v.isArray()) return Mode.LINES;
      if (ID_FIELDS.contains(name) && !v.isContainerNode()) return Mode.EMAILS;
      if (NUMBER_FIELDS.contains(name) && (v.isNumber() || v.isNull())) return Mode.KEEP;
      // A time without its offset is refused, and kept so that the record can be given again with its zone.
      if (name.equals("event_time") && v.isTextual() && TimeText.isDateTime(v.textValue())) return Mode.KEEP;
      if (name.equals("text") && v.isTextual()) return Mode.TEXT;
      return Mode.REDACT;
    }
    if (mode == Mode.LINE) {
      if (name.equals("product_id") && !v.isContainerNode()) return Mode.EMAILS;
      if (LINE_NUMBERS.contains(name) && (v.isNumber() || v.isNull())) return Mode.KEEP;
      return Mode.REDACT;
    }
    return mode;
  }

  private JsonNode scalar(JsonNode v, Mode mode) {
    if (mode == Mode.PSEUDONYM) {
      // A blank id names nobody: kept, so that validation refuses it rather than count one person under its pseudonym.
      if (v.isTextual()) return v.textValue().isBlank() ? v : TextNode.valueOf(pseudonymizer.pseudonym(v.textValue()));
      if (v.isNumber()) return TextNode.valueOf(pseudonymizer.pseudonym(plainDecimal(v)));
    } else if (mode == Mode.EMAILS && v.isTextual()) {
      String s = Redactor.emails(v.textValue());
      return s.equals(v.textValue()) ? v : TextNode.valueOf(s);
    } else if (mode == Mode.TEXT || mode == Mode.REDACT && (v.isTextual() || v.isNumber())) {
      String s = v.isTextual() ? v.textValue() : plainDecimal(v);
      String r = mode == Mode.TEXT ? Redactor.redactText(s) : Redactor.redact(s);
      return r.equals(s) ? v : TextNode.valueOf(r);
    }
    return v;
  }

  /**
   * A number's plain decimal text: integers in decimal, others without exponent or trailing zeros
   * ({@code 1.2345e4} and {@code 12345.0} give {@code 12345}).
   */
  private static String plainDecimal(JsonNode n) {
    if (n.isIntegralNumber()) return n.asText();
    if (n.isBigDecimal()) return plainDecimal(n.decimalValue());
    return Double.isFinite(n.doubleValue()) ? plainDecimal(BigDecimal.valueOf(n.doubleValue())) : n.asText();
  }

  private static String plainDecimal(BigDecimal d) {
    d = d.stripTrailingZeros();
    // A huge exponent would be written out as that many zeros.
    return Math.abs(d.scale()) <= 1000 ? d.toPlainString() : d.toString();
  }

  /**
   * Sanitizes a record that is not a valid JSON object, for storage as received minus personal data.
   * The JSON escapes are decoded first, so no spelling hides a key or an address. Then the value of
   * every {@code "user_id"} key ({@link #isUserIdKey}: {@code "userId"} too) becomes its pseudonym: a quoted value up to the closing quote (a quote
   * written {@code \"} closes only a value opened by one), a bare value up to a blank, comma, colon,
   * bracket, brace or quote (a number by its plain decimal text, as {@link #sanitize(ObjectNode)} does;
   * {@code null}, {@code true} and {@code false} are left), either one cut short by the end of the
   * input; a bare value's pseudonym is written in quotes. The rest of the text is redacted as free text
   * ({@link Redactor#redactText}), but for the bare numbers of the contract's number keys
   * ({@code "event_time": 1793494521669}), kept as in the tree. Null stays null.
   */
  public String sanitizeText(String raw) {
    if (raw == null) return null;
    BitSet escapedQuotes = new BitSet();
    String s = decode(raw, escapedQuotes);
    int n = s.length();
    StringBuilder out = new StringBuilder(n + 32);
    int copied = 0;
    int from = 0;
    for (int at; (at = userKey(s, from)) >= 0; ) {
      from = at + 1;
      int i = skipBlanks(s, s.indexOf('"', at + 1) + 1);
      if (i >= n || s.charAt(i) != ':') continue;
      i = skipBlanks(s, i + 1);
      int start;
      int end;
      String id;
      boolean bare = false;
      if (i < n && s.charAt(i) == '"') {
        boolean escaped = escapedQuotes.get(i);
        start = i + 1;
        end = start;
        while (end < n && (s.charAt(end) != '"' || escapedQuotes.get(end) != escaped)) end++;
        id = s.substring(start, end);
        from = Math.min(end + 1, n);
      } else {
        start = i;
        end = i;
        while (end < n && !endsBareValue(s.charAt(end))) end++;
        id = bareValue(s.substring(start, end));
        if (id == null) continue;
        bare = true;
        from = end;
      }
      out.append(redactKeepingNumbers(s.substring(copied, start)));
      // A bare pseudonym is quoted, a string as in the tree, where the eraser finds it after a quote.
      if (bare) out.append('"').append(pseudonymizer.pseudonym(id)).append('"');
      else out.append(pseudonymizer.pseudonym(id));
      copied = end;
    }
    return out.append(redactKeepingNumbers(s.substring(copied))).toString();
  }

  /**
   * Whether {@code key} names the contract's user_id, in another case or with another separator, as other producers
   * name it ({@code userId}, {@code UserID}, {@code user-id}, {@code USER ID}): its value is a user id all the same.
   */
  public static boolean isUserIdKey(String key) {
    int n = key.length();
    if (n != 6 && n != 7 || n == 7 && "_-. ".indexOf(key.charAt(4)) < 0) return false;
    return asciiLowerAt(key, 0, "user") && asciiLowerAt(key, n - 2, "id");
  }

  private static boolean asciiLowerAt(String s, int at, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = s.charAt(at + i);
      if (c >= 'A' && c <= 'Z') c = (char) (c + ('a' - 'A'));
      if (c != lower.charAt(i)) return false;
    }
    return true;
  }

  /**
   * Where the first quoted {@link #isUserIdKey user id key} at or after {@code from} opens, or -1. Every quote is tried
   * as a key's opening one, once, so the scan is linear.
   */
  private static int userKey(String s, int from) {
    int q = s.indexOf('"', from);
    while (q >= 0) {
      int close = s.indexOf('"', q + 1);
      if (close < 0) return -1;
      if (close - q - 1 <= 7 && isUserIdKey(s.substring(q + 1, close))) return q;
      q = close;
    }
    return -1;
  }

  /**
   * {@code s} redacted as free text ({@link Redactor#redactText}) but for the bare JSON numbers of the contract's
   * number keys ({@code "event_time": 1793494521669}, an amount, a line's price), kept as the tree keeps them: an
   * epoch time read as text is a phone number's length, and redacted it would leave a quarantined record without
   * its time. Every quote is tried as a key's opening one, once, so the scan is linear.
   */
  private static String redactKeepingNumbers(String s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n + 16);
    int copied = 0;
    int q = s.indexOf('"');
    while (q >= 0) {
      int close = s.indexOf('"', q + 1);
      if (close < 0) break;
      int next = close;
      if (close - q - 1 <= LONGEST_KEPT_KEY && KEPT_NUMBERS.contains(s.substring(q + 1, close))) {
        int i = skipBlanks(s, close + 1);
        if (i < n && s.charAt(i) == ':') {
          i = skipBlanks(s, i + 1);
          int end = i;
          while (end < n && !endsBareValue(s.charAt(end))) end++;
          if (end > i && numberKind(s.substring(i, end)) != NumberKind.NONE) {
            out.append(Redactor.redactText(s.substring(copied, i))).append(s, i, end);
            copied = end;
            next = s.indexOf('"', end);
          }
        }
      }
      q = next;
    }
    return out.append(Redactor.redactText(s.substring(copied))).toString();
  }

  /**
   * The sanitized form of a raw payload: a JSON object is sanitized as a tree ({@link
   * #sanitize(ObjectNode)}) and written back as JSON, anything else by {@link #sanitizeText}. Null
   * stays null. For the parser until it works on the tree itself.
   */
  public String sanitize(String payload) {
    if (payload == null) return null;
    JsonNode tree;
    try {
      tree = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      tree = null;
    }
    if (tree instanceof ObjectNode event) {
      sanitize(event);
      return event.toString();
    }
    return sanitizeText(payload);
  }

  /**
   * What a bare user id value is pseudonymized as, null for none (empty, or a JSON literal): a number
   * as Jackson reads it, then in plain decimal, as {@link #sanitize(ObjectNode)} does.
   */
  private static String bareValue(String token) {
    if (token.isEmpty() || token.equals("null") || token.equals("true") || token.equals("false")) return null;
    NumberKind kind = numberKind(token);
    if (kind == NumberKind.INTEGER) return token.equals("-0") ? "0" : token;
    // Longer numbers exceed Jackson's limit, so the tree never holds them.
    if (kind == NumberKind.NONE || token.length() > 1000) return token;
    double d = Double.parseDouble(token);
    // Past a double's range a float reads as infinity, and the digits say more.
    return Double.isFinite(d) ? plainDecimal(BigDecimal.valueOf(d)) : token;
  }

  /** Whether {@code t} is a JSON number, and an integer or not. */
  private static NumberKind numberKind(String t) {
    int n = t.length();
    int i = t.startsWith("-") ? 1 : 0;
    int digits = digits(t, i);
    if (digits == i || t.charAt(i) == '0' && digits > i + 1) return NumberKind.NONE;
    i = digits;
    if (i == n) return NumberKind.INTEGER;
    if (t.charAt(i) == '.') {
      digits = digits(t, i + 1);
      if (digits == i + 1) return NumberKind.NONE;
      i = digits;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) i++;
      digits = digits(t, i);
      if (digits == i) return NumberKind.NONE;
      i = digits;
    }
    return i == n ? NumberKind.FLOAT : NumberKind.NONE;
  }

  /** The end of the ASCII digits from {@code i}. */
  private static int digits(String t, int i) {
    while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') i++;
    return i;
  }

  private static boolean endsBareValue(char c) {
    return blank(c) || ",:{}[]\"".indexOf(c) >= 0;
  }

  /**
   * The text with JSON escapes decoded once; sets in {@code escapedQuotes} the positions of the quotes
   * that were escaped. A backslash that starts no valid escape stays.
   */
  private static String decode(String raw, BitSet escapedQuotes) {
    int b = raw.indexOf('\\');
    if (b < 0) return raw;
    int n = raw.length();
    StringBuilder out = new StringBuilder(n);
    out.append(raw, 0, b);
    int i = b;
    while (i < n) {
      char c = raw.charAt(i);
      int decoded = c == '\\' && i + 1 < n ? escape(raw, i) : -1;
      if (decoded < 0) {
        out.append(c);
        i++;
        continue;
      }
      if (decoded == '"') escapedQuotes.set(out.length());
      out.append((char) decoded);
      i += raw.charAt(i + 1) == 'u' ? 6 : 2;
    }
    return out.toString();
  }

  /** The character escaped by the backslash at {@code i}, -1 when it starts no valid escape. */
  private static int escape(String s, int i) {
    char e = s.charAt(i + 1);
    switch (e) {
      case '"', '\\', '/' -> { return e; }
      case 'b' -> { return '\b'; }
      case 'f' -> { return '\f'; }
      case 'n' -> { return '\n'; }
      case 'r' -> { return '\r'; }
      case 't' -> { return '\t'; }
      case 'u' -> {
        if (i + 6 > s.length()) return -1;
        int v = 0;
        for (int k = i + 2; k < i + 6; k++) {
          int h = Character.digit(s.charAt(k), 16);
          // Character.digit also reads full-width and other scripts' digits; JSON allows ASCII hex only.
          if (h < 0 || s.charAt(k) > 'f') return -1;
          v = v * 16 + h;
        }
        return v;
      }
      default -> { return -1; }
    }
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && blank(s.charAt(i))) i++;
    return i;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }
}
