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
}
