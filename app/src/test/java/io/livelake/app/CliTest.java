package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The command line as users type it: help, errors naming the bad input, SQL output formats. */
class CliTest {
  @Test
  void helpListsEveryCommandAndEachCommandHasHelp() {
    CliRun help = CliRun.of("--help");
    assertEquals(0, help.code());
    for (String c : new String[] {"generate", "broker", "dimensions", "ingest", "indicators",
        "import", "survey", "train", "models", "score", "segments", "recommend", "live-recommend", "sql", "tables", "serve", "config", "demo", "erase",
        "export-user", "maintain", "status"}) {
      assertTrue(help.out().contains("\n  " + c + " "), "--help lists " + c);
      CliRun sub = CliRun.of(c, "--help");
      assertEquals(0, sub.code(), c + " --help");
      assertTrue(sub.out().startsWith("Usage: livelake " + c), sub.out());
    }
  }

  @Test
  void intervalsPrintAsTheSettingsSpellThem() {
    // The "every <trigger> until Ctrl-C" line of ingest and live-recommend (it once cast the Duration to a String).
    assertEquals("1s", Console.interval(java.time.Duration.ofSeconds(1)));
    assertEquals("500ms", Console.interval(java.time.Duration.ofMillis(500)));
    assertEquals("10m", Console.interval(java.time.Duration.ofMinutes(10)));
    assertEquals("1h30m", Console.interval(java.time.Duration.ofMinutes(90)));
    assertEquals("1.5s", Console.interval(java.time.Duration.ofMillis(1500)));
  }

  @Test
  void badSettingsAndFlagsStopWithOneLineNamingThem() throws java.io.IOException {
    Path lake = TestSpark.newDir("cli-bad");
    CliRun bad = CliRun.of("--lake", lake.toString(), "--set", "kafka.partitions=zero", "tables");
    assertEquals(2, bad.code());
    assertEquals("livelake: kafka.partitions: expected an integer, got 'zero' (from --set kafka.partitions)\n", bad.err());

    CliRun source = CliRun.of("--lake", lake.toString(), "ingest", "--source", "ftp");
    assertEquals(2, source.code());
    assertEquals("livelake: --source must be kafka or files, got 'ftp'\n", source.err());

    // A bad dimension file is named before any table is written, by both commands that load them.
    Path dims = Files.createDirectories(lake.resolve("dims"));
    Files.writeString(dims.resolve("sessions.jsonl"), "{\"session_id\":\"s1\",\"anchor_id\":\"a1\",\"anchor_name\":\"Ann\","
        + "\"platform\":\"douyin\",\"title\":\"t\",\"start_time\":1793491200000,\"end_time\":1793494800000}\n");
    Files.writeString(dims.resolve("ad_campaigns.jsonl"), "");
    String empty = "livelake: dimensions: " + dims.resolve("ad_campaigns.jsonl") + " is empty\n";
    CliRun dimensions = CliRun.of("--lake", lake.toString(), "dimensions", "--input", dims.toString());
    assertEquals(2, dimensions.code());
    assertEquals(empty, dimensions.err());
    CliRun ingest = CliRun.of("--lake", lake.toString(), "ingest", "--source", "files", "--input", dims.toString(),
        "--available-now", "--dimensions", dims.toString());
    assertEquals(2, ingest.code());
    assertEquals(empty, ingest.err());

    CliRun unknown = CliRun.of("generate", "--evnts", "5");
    assertEquals(2, unknown.code());
    assertEquals("Unknown options: '--evnts', '5'\nPossible solutions: --events\n", unknown.err());
  }

