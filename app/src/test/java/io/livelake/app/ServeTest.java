package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.serve.DashboardQueries;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The BI endpoint as a BI tool meets it: `livelake serve` in a process of its own, started on an
 * empty lake directory that ingestion and the batch side fill while Trino starts; then a client JVM
 * whose classpath holds only trino-jdbc runs the README's dashboard queries and reads every readable
 * table, and each row and value must equal what Spark returns for the same SQL.
 */
@IntegrationTest
class ServeTest {
  private static final Pattern READY = Pattern.compile("serve: Trino \\S+ ready in [0-9.]+ s \\(pid (\\d+)\\)");
  private static final List<String> READABLE = List.of(Tables.GOLD, Tables.BRONZE);

  @Test
  void aBiToolReadsEveryReadableTableAsSparkDoesAndWritesNothing() throws Exception {
    Path dir = TestSpark.newDir("serve");
    Path lakeDir = dir.resolve("lake");
    int port = freePort();
    long spawned = System.nanoTime();
    Process serve = startServe(dir, lakeDir, port);
    try {
      SparkSession spark = TestSpark.session();
      Path later = buildLake(dir, lakeDir);
      long trinoPid = awaitReady(serve, dir);
      System.err.printf("serve: first query possible %.1f s after the command started%n", (System.nanoTime() - spawned) / 1e9);

      // Every table was created after serve started: each must appear by name without a restart.
      Lake lake = new Lake(spark, LakePaths.of(TestSpark.config(lakeDir))).registerExisting();
      Set<String> expected = new TreeSet<>();
      for (TableDef t : Tables.all()) {
        if (lake.exists(t) && READABLE.contains(t.database())) expected.add(t.fullName());
      }
      assertTrue(expected.containsAll(List.of("gold.realtime_kpis", "gold.session_indicators", "gold.indicator_weights",
          "bronze.quarantine", "bronze.events_raw")), expected.toString());
      long seen = awaitTables(port, expected, Duration.ofSeconds(60));
      System.err.printf("serve: all %d tables queryable %.1f s after the last was created%n", expected.size(), seen / 1e9);

      Map<String, String> lakeFiles = files(lakeDir);
      List<String> readme = readmeQueries();
      assertEquals(5, readme.size(), "the README's dashboard set: " + readme);
      List<String> statements = new ArrayList<>(readme);
      for (String t : expected) statements.add("SELECT * FROM " + t);
      List<String> writes = List.of(
          "INSERT INTO gold.session_indicators (session_id) VALUES ('x')",
          "DELETE FROM gold.realtime_kpis",
          "DROP TABLE gold.indicator_weights",
          "CREATE TABLE gold.mine (a integer)",
          "SELECT count(*) FROM silver.events_obt");
      statements.addAll(writes);
      statements.add("SHOW COLUMNS FROM gold.session_indicators");
      statements.add("SELECT comment FROM system.metadata.table_comments "
          + "WHERE catalog_name = 'livelake' AND schema_name = 'gold' AND table_name = 'session_indicators'");
      List<List<String>> answers = probe(port, statements);

      for (int i = 0; i < readme.size() + expected.size(); i++) {
        String sql = statements.get(i);
        List<String> spark_ = sparkRows(spark, sql);
        List<String> trino = answers.get(i);
        assertFalse(trino.size() == 1 && trino.get(0).startsWith("!! "), sql + " failed: " + trino);
        if (i < readme.size()) {
          assertFalse(spark_.isEmpty(), "the dashboard query returns rows on the test lake: " + sql);
          assertEquals(spark_, trino, "rows in order of " + sql);
        } else {
          assertEquals(new TreeMap<>(count(spark_)), new TreeMap<>(count(trino)), "rows of " + sql);
        }
      }
      int w = readme.size() + expected.size();
      assertEquals(List.of("!! Query failed: Access Denied: Cannot insert into table livelake.gold.session_indicators"),
          strip(answers.get(w)));
      assertEquals(List.of("!! Query failed: Access Denied: Cannot delete from table livelake.gold.realtime_kpis"),
          strip(answers.get(w + 1)));
      assertEquals(List.of("!! Query failed: Access Denied: Cannot drop table livelake.gold.indicator_weights"),
          strip(answers.get(w + 2)));
      assertEquals(List.of("!! Query failed: Access Denied: Cannot create table livelake.gold.mine"),
          strip(answers.get(w + 3)));
      assertEquals(List.of("!! Query failed: Access Denied: Cannot select from table livelake.silver.events_obt"),
          strip(answers.get(w + 4)));
      assertEquals(lakeFiles, files(lakeDir), "the refused statements left every file of the lake as it was");

      // BI sees LiveLake's documentation: column and table comments.
      List<String> columns = new ArrayList<>();
      for (var f : Tables.SESSION_INDICATORS.schema().fields()) {
        columns.add(f.name() + "\t" + trinoType(f.dataType()) + "\t\t" + f.getComment().get());
      }
      assertEquals(columns, answers.get(w + 5));
      assertEquals(List.of(Tables.SESSION_INDICATORS.comment()), answers.get(w + 6));

      assertListensOnLoopbackOnly(port, trinoPid);

      // A row appended by ingestion is in the next query's answer.
      long before = trinoCount(port, "bronze.events_raw");
      Files.move(later, dir.resolve("sim/events").resolve(later.getFileName()));
      ingest(dir, lakeDir);
      long after = lake.read(Tables.EVENTS_RAW).count();
      assertTrue(after > before, after + " > " + before);
      assertEquals(after, trinoCount(port, "bronze.events_raw"));

      // A crash of Trino is reported by serve, not hidden.
      ProcessHandle trino = ProcessHandle.of(trinoPid).orElseThrow();
      assertTrue(trino.isAlive() && serve.isAlive());
      trino.destroyForcibly();
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve exits when Trino dies");
      assertEquals(1, serve.exitValue());
      String err = Files.readString(dir.resolve("serve.err"));
      assertTrue(err.contains("livelake serve: Trino exited unexpectedly with code 137"), err);
    } finally {
      serve.destroy();
      serve.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutTlsAndPassword() {
    String lake = TestSpark.newDir("serve-refused").toString();
    CliRun open = CliRun.of("--lake", lake, "serve", "--bind", "0.0.0.0");
    assertEquals(2, open.code());
    assertEquals("livelake: serve.bind 0.0.0.0 is not a loopback address: listening beyond this machine needs the "
        + "--allow-remote flag (and TLS via serve.tls.keystore, and a password in the variable named by "
        + "serve.password.env)\n", open.err());
    CliRun noTls = CliRun.of("--lake", lake, "serve", "--bind", "0.0.0.0", "--allow-remote");
    assertEquals(2, noTls.code());
    assertEquals("livelake: serve.bind 0.0.0.0 is not a loopback address: it needs TLS; set serve.tls.keystore to a "
        + "PEM file or keystore\n", noTls.err());
    assertEquals("", open.out() + noTls.out());
  }

  // ---- the lake ----

  /**
   * Ingests simulated events (all but the last file, returned for a later append), and writes the
   * gold tables of the batch side with rows of every kind of value (nulls, NaN, infinities,
   * sub-millisecond timestamps, maps, non-ASCII text).
   */
  private static Path buildLake(Path dir, Path lakeDir) throws IOException {
    CliRun gen = CliRun.of("generate", "--events", "3000", "--file-events", "1500", "--seed", "11",
        "--out", dir.resolve("sim").toString());
    assertEquals(0, gen.code(), gen.err());
    List<Path> events;
    try (Stream<Path> s = Files.list(dir.resolve("sim/events"))) {
      events = s.sorted().toList();
    }
    assertTrue(events.size() >= 2, events.toString());
    Path later = Files.move(events.get(events.size() - 1), dir.resolve(events.get(events.size() - 1).getFileName()));
    ingest(dir, lakeDir);
    Lake lake = TestSpark.lake(lakeDir);
    for (TableDef t : Tables.all()) {
      if (t.database().equals(Tables.GOLD) && !t.equals(Tables.REALTIME_KPIS)) {
        lake.ensure(t);
        GoldRows.of(t).write().format("delta").mode("append").save(lake.path(t));
      }
    }
    return later;
  }

  private static void ingest(Path dir, Path lakeDir) {
    CliRun run = CliRun.of("--lake", lakeDir.toString(), "ingest", "--source", "files",
        "--input", dir.resolve("sim/events").toString(), "--available-now",
        "--dimensions", dir.resolve("sim/dimensions").toString());
    assertEquals(0, run.code(), run.err());
  }

  // ---- the server ----

  private static Process startServe(Path dir, Path lakeDir, int port) throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LiveLakeCli.class.getName(),
        "--lake", lakeDir.toString(), "--set", "serve.dir=" + dir.resolve("trino"),
        "--set", "serve.register.interval=1s", "--set", "serve.readable.schemas=" + String.join(",", READABLE),
        "--set", "serve.heap=1G", "serve", "--port", Integer.toString(port)));
    return new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(dir.resolve("serve.out").toFile()).redirectError(dir.resolve("serve.err").toFile()).start();
  }

  /**
   * Waits until serve printed its JDBC URL (after Trino answered and the first registration) and
   * returns Trino's pid from its "ready" line.
   */
  private static long awaitReady(Process serve, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      String err = Files.readString(dir.resolve("serve.err"));
      Matcher m = READY.matcher(err);
      if (Files.readString(dir.resolve("serve.out")).contains("JDBC URL: jdbc:trino://127.0.0.1:")) {
        assertTrue(m.find(), err);
        return Long.parseLong(m.group(1));
      }
      assertTrue(serve.isAlive(), "serve stopped: " + err);
      Thread.sleep(200);
    }
    throw new AssertionError("serve did not get ready: " + Files.readString(dir.resolve("serve.err")));
  }

  /** Polls until every table of {@code expected} is listed; returns the nanoseconds it took. */
  private static long awaitTables(int port, Set<String> expected, Duration timeout) throws Exception {
    long start = System.nanoTime();
    Set<String> listed = Set.of();
    while (System.nanoTime() - start < timeout.toNanos()) {
      try (Connection c = connect(port); Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
               + "WHERE table_schema IN ('gold', 'bronze')")) {
        Set<String> now = new TreeSet<>();
        while (r.next()) now.add(r.getString(1));
        listed = now;
      }
      if (listed.equals(expected)) return System.nanoTime() - start;
      Thread.sleep(250);
    }
    throw new AssertionError("tables listed " + listed + ", expected " + expected);
  }

  private static Connection connect(int port) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "analyst");
    return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/livelake/gold", p);
  }

  private static long trinoCount(int port, String table) throws Exception {
    try (Connection c = connect(port); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      assertTrue(r.next());
      return r.getLong(1);
    }
  }

  /**
   * The listening sockets on {@code port} (from /proc/net/tcp and tcp6) are all on 127.0.0.1 and
   * belong to the Trino process.
   */
  private static void assertListensOnLoopbackOnly(int port, long trinoPid) throws IOException {
    String hexPort = String.format(":%04X", port);
    List<String> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        // local_address is field 1, state field 3 (0A = LISTEN), inode field 9.
        if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) listening.add(f[1] + " " + f[9]);
      }
    }
    assertFalse(listening.isEmpty(), "something listens on " + port);
    Set<String> trinoSockets = new TreeSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(trinoPid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          trinoSockets.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException closed) {
          // The descriptor closed while listed.
        }
      }
    }
    for (String l : listening) {
      String address = l.substring(0, l.indexOf(':'));
      // 0100007F is 127.0.0.1 little-endian; tcp6 shows it as the IPv4-mapped ::ffff:127.0.0.1.
      assertTrue(address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F"),
          "listens on loopback only: " + l);
      assertTrue(trinoSockets.contains("socket:[" + l.substring(l.indexOf(' ') + 1) + "]"), "Trino's socket: " + l);
    }
  }

  // ---- the client and Spark ----

  /** Runs {@code statements} in a JVM whose classpath is only the Trino JDBC driver; each answer's lines. */
  private static List<List<String>> probe(int port, List<String> statements) throws Exception {
    String jdbcJar = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("trino-jdbc")).findFirst().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.timezone=UTC", "-cp", jdbcJar,
        Path.of(System.getProperty("livelake.root"), "app/src/test/jdbc-probe/JdbcProbe.java").toString(),
        "jdbc:trino://127.0.0.1:" + port + "/livelake/gold", "analyst"));
    cmd.addAll(statements);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), out);
    List<List<String>> answers = new ArrayList<>();
    for (String line : out.split("\n", -1)) {
      if (line.startsWith("## ")) {
        answers.add(new ArrayList<>());
      } else if (!line.isEmpty()) {
        assertFalse(answers.isEmpty(), "probe printed before its first answer: " + out);
        answers.get(answers.size() - 1).add(line);
      }
    }
    assertEquals(statements.size(), answers.size(), out);
    return answers;
  }

  private static List<String> sparkRows(SparkSession spark, String sql) {
    var df = spark.sql(sql);
    List<String> rows = new ArrayList<>();
    for (var row : df.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) values.add(SparkText.of(row.get(i), df.schema().fields()[i].dataType()));
      rows.add(String.join("\t", values));
    }
    return rows;
  }

  private static Map<String, Integer> count(List<String> rows) {
    Map<String, Integer> c = new LinkedHashMap<>();
    rows.forEach(r -> c.merge(r, 1, Integer::sum));
    return c;
  }

  /** An access-denied answer without its query id, which differs from run to run. */
  private static List<String> strip(List<String> answer) {
    return answer.stream().map(l -> l.replaceFirst("Query failed \\(#[^)]*\\)", "Query failed")).toList();
  }

  private static String trinoType(org.apache.spark.sql.types.DataType t) {
    return switch (t.typeName()) {
      case "string" -> "varchar";
      case "long" -> "bigint";
      case "integer" -> "integer";
      case "double" -> "double";
      case "date" -> "date";
      case "timestamp" -> "timestamp(3) with time zone";
      default -> t.typeName();
    };
  }

  /** The README's dashboard set: its ```sql block in "Connect a BI tool" must be {@link DashboardQueries} word for word. */
  static List<String> readmeQueries() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("livelake.root"), "README.md"));
    int section = readme.indexOf("\n## Connect a BI tool");
    assertTrue(section >= 0, "README has a section Connect a BI tool");
    int start = readme.indexOf("```sql\n", section) + "```sql\n".length();
    assertEquals(DashboardQueries.asSqlBlock(), readme.substring(start, readme.indexOf("```", start)));
    return DashboardQueries.ALL.stream().map(DashboardQueries.Query::sql).toList();
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(f).toString(), Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
      }
    }
    return files;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
