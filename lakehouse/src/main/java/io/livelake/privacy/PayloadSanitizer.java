package io.livelake.privacy;

import java.io.Serializable;
import java.util.function.UnaryOperator;

/**
 * Makes a raw record safe to store before its first write: the value of {@code user_id} becomes its
 * pseudonym and personal data inside {@code text} is redacted. Works on the raw text, so it also
 * protects records that are not valid JSON (they are quarantined, never dropped).
 */
public final class PayloadSanitizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Pseudonymizer pseudonymizer;

  public PayloadSanitizer(Pseudonymizer pseudonymizer) { this.pseudonymizer = pseudonymizer; }

  // Placeholder API until the parsed-value sanitizer lands (being written on the privacy branch).
  public void sanitize(com.fasterxml.jackson.databind.node.ObjectNode event) {
    com.fasterxml.jackson.databind.JsonNode u = event.get("user_id");
    if (u != null && u.isTextual()) event.put("user_id", pseudonymizer.pseudonym(u.textValue()));
    com.fasterxml.jackson.databind.JsonNode t = event.get("text");
    if (t != null && t.isTextual()) event.put("text", Redactor.redact(t.textValue()));
  }

  public String sanitizeText(String raw) { return sanitize(raw); }

  public static boolean isPersonal(String field) { return field.equals("user_id") || field.equals("text"); }

  public String sanitize(String payload) {
    if (payload == null) return null;
    String p = replaceValues("\"user_id\"", payload, pseudonymizer::pseudonym);
    return replaceValues("\"text\"", p, Redactor::redact);
  }

  /**
   * Replaces the string value of every {@code key : "value"} in {@code s}. A value ends at its closing
   * quote or, in a record cut short, at the end of the input (also at a dangling backslash, or one
   * before a final line break): a truncated record still holds (part of) the identifier or the text,
   * and it is stored in quarantine. Escaped characters belong to the value. Scanned by hand: the equivalent
   * regular expression, {@code ("key"\s*:\s*")((?:[^"\\]|\\.)*)("|\\?$)}, took a fifth of the parse.
   */
  private static String replaceValues(String key, String s, UnaryOperator<String> f) {
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    for (int at; (at = s.indexOf(key, from)) >= 0; ) {
      int start = valueStart(s, at + key.length());
      int end = start < 0 ? -1 : valueEnd(s, start);
      if (end < 0) {
        from = at + 1;
        continue;
      }
      if (out == null) out = new StringBuilder(s.length() + 16);
      out.append(s, copied, start).append(f.apply(s.substring(start, end)));
      copied = end;
      // The search goes on after the value's closing quote or dangling backslash, if any.
      from = end < s.length() && (s.charAt(end) == '"' || s.charAt(end) == '\\') ? end + 1 : end;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  /** Where the value starts after {@code key}: past blanks, a colon, blanks and the opening quote; -1 if none. */
  private static int valueStart(String s, int i) {
    i = skipBlanks(s, i);
    if (i >= s.length() || s.charAt(i) != ':') return -1;
    i = skipBlanks(s, i + 1);
    return i < s.length() && s.charAt(i) == '"' ? i + 1 : -1;
  }

  /**
   * Where the value starting at {@code i} ends: its closing quote, or the end of the input, or a
   * backslash that ends the input (alone or before a final line break); -1 when a backslash escapes a
   * line break that is not the end of the input (no value then).
   */
  private static int valueEnd(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') return i;
      if (c != '\\') {
        i++;
      } else if (i + 1 < n && !lineBreak(s.charAt(i + 1))) {
        i += 2;
      } else {
        String rest = s.substring(i + 1);
        return rest.isEmpty() || rest.equals("\r\n") || rest.length() == 1 && lineBreak(rest.charAt(0)) ? i : -1;
      }
    }
    return n;
  }

  private static int skipBlanks(String s, int i) {
    while (i < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) i++;
    return i;
  }

  private static boolean lineBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }
}
