package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.progress.Progress;
import io.livelake.simulator.FaultRates;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Manifest;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LocalFiles;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A lost or damaged streaming checkpoint, through the command line as users type it, on real Delta
 * tables and real file streams: the run is refused before anything is written, and `ingest --recover`
 * resumes exactly after what the tables hold, which the simulator's manifest checks at the end.
 */
@IntegrationTest
class CheckpointRecoveryTest {
  private static final String RECOVERY = "Run `livelake ingest --recover` with the same options to set the checkpoint"
      + " aside and resume exactly after what the tables hold.";
  private static Path sim;
  private static Manifest manifest;
  /** The simulated files in the order they arrive, in three deliveries: the first, the second, the rest. */
  private static final List<List<Path>> deliveries = new ArrayList<>();

  @BeforeAll
  static void simulate() throws IOException {
    sim = TestSpark.newDir("recover-sim");
    SimulatorOptions options = SimulatorOptions.defaults(21, 1_400).withFaults(FaultRates.defaults().scaled(5));
    // The run's record count (the same for the same options) cut into three files: one batch each.
    long records = new Simulator(options).run(new io.livelake.simulator.EventSink() {
      @Override public void write(String key, String json) {}
      @Override public String describe() { return "nothing"; }
      @Override public void close() {}
    }, TestSpark.newDir("recover-count"), Progress.silent()).recordsWritten();
    try (JsonlFileSink sink = new JsonlFileSink(sim.resolve("events"), false, (records + 2) / 3)) {
      manifest = new Simulator(options).run(sink, sim, Progress.silent());
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(sim.resolve("events"))) {
      files = s.sorted().toList();
    }
    assertEquals(3, files.size(), "three deliveries need three files, got " + files);
    deliveries.add(files.subList(0, 1));
    deliveries.add(files.subList(1, 2));
    deliveries.add(files.subList(2, files.size()));
  }

