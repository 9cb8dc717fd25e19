package io.livelake.app;

/** What commands say to the user: results on stdout, progress and notes on stderr. */
final class Console {
  private Console() {}

  static void info(String line) {
    System.err.println(line);
  }

  static void out(String line) {
    System.out.println(line);
  }

  /** A duration as the settings spell it: 1s, 500ms, 10m, 1h30m. */
  static String interval(java.time.Duration d) {
    if (d.toMillis() < 1000) return d.toMillis() + "ms";
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