  @Test
  void generatesFilesAndAnswersSqlInEveryFormat() throws Exception {
    Path dir = TestSpark.newDir("cli-sql");
    CliRun gen = CliRun.of("generate", "--events", "3000", "--seed", "5", "--out", dir.resolve("sim").toString());
    assertEquals(0, gen.code(), gen.err());
    // At least 3,000: the sessions under way at the 3,000th event run to their end.
    long base = io.livelake.simulator.Manifest.read(dir.resolve("sim/manifest.json")).baseEvents();
    assertTrue(base >= 3000, base + " base events");
    assertTrue(gen.out().contains(String.format(java.util.Locale.ROOT, "%,d base events", base)), gen.out());

    String lake = dir.resolve("lake").toString();
    CliRun dims = CliRun.of("--lake", lake, "dimensions", "--input", dir.resolve("sim/dimensions").toString());
    assertEquals(0, dims.code(), dims.err());
    CliRun csv = CliRun.of("--lake", lake, "sql", "SELECT category, count(*) AS n FROM silver.dim_products "
        + "WHERE category IN ('beauty', 'books') GROUP BY category ORDER BY category", "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    String[] lines = csv.out().split("\n");
    assertEquals("category,n", lines[0]);
    assertEquals(3, lines.length);
    assertTrue(lines[1].startsWith("beauty,") && lines[2].startsWith("books,"), csv.out());

    CliRun json = CliRun.of("--lake", lake, "sql", "SELECT 1 AS one, 'a,b' AS s", "--format", "json");
    assertEquals("{\"one\":1,\"s\":\"a,b\"}\n", json.out());
    CliRun table = CliRun.of("--lake", lake, "sql", "SELECT 1 AS one, 'a,b' AS s");
    assertEquals("one | s\n----+----\n1   | a,b\n(1 rows)\n", table.out());

    CliRun missing = CliRun.of("--lake", lake, "sql", "SELECT * FROM gold.nothing_here");
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("livelake: query: [TABLE_OR_VIEW_NOT_FOUND]"), missing.err());

    // A query registers only the tables it names; SHOW TABLES and the like still see every table.
    Map<String, String> loaded = new HashMap<>();
    for (String line : dims.out().split("\n")) {
      String[] f = line.trim().split(" +");
      loaded.put(f[0], f[1].replace(",", ""));
    }
    CliRun two = CliRun.of("--lake", lake, "sql", "SELECT (SELECT count(*) FROM silver.dim_products) AS products, "
        + "(SELECT count(*) FROM silver.dim_sessions) AS sessions", "--format", "csv");
    assertEquals("products,sessions\n" + loaded.get("silver.dim_products") + "," + loaded.get("silver.dim_sessions") + "\n",
        two.out(), two.err());
    CliRun show = CliRun.of("--lake", lake, "sql", "SHOW TABLES IN silver LIKE 'dim_*'", "--format", "csv");
    assertEquals("namespace,tableName,isTemporary\nsilver,dim_ad_campaigns,false\nsilver,dim_products,false\n"
        + "silver,dim_sessions,false\n", show.out(), show.err());

    // maintain: the files compacted account for the change in live files; a second run finds nothing to do.
    long[] first = maintained(CliRun.of("--lake", lake, "maintain", "--table", "silver.dim_products"));
    assertEquals(first[0] - first[1], first[2] - first[3], "files removed less files added");
    long[] second = maintained(CliRun.of("--lake", lake, "maintain", "--table", "silver.dim_products"));
    assertArrayEquals(new long[] {first[1], first[1], 0, 0, 0}, second);
    CliRun shortRetention = CliRun.of("--lake", lake, "maintain", "--table", "silver.dim_products", "--retention-hours", "1");
    assertEquals(2, shortRetention.code(), shortRetention.err());
    assertTrue(shortRetention.err().startsWith("maintain: 1/1 silver.dim_products\nlivelake: maintain.vacuum.retention.hours=1 "
        + "is below the delta.deletedFileRetentionDuration of silver.dim_products, and Delta refuses it: "), shortRetention.err());
    CliRun noTable = CliRun.of("--lake", lake, "maintain", "--table", "silver.nope");
    assertEquals("livelake: --table silver.nope: no such table (livelake tables lists them)\n", noTable.err());

    // sql reads unless told to write: a DELETE by hand would bypass the write gate and the erasure log.
    String books = "SELECT count(*) AS n FROM silver.dim_products WHERE category = 'books'";
    String before = CliRun.of("--lake", lake, "sql", books, "--format", "csv").out();
    assertNotEquals("n\n0\n", before);
    CliRun delete = CliRun.of("--lake", lake, "sql", "DELETE FROM silver.dim_products WHERE category = 'books'");
    assertEquals(2, delete.code());
    assertEquals("livelake: query: the statement may change the lake (DeleteCommand), and sql is read-only; give "
        + "--write to run it\n", delete.err());
    assertEquals(before, CliRun.of("--lake", lake, "sql", books, "--format", "csv").out());
    CliRun written = CliRun.of("--lake", lake, "sql", "DELETE FROM silver.dim_products WHERE category = 'books'",
        "--write", "--format", "csv");
    assertEquals(0, written.code(), written.err());
    assertEquals("num_affected_rows\n" + before.split("\n")[1] + "\n", written.out());
    assertEquals("n\n0\n", CliRun.of("--lake", lake, "sql", books, "--format", "csv").out());
  }

