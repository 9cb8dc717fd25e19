package io.livelake.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on loopback, a master and workers started from the Spark jars, and
 * spark-submit of LiveLake's cluster jar to it, as on a cluster where Spark is installed: the Spark
 * distribution is this project's Spark jars linked into a SPARK_HOME, Delta and the Kafka source go
 * with {@code --jars} (what {@code --packages} would fetch), LiveLake with its {@code -spark.jar}.
 * Each submission's CPU time is measured per process: the driver's and its executors'.
 */
public final class StandaloneCluster implements AutoCloseable {
  /** What the README's spark-submit brings with --packages. */
  private static final Pattern PACKAGES = Pattern.compile(
      "(delta-spark_|delta-storage-|spark-sql-kafka-|spark-token-provider-kafka-|kafka-clients-|commons-pool2-).*\\.jar");
  /** Neither Spark's distribution nor a package: LiveLake itself and what only its local launcher uses. */
  private static final Pattern NOT_SPARK = Pattern.compile("(livelake-|picocli-|xchart-|trino-|duckdb|kafka).*");
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
  private static final String APP_JAR = "app/target/livelake-app-0.1.0-SNAPSHOT-spark.jar";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final Path sparkHome;
  private final List<Path> packages;
  private final Path appJar;
  private final int masterPort;
  private final List<Process> daemons = new ArrayList<>();

