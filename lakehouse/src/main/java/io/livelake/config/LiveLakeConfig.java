package io.livelake.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated, typed configuration of one run. Built by {@link ConfigLoader}; every value has
 * already been parsed and checked, so getters never fail on user input.
 */
public final class LiveLakeConfig {
  private final Map<String, Object> values;
  private final Map<String, String> origins;
  private final Map<String, String> environment;

  LiveLakeConfig(Map<String, Object> values, Map<String, String> origins, Map<String, String> environment) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    this.environment = environment;
  }

  /** The configuration made only of defaults (with the process environment for secrets). */
  public static LiveLakeConfig defaults() {
    return new ConfigLoader().load();
  }

  public String getString(Setting s) { return (String) get(s); }
  public int getInt(Setting s) { return (Integer) get(s); }
  public long getLong(Setting s) { return (Long) get(s); }
  public double getDouble(Setting s) { return (Double) get(s); }
  public boolean getBoolean(Setting s) { return (Boolean) get(s); }
  public Duration getDuration(Setting s) { return (Duration) get(s); }

  @SuppressWarnings("unchecked")
  public List<String> getList(Setting s) { return (List<String>) get(s); }

  private Object get(Setting s) {
    Object v = values.get(s.key());
    if (v == null) throw new IllegalArgumentException("unknown setting " + s.key());
    return v;
  }

  /** Where the value of {@code key} came from: default, a file with its line, an environment variable or a flag. */
  public String origin(String key) { return origins.getOrDefault(key, "default"); }

  /** A secret read from the environment (secrets are never read from files or flags). */
  public java.util.Optional<String> secret(String envName) {
    String v = environment.get(envName);
    return v == null || v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v);
  }

  /** A copy with some keys overridden by raw values, validated like flags (used by commands and tests). */
  public LiveLakeConfig with(Map<String, String> overrides) {
    return ConfigLoader.rebase(this, overrides);
  }

  Map<String, Object> values() { return values; }
  Map<String, String> origins() { return origins; }
  Map<String, String> environment() { return environment; }

  /** key = value lines of the effective configuration, with origins, for `livelake config`. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Setting s : Settings.all()) {
      Object v = values.get(s.key());
      String shown = v instanceof List<?> l ? String.join(",", l.stream().map(Object::toString).toList())
          : v instanceof Duration ? raw(s) : String.valueOf(v);
      sb.append(s.key()).append(" = ").append(shown).append("    # ").append(origin(s.key())).append('\n');
    }
    return sb.toString();
  }

  private String raw(Setting s) {
    Duration d = (Duration) values.get(s.key());
    if (d.toMillis() % 86_400_000 == 0) return d.toDays() + "d";
    if (d.toMillis() % 3_600_000 == 0) return d.toHours() + "h";
    if (d.toMillis() % 60_000 == 0) return d.toMinutes() + "m";
    if (d.toMillis() % 1_000 == 0) return d.toSeconds() + "s";
    return d.toMillis() + "ms";
  }
}
