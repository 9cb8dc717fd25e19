package io.livelake.bench;

import io.livelake.app.LiveLakeCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * spark-submit of {@code ingest} on a Spark standalone cluster on loopback, with 1 and then 2
 * executors of one core, beside the same spark-submit in local mode.
 *
 * <pre>
 * bench/run.sh ClusterBench [events=2000000] [executors=1,2] [KEY=VALUE]...
 * </pre>
 *
 * The simulated events (default fault mix, seed 7) are written to JSONL files once; each run ingests
 * them into a new lake with {@code --source files --available-now} (ingest.max.files.per.trigger's 4
 * files of 250,000 records a batch). records/s = records / the ingestion's own time (the command's
 * last line; session start and the dimension load before it are not counted, they are in wall_s).
 * CPU seconds are per process, sampled every 100 ms: the driver (the spark-submit JVM, client mode)
 * and the executors the workers started; in local mode the one process does both. Each KEY=VALUE is
 * given to every run as {@code --set KEY=VALUE} (e.g. ingest.cleaning.state=store).
 */
public final class ClusterBench {
  private static final Pattern INGESTED = Pattern.compile("ingested ([\\d,]+) records.*\\(([\\d.]+) s\\)");
  private static final Map<String, String> ENV = Map.of("LIVELAKE_HMAC_KEY", "bench-key-0123456789");

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    String[] executors = (args.length > 1 ? args[1] : "1,2").split(",");
    List<String> settings = new ArrayList<>();
    for (int i = 2; i < args.length; i++) settings.addAll(List.of("--set", args[i]));
    Path root = Path.of(System.getProperty("livelake.root", "."));
    Path work = Scratch.directory("livelake-bench-cluster");
    Path sim = work.resolve("sim");
    if (LiveLakeCli.run("generate", "--events", Long.toString(events), "--seed", "7", "--out", sim.toString()) != 0) {
      throw new IllegalStateException("generate failed");
    }
    List<String> runs = new ArrayList<>();
    // Local mode needs no worker; the master alone is the cheapest way to the same spark-submit.
    try (StandaloneCluster cluster = StandaloneCluster.start(root, work.resolve("cluster-local"), 0, 0)) {
      runs.add(figures("local[2]", 0, ingest(cluster, "local[2]", work.resolve("lake-local"), sim, settings)));
    }
    for (String n : executors) {
      int count = Integer.parseInt(n.trim());
      try (StandaloneCluster cluster = StandaloneCluster.start(root, work.resolve("cluster-" + count), count, 6144)) {
        runs.add(figures("standalone", count,
            ingest(cluster, cluster.master(), work.resolve("lake-" + count), sim, settings)));
      }
    }
    System.out.printf(Locale.ROOT, "{\"bench\":\"cluster\",\"events\":%d,\"settings\":\"%s\",\"runs\":[%s]}%n", events,
        String.join(" ", settings), String.join(",", runs));
    System.exit(0);
  }

  private static StandaloneCluster.Submission ingest(StandaloneCluster cluster, String master, Path lake, Path sim,
      List<String> settings) throws Exception {
    Path log = lake.resolveSibling(lake.getFileName() + ".log");
    System.err.println("bench: ingest on " + master + " (log " + log + ")");
    List<String> args = new ArrayList<>(List.of("--lake", lake.toString()));
    args.addAll(settings);
    args.addAll(List.of("ingest", "--source", "files", "--input", sim.resolve("events").toString(),
        "--dimensions", sim.resolve("dimensions").toString(), "--available-now"));
    StandaloneCluster.Submission s = cluster.submit(master, Map.of("spark.executor.memory", "5g"), ENV, log,
        Duration.ofMinutes(30), args.toArray(String[]::new));
    if (s.exitCode() != 0) throw new IllegalStateException("ingest on " + master + " failed; see " + log);
    return s;
  }

  private static String figures(String master, int executors, StandaloneCluster.Submission s) throws Exception {
    Matcher m = s.logLine(INGESTED);
    long records = Long.parseLong(m.group(1).replace(",", ""));
    double seconds = Double.parseDouble(m.group(2));
    double perMillion = 1e6 / records;
    return String.format(Locale.ROOT,
        "{\"master\":\"%s\",\"executors\":%d,\"records\":%d,\"ingest_s\":%.1f,\"records_per_s\":%.0f,\"wall_s\":%.1f,"
            + "\"driver_cpu_s\":%.1f,\"executor_cpu_s\":%.1f,\"driver_cpu_s_per_million\":%.2f,"
            + "\"executor_cpu_s_per_million\":%.2f,\"driver_cpu_share\":%.3f}",
        master, executors, records, seconds, records / seconds, s.seconds(), s.driverCpuSeconds(), s.executorCpuSeconds(),
        s.driverCpuSeconds() * perMillion, s.executorCpuSeconds() * perMillion,
        s.driverCpuSeconds() / (s.driverCpuSeconds() + s.executorCpuSeconds()));
  }
}