  private StandaloneCluster(Path dir, Path sparkHome, List<Path> packages, Path appJar, int masterPort) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.packages = packages;
    this.appJar = appJar;
    this.masterPort = masterPort;
  }

  /**
   * Starts a master and {@code workers} workers (0 or more) of one core and {@code workerMemoryMb} each under
   * {@code dir}, from the built project at {@code projectRoot} (its bench classpath files and cluster
   * jar); returns once the master counts every worker alive.
   */
  public static StandaloneCluster start(Path projectRoot, Path dir, int workers, int workerMemoryMb)
      throws IOException, InterruptedException {
    Path appJar = projectRoot.resolve(APP_JAR);
    if (!Files.isRegularFile(appJar)) throw new IllegalStateException(appJar + " is missing: run mvn -B -DskipTests package");
    List<Path> jars = classpath(projectRoot);
    Path home = dir.resolve("spark-home");
    Files.createDirectories(home.resolve("jars"));
    List<Path> packages = new ArrayList<>();
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      if (PACKAGES.matcher(name).matches()) {
        packages.add(jar);
      } else if (!NOT_SPARK.matcher(name).matches() && name.endsWith(".jar")) {
        Path link = home.resolve("jars").resolve(name);
        if (!Files.exists(link)) Files.createSymbolicLink(link, jar);
      }
    }
    int port = freePort();
    int ui = freePort();
    StandaloneCluster cluster = new StandaloneCluster(dir, home, packages, appJar, port);
    try {
      cluster.daemon("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)));
      for (int i = 1; i <= workers; i++) {
        cluster.daemon("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--cores", "1", "--memory", workerMemoryMb + "m", "--webui-port", "0",
            "--work-dir", dir.resolve("work-" + i).toString(), cluster.master()));
      }
      cluster.awaitWorkers(ui, workers);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master's URL, for spark-submit's --master. */
  public String master() { return "spark://127.0.0.1:" + masterPort; }

  /**
   * Runs {@code spark-submit --master master [conf...] livelake-spark.jar args...} in client mode with
   * {@code env} added, its output to {@code log}, and waits for it; {@code master} may be this
   * cluster's or {@code local[n]}.
   */
  public Submission submit(String master, Map<String, String> conf, Map<String, String> env, Path log,
      Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> cmd = java("6g");
    cmd.add("org.apache.spark.deploy.SparkSubmit");
    cmd.addAll(List.of("--master", master, "--class", "io.livelake.app.LiveLakeCli",
        "--jars", String.join(",", packages.stream().map(Path::toString).toList()),
        "--conf", "spark.executor.extraJavaOptions=-XX:-DontCompileHugeMethods"));
    conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
    cmd.add(appJar.toString());
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = processBuilder(cmd, log);
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process driver = pb.start();
    CpuMeter cpu = new CpuMeter(driver.toHandle(), daemons.stream().map(Process::toHandle).toList());
    cpu.start();
    boolean done = driver.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    cpu.stop();
    if (!done) {
      driver.destroyForcibly().waitFor();
      throw new IllegalStateException("spark-submit " + String.join(" ", args) + " did not finish in " + timeout + "; see " + log);
    }
    return new Submission(driver.exitValue(), (System.nanoTime() - start) / 1e9, cpu.driverSeconds(),
        cpu.executorSeconds(), cpu.executors(), log);
  }

  /**
   * One spark-submit: its exit code, wall time, the CPU seconds of the driver process and of its
   * executors (summed over executor processes, as last sampled), and how many executors ran.
   */
  public record Submission(int exitCode, double seconds, double driverCpuSeconds, double executorCpuSeconds,
      int executors, Path log) {
    /** The first match of {@code pattern} in the log, or fails naming the log. */
    public Matcher logLine(Pattern pattern) throws IOException {
      Matcher m = pattern.matcher(Files.readString(log));
      if (!m.find()) throw new IllegalStateException(log + " has no line matching " + pattern);
      return m;
    }
  }

  /**
   * Tasks the executors of worker {@code worker} (1-based) reported finished in their logs, over every
   * application so far: executors log at Spark's default level, which names each finished task.
   */
  public long tasksFinished(int worker) throws IOException {
    Path work = dir.resolve("work-" + worker);
    if (!Files.isDirectory(work)) return 0;
    long n = 0;
    try (Stream<Path> files = Files.walk(work)) {
      for (Path log : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        try (Stream<String> lines = Files.lines(log)) {
          n += lines.filter(l -> l.contains("Executor: Finished task")).count();
        }
      }
    }
    return n;
  }

  @Override
  public void close() {
    // Workers first, each with the executors it started, then the master.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void daemon(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = java("512m");
    cmd.addAll(mainAndArgs);
    daemons.add(processBuilder(cmd, dir.resolve(name + ".log")).start());
  }

  private List<String> java(String heap) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.addAll(List.of("-XX:-DontCompileHugeMethods", "-Xmx" + heap, "-cp", sparkHome.resolve("jars") + "/*"));
    return cmd;
  }

  private ProcessBuilder processBuilder(List<String> cmd, Path log) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    // The worker builds its executors' command from SPARK_HOME/jars; without this it looks for a source build.
    env.put("SPARK_SCALA_VERSION", "2.13");
    // Every process binds to loopback, never to the machine's other interfaces.
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb;
  }

  private void awaitWorkers(int uiPort, int workers) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : daemons) {
        if (!p.isAlive()) throw new IllegalStateException("a cluster daemon exited; see the logs in " + dir);
      }
      try {
        Matcher m = ALIVE_WORKERS.matcher(http.send(req, HttpResponse.BodyHandlers.ofString()).body());
        if (m.find() && Integer.parseInt(m.group(1)) == workers) return;
      } catch (IOException notUpYet) {
        // The master's UI is not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the cluster's " + workers + " workers did not register in " + START_TIMEOUT + "; see " + dir);
  }

  private static List<Path> classpath(Path projectRoot) throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String file : List.of("bench.classpath", "bench-runtime.classpath")) {
      Path f = projectRoot.resolve("bench/target").resolve(file);
      if (!Files.isRegularFile(f)) throw new IllegalStateException(f + " is missing: run mvn -B -DskipTests package");
      Stream.of(Files.readString(f).trim().split(":")).map(Path::of).filter(p -> !jars.contains(p)).forEach(jars::add);
    }
    return jars;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Samples the CPU time of the driver and of every process the workers started (their executors)
   * every 100 ms, keeping each process's last value: a process's total is lost only for its last
   * 100 ms (its shutdown).
   */
  private static final class CpuMeter {
    private final ProcessHandle driver;
    private final List<ProcessHandle> workers;
    private final Map<Long, Duration> executors = new HashMap<>();
    private final Set<Long> jvms = new HashSet<>();
    private volatile Duration driverCpu = Duration.ZERO;
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::loop, "cpu-meter");

    CpuMeter(ProcessHandle driver, List<ProcessHandle> workers) {
      this.driver = driver;
      this.workers = workers;
    }

    void start() { thread.setDaemon(true); thread.start(); }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    double driverSeconds() { return driverCpu.toNanos() / 1e9; }

    synchronized double executorSeconds() {
      return executors.values().stream().mapToLong(Duration::toNanos).sum() / 1e9;
    }

    /**
     * Executor processes that used CPU: the JVMs among the workers' descendants, not the short-lived
     * processes an executor starts itself (Hadoop's local file system runs chmod for the state store's files).
     */
    synchronized int executors() {
      return (int) executors.entrySet().stream().filter(e -> jvms.contains(e.getKey()) && !e.getValue().isZero()).count();
    }

    private void loop() {
      while (running) {
        driver.info().totalCpuDuration().ifPresent(d -> driverCpu = d);
        synchronized (this) {
          workers.forEach(w -> w.descendants().forEach(e -> {
            e.info().totalCpuDuration().ifPresent(d -> executors.merge(e.pid(), d, (a, b) -> a.compareTo(b) > 0 ? a : b));
            if (e.info().command().filter(c -> c.endsWith("/java")).isPresent()) jvms.add(e.pid());
          }));
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
