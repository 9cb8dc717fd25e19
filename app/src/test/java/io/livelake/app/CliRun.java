package io.livelake.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line with what it printed: the way tests type a command. */
record CliRun(int code, String out, String err) {

  /** Runs {@code livelake args...} and captures stdout and stderr. */
  static CliRun of(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = LiveLakeCli.run(args);
      return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** As {@link #of}, failing the test, with the command and what it printed on stderr, unless it exits 0. */
  static CliRun succeeding(String... args) {
    CliRun run = of(args);
    assertEquals(0, run.code(), String.join(" ", args) + ": " + run.err());
    return run;
  }
}
