package io.livelake.app;

import static io.livelake.testing.LakeAssertions.assertSameRows;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.progress.Progress;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An import killed (SIGKILL) while ingesting is resumed by importing its input again: the run's staged records and
 * checkpoint carry on, and the lake ends with the tables of an import that was never interrupted, no event twice.
 */
@IntegrationTest
class ImportResumeTest {
  private static final String DEMO_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  @Test
  void anImportKilledMidwayIsResumedByImportingItsInputAgainAndLandsEachEventOnce() throws Exception {
    Path dir = TestSpark.newDir("import-resume");
    Path input = dir.resolve("input");
    try (JsonlFileSink sink = new JsonlFileSink(input, false, 4_000)) {
      new Simulator(SimulatorOptions.defaults(11, 24_000)).run(sink, dir, Progress.silent());
    }
    int files;
    try (Stream<Path> s = Files.list(input)) {
      files = (int) s.count();
    }
    assertTrue(files >= 5, "batches enough to be killed between: " + files);
    Path reference = lakeWithKey(dir.resolve("reference"));
    Path crashed = lakeWithKey(dir.resolve("crashed"));
    // One staged file per batch: the kill lands between batches of one run.
    String[] oneFileABatch = {"--set", "ingest.max.files.per.trigger=1"};

    CliRun whole = CliRun.of(args(reference, oneFileABatch, input));
    assertEquals(0, whole.code(), whole.err());

    Process p = CliProcess.start(dir.resolve("import.log"), Map.of(), args(crashed, oneFileABatch, input));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (commits(crashed) < 1) {
      assertTrue(p.isAlive(), "the import ended before it could be killed; see " + dir.resolve("import.log"));
      assertTrue(System.nanoTime() < deadline, "timed out waiting for the import's first batch");
      Thread.sleep(100);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    int committed = commits(crashed);
    assertTrue(committed < files, "killed before its last batch: " + committed + " of " + files);
    long partial = TestSpark.lake(crashed).read(Tables.EVENTS_RAW).count();
    long all = TestSpark.lake(reference).read(Tables.EVENTS_RAW).count();
    assertTrue(partial > 0 && partial < all, "part of the input landed: " + partial + " of " + all);

    CliRun again = CliRun.of(args(crashed, oneFileABatch, input));
    assertEquals(0, again.code(), again.err());

    Lake expected = TestSpark.lake(reference);
    Lake actual = TestSpark.lake(crashed);
    assertEquals(all, actual.read(Tables.EVENTS_RAW).count(), "no record lost or read twice");
    // source_file names the run's staging, under each lake.
    assertSameRows(expected, actual, Tables.EVENTS_OBT, "ingest_time", "ingest_batch_id", "source_file");
    assertSameRows(expected, actual, Tables.QUARANTINE, "ingest_time", "ingest_batch_id", "ingest_date", "source_file");
    assertTrue(again.err().matches("(?s).*import: resuming run \\d{8}-\\d{6}-\\d{3}-jsonl, which staged this input at "
        + "\\S+ and stopped before it finished: its ingestion goes on from its checkpoint\n.*"), again.err());
    assertEquals(files, actual.read(Tables.IMPORTS).count(), "each file recorded once, by the resumed run");
    assertEquals(1, actual.read(Tables.IMPORTS).select("run").distinct().count());
    try (Stream<Path> left = Files.list(crashed.resolve("_import"))) {
      assertEquals(List.of(), left.toList(), "the finished run's staging (raw user ids) is deleted");
    }
    CliRun third = CliRun.of(args(crashed, oneFileABatch, input));
    assertEquals(2, third.code(), "a finished import is not resumed but refused: " + third.err());
  }

  private static Path lakeWithKey(Path lake) throws Exception {
    // The same demo key in both lakes, so that their pseudonyms compare; the child process reads it too.
    Files.createDirectories(lake.resolve("_secrets"));
    Files.writeString(lake.resolve("_secrets").resolve("demo-hmac.key"), DEMO_KEY);
    return lake;
  }

  private static String[] args(Path lake, String[] settings, Path input) {
    return Stream.of(new String[] {"--lake", lake.toString()}, settings,
        new String[] {"import", "--format", "jsonl", "--input", input.toString()}).flatMap(Stream::of).toArray(String[]::new);
  }

  /** The batches the lake's one import pipeline has committed. */
  private static int commits(Path lake) {
    File[] checkpoints = lake.resolve("_checkpoints").toFile().listFiles((d, name) -> name.startsWith("ingest-import-"));
    if (checkpoints == null || checkpoints.length == 0) return 0;
    File[] done = new File(checkpoints[0], "commits").listFiles((d, name) -> name.matches("\\d+"));
    return done == null ? 0 : done.length;
  }
}