  /** A one-table maintain's line as numbers: files before, after, compacted, compacted into, vacuumed. */
  private static long[] maintained(CliRun run) {
    assertEquals(0, run.code(), run.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("silver\\.dim_products +files +(\\d+) -> +(\\d+) +compacted +"
        + "(\\d+) into +(\\d+) +checkpoint +v\\d+ +vacuumed +(\\d+) +[0-9.]+s\n").matcher(run.out());
    assertTrue(m.matches(), run.out());
    long[] n = new long[5];
    for (int i = 0; i < 5; i++) n[i] = Long.parseLong(m.group(i + 1));
    return n;
  }

  @Test
  void failuresReachingTheTopPrintOneLineWithoutAStackTrace() throws Exception {
    Path dir = TestSpark.newDir("cli-failures");
    TestSpark.session();

    CliRun syntax = CliRun.of("--lake", dir.toString(), "sql", "SELEC 1");
    assertEquals(2, syntax.code());
    assertEquals("livelake: query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n",
        syntax.err());

    CliRun rows = CliRun.of("--lake", dir.toString(), "sql", "SELECT 1", "--max-rows", "-1");
    assertEquals(2, rows.code());
    assertEquals("livelake: --max-rows must be at least 1, got -1\n", rows.err());

    Path file = Files.writeString(dir.resolve("lake.txt"), "not a lake");
    CliRun onFile = CliRun.of("--lake", file.toString(), "tables");
    assertEquals(2, onFile.code());
    assertEquals("livelake: lake " + file.toUri() + " (from --lake) is a file, not a directory\n", onFile.err());
    assertEquals("", onFile.out());

    // A lake not made yet is refused too: `tables` there would list every table as missing.
    Path none = dir.resolve("no-lake");
    CliRun missing = CliRun.of("--lake", none.toString(), "tables");
    assertEquals(2, missing.code());
    assertEquals("livelake: lake " + none.toUri() + " (from --lake) does not exist: no lake there yet "
        + "(ingest, dimensions or demo create it)\n", missing.err());

    // A file system whose jars are not there (S3A's are not LiveLake's), or that Hadoop does not know.
    CliRun s3 = CliRun.of("--lake", "s3a://bucket/lake", "tables");
    assertEquals(2, s3.code());
    assertEquals("livelake: lake s3a://bucket/lake: no Hadoop file system for s3a: on the classpath (Class "
        + "org.apache.hadoop.fs.s3a.S3AFileSystem not found); add its jars with LIVELAKE_CLASSPATH (hadoop-aws of "
        + "Spark's Hadoop version and the AWS SDK bundle it names), or give them to spark-submit\n", s3.err());
    CliRun unknown = CliRun.of("--lake", "nofs://bucket/lake", "tables");
    assertEquals(2, unknown.code());
    assertEquals("livelake: lake nofs://bucket/lake: no Hadoop file system for nofs: on the classpath; add its jars "
        + "with LIVELAKE_CLASSPATH, or give them to spark-submit\n", unknown.err());

    // A file system whose jar is there but not the jars it needs: an Error, past picocli's handler.
    TestSpark.session().sparkContext().hadoopConfiguration().set("fs.halfjar.impl", HalfAJarFileSystem.class.getName());
    CliRun halfJar = CliRun.of("--lake", "halfjar://bucket/lake", "tables");
    assertEquals(1, halfJar.code());
    assertEquals("livelake: a class is missing or of another version on the classpath (NoClassDefFoundError: "
        + "software.amazon.awssdk.core.exception.SdkException); a jar added with LIVELAKE_CLASSPATH may need others "
        + "beside it (run with --verbose for details)\n", halfJar.err());

    CliRun master = CliRun.of("--lake", dir.toString(), "--set", "spark.master=bogus", "tables");
    assertEquals(2, master.code());
    assertEquals("livelake: spark.master: must be local, local[N], local[*], local[N,F], local-cluster[N,C,M], yarn, "
        + "spark://HOST:PORT or k8s://URL, got 'bogus' (from --set spark.master)\n", master.err());

    CliRun failed = CliRun.of("--lake", dir.toString(), "sql", "SELECT raise_error('no such order')");
    assertEquals(1, failed.code());
    assertEquals("livelake sql: [USER_RAISED_EXCEPTION] no such order SQLSTATE: P0001 (run with --verbose for details)\n",
        failed.err());

    CliRun verbose = CliRun.of("--lake", dir.toString(), "--verbose", "sql", "SELECT raise_error('no such order')");
    assertEquals(1, verbose.code());
    assertEquals("livelake sql: [USER_RAISED_EXCEPTION] no such order SQLSTATE: P0001", verbose.err().lines().findFirst().get());
    assertTrue(verbose.err().contains("\tat "), "--verbose adds the stack trace");
    for (CliRun r : List.of(syntax, onFile, missing, master, failed)) {
      assertFalse(r.err().contains("\tat "), r.err());
    }
  }

  @Test
  void aFailureIsItsOutermostMessageWithTheRootCause() {
    // As Spark reports a vacuumed file: a job failure wrapping a wrapper (message = cause.toString())
    // wrapping the missing file.
    Exception missing = new java.io.FileNotFoundException("File file:/lake/x.parquet does not exist");
    Exception job = new RuntimeException("\nJob aborted due to stage failure: Task 0 in stage 3.0 failed 1 times\n"
        + "Driver stacktrace:", new IllegalStateException(missing));
    assertEquals("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times "
        + "(File file:/lake/x.parquet does not exist)", LiveLakeCli.failure(job));
    assertEquals("File file:/lake/x.parquet does not exist", LiveLakeCli.failure(new RuntimeException(missing)),
        "a bare wrapper says nothing of its own");
    assertEquals("NullPointerException", LiveLakeCli.failure(new NullPointerException()));
    assertEquals("broker gone (Connection refused)",
        LiveLakeCli.failure(new IllegalStateException("broker gone", new java.net.ConnectException("Connection refused"))));
    assertEquals("read failed: Connection refused", LiveLakeCli.failure(
        new IllegalStateException("read failed: Connection refused", new java.net.ConnectException("Connection refused"))),
        "the root's message is not repeated");
  }

  /** `tables` counts rows from the Delta logs, and with Spark, said only under --verbose, where a log lacks row statistics. */
  @Test
  void tablesCountsRowsFromTheLogsAndWithSparkWhereAFileHasNoRowStatistics() {
    Lake lake = TestSpark.newLake("cli-tables");
    lake.ensure(Tables.DIM_PRODUCTS).ensure(Tables.DIM_AD_CAMPAIGNS);
    append(lake, Tables.DIM_PRODUCTS, 3);
    lake.spark().conf().set("spark.databricks.delta.stats.collect", "false");
    try {
      append(lake, Tables.DIM_AD_CAMPAIGNS, 2);
    } finally {
      lake.spark().conf().unset("spark.databricks.delta.stats.collect");
    }
    StringBuilder expected = new StringBuilder();
    for (TableDef t : Tables.all()) {
      String rows = t == Tables.DIM_PRODUCTS ? "3" : t == Tables.DIM_AD_CAMPAIGNS ? "2" : "-";
      expected.append(String.format("%-28s %14s  %s%n", t.fullName(), rows, t.comment()));
    }
    String root = lake.paths().localRoot().toString();
    CliRun tables = CliRun.of("--lake", root, "tables");
    assertEquals(0, tables.code(), tables.err());
    assertEquals(expected.toString(), tables.out());
    assertEquals("", tables.err());

    CliRun verbose = CliRun.of("--lake", root, "--verbose", "tables");
    assertEquals(expected.toString(), verbose.out());
    assertTrue(verbose.err().lines().anyMatch(l -> l.matches(
        "tables: silver\\.dim_ad_campaigns counted by Spark: file part-\\d{5}-.*\\.parquet has no numRecords statistic")),
        verbose.err());
  }

  /** Appends {@code n} rows of nulls to {@code t}. */
  private static void append(Lake lake, TableDef t, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) rows.add(RowFactory.create(new Object[t.schema().size()]));
    lake.spark().createDataFrame(rows, t.schema()).coalesce(1).write().format("delta").mode("append").save(lake.path(t));
  }

  /** What hadoop-aws without the AWS SDK does when Hadoop starts it. */
  public static final class HalfAJarFileSystem extends org.apache.hadoop.fs.RawLocalFileSystem {
    @Override
    public void initialize(java.net.URI uri, org.apache.hadoop.conf.Configuration conf) {
      throw new NoClassDefFoundError("software/amazon/awssdk/core/exception/SdkException");
    }
  }
}
