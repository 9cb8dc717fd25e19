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

  /** {@code s} as one word of a command line to copy: in single quotes when it has more than letters, digits and {@code _.,:/-}. */
  static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_.,:/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** A duration as the settings spell it: 1s, 500ms, 10m, 1h30m. */
  static String interval(java.time.Duration d) {
    if (d.toMillis() < 1000) return d.toMillis() + "ms";
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
