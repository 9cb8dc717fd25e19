package io.livelake.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One Trino server process, a child of this JVM: started, watched until it answers, stopped with it. */
final class TrinoServer implements AutoCloseable {
  private final Process process;
  private final Path log;
  private volatile boolean stopping;

  private TrinoServer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts Trino on {@code javaHome} with the configuration already written under {@code config}'s directory. */
  static TrinoServer start(Path javaHome, TrinoDistribution trino, TrinoConfig config, String heap, Map<String, String> env) {
    List<String> cmd = new ArrayList<>(List.of(
        javaHome.resolve("bin/java").toString(),
        "-Xmx" + heap,
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        // Trino measures its memory with an agent it attaches to itself.
        "-Djdk.attach.allowAttachSelf=true",
        "-XX:+EnableDynamicAgentLoading",
        "--enable-native-access=ALL-UNNAMED",
        "-Dfile.encoding=UTF-8",
        "-Dconfig=" + config.etc().resolve("config.properties"),
        "-Dlog.levels-file=" + config.etc().resolve("log.properties"),
        "-cp", trino.home().resolve("lib") + "/*",
        "io.trino.server.TrinoServer"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(config.data().toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(config.log().toFile()));
    pb.environment().putAll(env);
    try {
      return new TrinoServer(pb.start(), config.log());
    } catch (IOException e) {
      throw new ServeException("could not start " + cmd.get(0) + ": " + e.getMessage(), e);
    }
  }

  long pid() { return process.pid(); }

  boolean alive() { return process.isAlive(); }

  Path log() { return log; }

  /**
   * Waits until the server answers {@code infoUrl} as started, reporting the seconds waited every
   * ten; fails naming the log when it exits or does not answer within {@code timeout}.
   */
  void awaitReady(URI infoUrl, Duration timeout, Consumer<String> progress) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextReport = start + 10_000_000_000L;
    while (true) {
      if (!process.isAlive()) throw exited("while starting");
      if (started(infoUrl)) return;
      long now = System.nanoTime();
      if (now > deadline) {
        close();
        throw new ServeException("Trino did not answer within " + timeout.toSeconds() + " s (serve.start.timeout); "
            + "its log: " + log);
      }
      if (now > nextReport) {
        progress.accept("serve: Trino starting ... " + (now - start) / 1_000_000_000L + " s");
        nextReport = now + 10_000_000_000L;
      }
      sleep(250);
    }
  }

  private static boolean started(URI infoUrl) {
    try {
      HttpURLConnection c = (HttpURLConnection) infoUrl.toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"starting\":false");
      } finally {
        c.disconnect();
      }
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Blocks until the server exits; an exit LiveLake did not ask for is a {@link ServeException}. */
  void awaitExit() throws InterruptedException {
    process.waitFor();
    if (!stopping) throw exited("unexpectedly");
  }

  private ServeException exited(String when) {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    return new ServeException("Trino exited " + when + " with code " + code + lastError() + "; its log: " + log);
  }

  /** Why, in a few words: Trino's first numbered configuration error, else the last ERROR line of its log. */
  private String lastError() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      String why = lines.stream().filter(l -> l.matches("\\d+\\) .*")).findFirst().orElse(null);
      for (int i = lines.size() - 1; why == null && i >= 0; i--) {
        if (lines.get(i).contains("\tERROR\t")) why = lines.get(i);
      }
      if (why != null) {
        String s = why.strip();
        return " (" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + ")";
      }
    } catch (IOException | UncheckedIOException e) {
      // No log to quote: the exit code alone.
    }
    return "";
  }

  /** Stops the server (a graceful TERM, then a kill after 30 s). */
  @Override
  public void close() {
    stopping = true;
    if (!process.isAlive()) return;
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServeException("interrupted while Trino was starting");
    }
  }
}
