package io.livelake.privacy;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a raw record safe to store before its first write: the value of {@code user_id} becomes its
 * pseudonym and personal data inside {@code text} is redacted. Works on the raw text, so it also
 * protects records that are not valid JSON (they are quarantined, never dropped).
 */
public final class PayloadSanitizer implements Serializable {
  private static final long serialVersionUID = 1L;
  // A value ends at its closing quote or, in a record cut short, at the end of the input: a truncated
  // record still holds (part of) the identifier or the text, and it is stored in quarantine.
  private static final Pattern USER = Pattern.compile("(\"user_id\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\"|\\\\?$)");
  private static final Pattern TEXT = Pattern.compile("(\"text\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\"|\\\\?$)");

  private final Pseudonymizer pseudonymizer;

  public PayloadSanitizer(Pseudonymizer pseudonymizer) { this.pseudonymizer = pseudonymizer; }

  public String sanitize(String payload) {
    if (payload == null) return null;
    String p = replaceValue(USER, "\"user_id\"", payload, pseudonymizer::pseudonym);
    return replaceValue(TEXT, "\"text\"", p, Redactor::redact);
  }

  /** {@code key}: the literal each match starts with, found first by a scan far cheaper than the pattern's. */
  private static String replaceValue(Pattern pattern, String key, String s, java.util.function.UnaryOperator<String> f) {
    int at = s.indexOf(key);
    if (at < 0) return s;
    Matcher m = pattern.matcher(s);
    if (!m.find(at)) return s;
    StringBuilder sb = new StringBuilder(s.length() + 16);
    int last = 0;
    do {
      sb.append(s, last, m.start(2)).append(f.apply(m.group(2)));
      last = m.end(2);
    } while (m.find());
    return sb.append(s, last, s.length()).toString();
  }
}
