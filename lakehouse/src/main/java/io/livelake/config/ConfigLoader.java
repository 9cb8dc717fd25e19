package io.livelake.config;

import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link LiveLakeConfig} from four layers, later ones winning: defaults in code, the conf
 * file ({@code conf/livelake.conf} or --config), LIVELAKE_* environment variables, command-line flags.
 * Every value is validated here, and the first problem stops the run with a message naming the key.
 */
public final class ConfigLoader {
  /** The conf file read when no --config is given, relative to the working directory. */
  public static final Path DEFAULT_FILE = Path.of("conf", "livelake.conf");

  private Path file;
  private boolean fileExplicit;
  private Map<String, String> environment = System.getenv();
  private final Map<String, String> flags = new LinkedHashMap<>();

  /** Reads this file instead of conf/livelake.conf; it must exist. */
  public ConfigLoader file(Path file) {
    this.file = file;
    this.fileExplicit = file != null;
    return this;
  }

  /** Uses this map as the environment (tests); defaults to the process environment. */
  public ConfigLoader environment(Map<String, String> env) {
    this.environment = Map.copyOf(env);
    return this;
  }

  /** A value given on the command line under {@code flag} for {@code key}. */
  public ConfigLoader flag(String key, String value, String flag) {
    if (value != null) flags.put(key, value + "\u0000" + flag);
    return this;
  }

  /** Parses a {@code --set key=value} flag. */
  public ConfigLoader set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) throw new ConfigException("--set " + assignment + ": expected key=value");
    return flag(assignment.substring(0, eq).trim(), assignment.substring(eq + 1), "--set");
  }

  /** Loads and validates all layers. */
  public LiveLakeConfig load() {
    Map<String, Object> values = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (Setting s : Settings.all()) {
      values.put(s.key(), parse(s, s.defaultValue(), "default"));
    }
    Path f = file != null ? file : DEFAULT_FILE;
    if (Files.exists(f)) {
      readFile(f, values, origins);
    } else if (fileExplicit) {
      throw new ConfigException("--config " + f + ": file not found");
    }
    // Settings ending in .env name the variables that hold secrets: those are read as secrets, not settings.
    Set<Object> secretVars = Settings.all().stream().filter(s -> s.key().endsWith(".env"))
        .map(s -> values.get(s.key())).collect(java.util.stream.Collectors.toSet());
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String name = e.getKey();
      if (!name.startsWith("LIVELAKE_") || secretVars.contains(name) || IGNORED_ENV.contains(name)) continue;
      Setting s = Settings.all().stream().filter(x -> x.envName().equals(name)).findFirst()
          .orElseThrow(() -> new ConfigException("environment variable " + name
              + ": no such setting (settings map to LIVELAKE_<KEY>, e.g. LIVELAKE_LAKE_ROOT)"));
      put(s, e.getValue(), "environment variable " + name, values, origins);
    }
    for (Map.Entry<String, String> e : flags.entrySet()) {
      String[] parts = e.getValue().split("\u0000", 2);
      String origin = parts[1].equals("--set") ? "--set " + e.getKey() : parts[1];
      Setting s = Settings.find(e.getKey())
          .orElseThrow(() -> new ConfigException(origin + ": unknown setting '" + e.getKey() + "'"));
      put(s, parts[0], origin, values, origins);
    }
    return new LiveLakeConfig(values, origins, environment);
  }

  /** Variables of the launcher itself, not settings. */
  private static final Set<String> IGNORED_ENV = Set.of("LIVELAKE_HOME", "LIVELAKE_JAVA_OPTS", "LIVELAKE_BUILD_LOG",
      "LIVELAKE_DRIVER_MEMORY", "LIVELAKE_CDS", "LIVELAKE_CLASSPATH");

  static LiveLakeConfig rebase(LiveLakeConfig base, Map<String, String> overrides) {
    Map<String, Object> values = new HashMap<>(base.values());
    Map<String, String> origins = new HashMap<>(base.origins());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      Setting s = Settings.find(e.getKey())
          .orElseThrow(() -> new ConfigException("unknown setting '" + e.getKey() + "'"));
      put(s, e.getValue(), "override", values, origins);
    }
    return new LiveLakeConfig(values, origins, base.environment());
  }

  private void readFile(Path f, Map<String, Object> values, Map<String, String> origins) {
    List<String> lines;
    try {
      lines = LocalFiles.utf8Lines(f);
    } catch (CharacterCodingException e) {
      // An editor's "ANSI" (Windows-1252): an accented letter in a comment is enough.
      throw new ConfigException(f + ": not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new ConfigException(f + ": cannot read (" + e.getMessage() + ")");
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = f + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
      String key = line.substring(0, eq).strip();
      String value = stripComment(line.substring(eq + 1)).strip();
      Setting s = Settings.find(key).orElseThrow(() -> new ConfigException(where + ": unknown setting '" + key + "'"));
      put(s, value, where, values, origins);
    }
  }

  private static String stripComment(String v) {
    int hash = v.indexOf(" #");
    return hash >= 0 ? v.substring(0, hash) : v;
  }

  private static void put(Setting s, String raw, String origin, Map<String, Object> values, Map<String, String> origins) {
    values.put(s.key(), parse(s, raw, origin));
    origins.put(s.key(), origin);
  }

  private static Object parse(Setting s, String raw, String origin) {
    String where = origin.isEmpty() || origin.equals("default") ? "" : " (from " + origin + ")";
    Object v;
    try {
      v = s.type().parse(raw);
    } catch (RuntimeException e) {
      throw new ConfigException(s.key() + ": expected " + s.type().expectation() + ", got '" + raw + "'" + where);
    }
    if (!s.rule().test(v)) {
      throw new ConfigException(s.key() + ": " + s.ruleText() + ", got '" + raw + "'" + where);
    }
    return v;
  }
}
