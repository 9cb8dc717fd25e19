package io.livelake.config;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One documented configuration key: its type, default, the rule its value must satisfy and a
 * sentence for the conf file and --help.
 */
public record Setting(
    String key, SettingType type, String defaultValue, String doc, Predicate<Object> rule, String ruleText) {

  public static Setting of(String key, SettingType type, String defaultValue, String doc) {
    return new Setting(key, type, defaultValue, doc, v -> true, "");
  }

  /** A copy that also requires {@code rule}, described by {@code ruleText} in error messages. */
  public Setting requiring(Predicate<Object> rule, String ruleText) {
    return new Setting(key, type, defaultValue, doc, rule, ruleText);
  }

  public Setting positive() {
    return requiring(v -> ((Number) v).doubleValue() > 0, "must be greater than 0");
  }

  public Setting atLeast(double min) {
    return requiring(v -> ((Number) v).doubleValue() >= min, "must be at least " + fmt(min));
  }

  public Setting between(double min, double max) {
    return requiring(v -> ((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max,
        "must be between " + fmt(min) + " and " + fmt(max));
  }

  public Setting oneOf(String... allowed) {
    List<String> values = List.of(allowed);
    return requiring(v -> values.contains(v), "must be one of " + String.join(", ", values));
  }

  public Setting nonEmpty() {
    return requiring(v -> !v.toString().isBlank(), "must not be empty");
  }

  /** The environment variable that overrides this key: LIVELAKE_ plus the key in upper case, dots as underscores. */
  public String envName() {
    return "LIVELAKE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