  @Test
  void aDeletedCheckpointIsRefusedAtItsFirstBatchAndRecoverIngestsExactlyWhatTheTablesLack() throws IOException {
    Path dir = TestSpark.newDir("recover-deleted");
    Lake lake = lake(dir);
    deliver(0, dir);
    ok(ingest(dir));
    Counts one = Counts.of(lake);
    assertEquals(new Counts(lines(0), List.of(0L)), new Counts(one.bronze, one.batches));

    LocalFiles.deleteTree(dir.resolve("lake/_checkpoints"));
    deliver(1, dir);
    CliRun refused = ingest(dir);
    assertEquals(2, refused.code(), refused.err());
    assertEquals(List.of("livelake: bronze.events_raw holds batch 0 of livelake-ingest-files written through another"
        + " checkpoint: the checkpoint " + checkpoint(lake) + " does not belong to these tables (was it deleted, moved or"
        + " replaced?); nothing was written. " + RECOVERY), problems(refused));
    assertEquals(one, Counts.of(lake), "the refused run wrote nothing");

    CliRun recovered = ingest(dir, "--recover");
    ok(recovered);
    String setAside = setAside(recovered);
    assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(setAside)).resolve("metadata")),
        "the refused checkpoint is kept, renamed: " + setAside);
    assertTrue(recovered.err().contains("; resuming after batch 0 the tables hold, as batch 1\n"), recovered.err());
    Counts two = Counts.of(lake);
    assertEquals(new Counts(lines(0) + lines(1), List.of(0L, 1L)), new Counts(two.bronze, two.batches));
    two.assertEachRecordOnce(lake);

    deliver(2, dir);
    ok(ingest(dir));
    Counts all = Counts.of(lake);
    assertEquals(List.of(0L, 1L, 2L), all.batches, "the recovered checkpoint goes on from the tables' batches");
    all.assertEachRecordOnce(lake);
    assertMatchesManifest(lake, all);
  }

  @Test
  void aDamagedOffsetsFileIsNamedAndRecoverRedoesTheBatchThatLandedInPart() throws IOException {
    Path dir = TestSpark.newDir("recover-damaged");
    Lake lake = lake(dir);
    deliver(0, dir);
    ok(ingest(dir));
    deliver(1, dir);
    ok(ingest(dir));
    // Batch 1 as a crash before its accounting leaves it: in bronze, the OBT and quarantine, not in ops.
    lake.delta(Tables.INGEST_BATCHES).delete("batch_id = 1");
    Counts before = Counts.of(lake);
    assertEquals(new Counts(lines(0) + lines(1), List.of(0L)), new Counts(before.bronze, before.batches));
    Path offsets = Path.of(java.net.URI.create(checkpoint(lake))).resolve("offsets/1");
    Files.write(offsets, "v1\n{\"batchWatermarkMs\":0,\"batchTime".getBytes(StandardCharsets.UTF_8));

    deliver(2, dir);
    CliRun refused = ingest(dir);
    assertEquals(2, refused.code(), refused.err());
    assertEquals(List.of("livelake: the checkpoint file " + checkpoint(lake) + "/offsets/1 is damaged (its checksum does"
        + " not match); nothing was written. " + RECOVERY), problems(refused));
    assertEquals(before, Counts.of(lake), "the refused run wrote nothing");

    long partial = 0;
    for (var t : List.of(Tables.EVENTS_RAW, Tables.EVENTS_OBT, Tables.QUARANTINE)) {
      partial += lake.read(t).where("ingest_batch_id = 1").count();
    }
    CliRun recovered = ingest(dir, "--recover");
    ok(recovered);
    setAside(recovered);
    assertTrue(recovered.err().contains("; resuming after batch 0 the tables hold (" + partial + " rows of a batch that"
        + " landed in part removed, to be ingested again), as batch 2\n"), recovered.err());
    Counts all = Counts.of(lake);
    assertEquals(List.of(0L, 2L), all.batches, "batch 1 is ingested again as batch 2, after every mark");
    all.assertEachRecordOnce(lake);
    assertMatchesManifest(lake, all);
  }

  /** Row counts of the streaming tables and the batches ops.ingest_batches accounts for. */
  private record Counts(long bronze, long obt, long quarantine, long duplicates, List<Long> batches) {
    Counts(long bronze, List<Long> batches) { this(bronze, 0, 0, 0, batches); }

    static Counts of(Lake lake) {
      Row ops = lake.read(Tables.INGEST_BATCHES).selectExpr("coalesce(sum(duplicates), 0)").first();
      return new Counts(lake.read(Tables.EVENTS_RAW).count(), lake.read(Tables.EVENTS_OBT).count(),
          lake.read(Tables.QUARANTINE).count(), ops.getLong(0),
          lake.read(Tables.INGEST_BATCHES).orderBy("batch_id").select("batch_id").collectAsList().stream()
              .map(r -> r.getLong(0)).toList());
    }

    /** Every record of bronze once, and each one accepted, quarantined or counted a duplicate, once. */
    void assertEachRecordOnce(Lake lake) {
      assertEquals(bronze, lake.read(Tables.EVENTS_RAW).select("source_file", "source_line").distinct().count(),
          "no record twice in bronze");
      assertEquals(bronze, obt + quarantine + duplicates, "OBT + quarantine + duplicates = records in");
      assertEquals(bronze, lake.read(Tables.INGEST_BATCHES).selectExpr("sum(records_in)").first().getLong(0));
      assertEquals(obt, lake.read(Tables.EVENTS_OBT).select("event_id").distinct().count(), "no event twice in the OBT");
    }
  }

  private static void assertMatchesManifest(Lake lake, Counts all) {
    assertEquals(manifest.recordsWritten(), all.bronze, "bronze holds every record");
    assertEquals(manifest.expectedObtRows(), all.obt);
    assertEquals(manifest.expectedDuplicates(), all.duplicates);
    Map<String, Long> quarantine = new TreeMap<>();
    for (Row r : lake.read(Tables.QUARANTINE).groupBy("reason").count().collectAsList()) {
      quarantine.put(r.getString(0), r.getLong(1));
    }
    assertEquals(manifest.expectedQuarantine(), quarantine);
  }

  private static CliRun ingest(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("--lake", dir.resolve("lake").toString(), "ingest", "--source", "files",
        "--input", dir.resolve("in").toString(), "--available-now", "--dimensions", sim.resolve("dimensions").toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void ok(CliRun run) { assertEquals(0, run.code(), run.err()); }

  /** The lines the command line printed as its verdict on a failure. */
  private static List<String> problems(CliRun run) {
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    return run.err().lines().filter(l -> l.startsWith("livelake")).toList();
  }

  /** Where the recovery says it set the checkpoint aside. */
  private static String setAside(CliRun run) {
    String prefix = "ingest: checkpoint set aside as ";
    String line = run.err().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(run.err()));
    return line.substring(prefix.length(), line.indexOf(';'));
  }

  /** Moves delivery {@code n} into the input directory, keeping the files' times, so they arrive in order. */
  private static void deliver(int n, Path dir) throws IOException {
    Files.createDirectories(dir.resolve("in"));
    for (Path f : deliveries.get(n)) {
      Files.copy(f, dir.resolve("in").resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static long lines(int n) throws IOException {
    long lines = 0;
    for (Path f : deliveries.get(n)) {
      try (Stream<String> s = Files.lines(f)) {
        lines += s.count();
      }
    }
    return lines;
  }

  private static String checkpoint(Lake lake) { return lake.paths().checkpoint("ingest-files"); }

  private static Lake lake(Path dir) {
    return TestSpark.lake(dir.resolve("lake"));
  }
}
