package io.livelake.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types a setting can have, each with its parser and a phrase for error messages. */
public enum SettingType {
  STRING("a string") {
    @Override Object parse(String raw) { return raw; }
  },
  INT("an integer") {
    @Override Object parse(String raw) { return Integer.parseInt(raw.trim()); }
  },
  LONG("an integer") {
    @Override Object parse(String raw) { return Long.parseLong(raw.trim()); }
  },
  DOUBLE("a number") {
    @Override Object parse(String raw) {
      double v = Double.parseDouble(raw.trim());
      if (Double.isNaN(v) || Double.isInfinite(v)) throw new IllegalArgumentException();
      return v;
    }
  },
  BOOLEAN("true or false") {
    @Override Object parse(String raw) {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("yes") || v.equals("on")) return true;
      if (v.equals("false") || v.equals("no") || v.equals("off")) return false;
      throw new IllegalArgumentException();
    }
  },
  /** Durations such as 250ms, 10s, 5m, 2h, 7d. */
  DURATION("a duration such as 500ms, 10s, 5m, 2h or 1d") {
    @Override Object parse(String raw) { return parseDuration(raw); }
  },
  /** Comma-separated list of strings; empty means the empty list. */
  LIST("a comma-separated list") {
    @Override Object parse(String raw) {
      if (raw.isBlank()) return List.of();
      return List.of(raw.trim().split("\\s*,\\s*"));
    }
  };

  private static final Pattern DURATION_PATTERN = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String expectation;

  SettingType(String expectation) { this.expectation = expectation; }

  /** Parses a raw value; throws IllegalArgumentException (or NumberFormatException) when it does not fit. */
  abstract Object parse(String raw);

  /** Words for "expected ..." in an error message. */
  public String expectation() { return expectation; }

  /** Parses durations in the forms this type documents. */
  public static Duration parseDuration(String raw) {
    Matcher m = DURATION_PATTERN.matcher(raw.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) throw new IllegalArgumentException("not a duration: " + raw);
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
