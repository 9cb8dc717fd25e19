package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line as users type it: help, errors naming the bad input, SQL output formats. */
class CliTest {
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = LiveLakeCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpListsEveryCommandAndEachCommandHasHelp() {
    Run help = run("--help");
    assertEquals(0, help.code());
    for (String c : new String[] {"generate", "broker", "dimensions", "ingest", "sql", "tables", "config", "demo", "erase"}) {
      assertTrue(help.out().contains("\n  " + c + " "), "--help lists " + c);
      Run sub = run(c, "--help");
      assertEquals(0, sub.code(), c + " --help");
      assertTrue(sub.out().startsWith("Usage: livelake " + c), sub.out());
    }
  }

  @Test
  void badSettingsAndFlagsStopWithOneLineNamingThem() {
    Path lake = TestSpark.newDir("cli-bad");
    Run bad = run("--lake", lake.toString(), "--set", "kafka.partitions=zero", "tables");
    assertEquals(2, bad.code());
    assertEquals("livelake: kafka.partitions: expected an integer, got 'zero' (from --set kafka.partitions)\n", bad.err());

    Run source = run("--lake", lake.toString(), "ingest", "--source", "ftp");
    assertEquals(2, source.code());
    assertEquals("livelake: --source must be kafka or files, got 'ftp'\n", source.err());

    Run unknown = run("generate", "--evnts", "5");
    assertEquals(2, unknown.code());
    assertEquals("Unknown options: '--evnts', '5'\nPossible solutions: --events\n", unknown.err());
  }

  @Test
  void generatesFilesAndAnswersSqlInEveryFormat() {
    Path dir = TestSpark.newDir("cli-sql");
    Run gen = run("generate", "--events", "3000", "--seed", "5", "--out", dir.resolve("sim").toString());
    assertEquals(0, gen.code(), gen.err());
    assertTrue(gen.out().contains("3,000 base events"), gen.out());

    String lake = dir.resolve("lake").toString();
    Run dims = run("--lake", lake, "dimensions", "--input", dir.resolve("sim/dimensions").toString());
    assertEquals(0, dims.code(), dims.err());
    Run csv = run("--lake", lake, "sql", "SELECT category, count(*) AS n FROM silver.dim_products "
        + "WHERE category IN ('beauty', 'books') GROUP BY category ORDER BY category", "--format", "csv");
    assertEquals(0, csv.code(), csv.err());
    String[] lines = csv.out().split("\n");
    assertEquals("category,n", lines[0]);
    assertEquals(3, lines.length);
    assertTrue(lines[1].startsWith("beauty,") && lines[2].startsWith("books,"), csv.out());

    Run json = run("--lake", lake, "sql", "SELECT 1 AS one, 'a,b' AS s", "--format", "json");
    assertEquals("{\"one\":1,\"s\":\"a,b\"}\n", json.out());
    Run table = run("--lake", lake, "sql", "SELECT 1 AS one, 'a,b' AS s");
    assertEquals("one | s\n----+----\n1   | a,b\n(1 rows)\n", table.out());

    Run missing = run("--lake", lake, "sql", "SELECT * FROM gold.nothing_here");
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("livelake: query: [TABLE_OR_VIEW_NOT_FOUND]"), missing.err());
  }
}
