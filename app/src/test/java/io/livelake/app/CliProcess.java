package io.livelake.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line in a JVM of its own, for tests that kill or signal it: its output goes to a log file. */
final class CliProcess {
  private CliProcess() {}

  /** Starts {@code livelake args...} on the test's classpath with {@code env} added, its output appended to {@code log}. */
  static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx2g");
    cmd.addAll(List.of(System.getProperty("livelake.test.jvm.opens", "").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveLakeCli.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    pb.directory(new File(System.getProperty("livelake.test.tmp", ".")));
    return pb.start();
  }
}
