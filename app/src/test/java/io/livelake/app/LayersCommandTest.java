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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/**
 * An ingestion with ingest.layers = apart runs no layer; `layers` in a process of its own, until a SIGTERM, and
 * `layers --available-now` then give the tables an ingestion with its layers beside it gives: the same bot
 * bursts' rows moved from the OBT to the quarantine, the same real-time KPI windows. While `layers` runs, no
 * other process runs the lake's layers.
 */
@IntegrationTest
class LayersCommandTest {
  @Test
  void layersRunApartGiveTheTablesOfLayersBesideTheIngestion() throws Exception {
    Path dir = TestSpark.newDir("layers-apart");
    Path sim = dir.resolve("sim");
    // Small files, one per batch: bursts then span batches, and the retraction layer has rows to move.
    try (JsonlFileSink sink = new JsonlFileSink(sim.resolve("events"), false, 2_000)) {
      new Simulator(SimulatorOptions.defaults(7, 30_000)).run(sink, sim, Progress.silent());
    }
    String beside = dir.resolve("beside").toString();
    String apart = dir.resolve("apart").toString();
    cli(beside, "ingest", "--source", "files", "--input", sim.resolve("events").toString(), "--available-now");
    // The same pseudonyms in both lakes: the key the first run generated, unless the environment sets one.
    if (Files.isDirectory(dir.resolve("beside/_secrets"))) {
      TestSpark.copyTree(dir.resolve("beside/_secrets"), dir.resolve("apart/_secrets"));
    }
    CliRun ingest = cli(apart, "--set", "ingest.layers=apart", "ingest", "--source", "files", "--input",
        sim.resolve("events").toString(), "--available-now");
    Lake besideLake = TestSpark.lake(Path.of(beside));
    Lake apartLake = TestSpark.lake(Path.of(apart));
    long retracted = besideLake.read(Tables.INGEST_BATCHES).selectExpr("sum(retracted)").first().getLong(0);
    assertTrue(retracted > 0, "the input has bursts across batches");
    assertTrue(ingest.err().contains(", until drained; its layers run apart (livelake layers)"), ingest.err());
    assertFalse(ingest.err().contains("kpi-windows batch") || ingest.err().contains("retractions batch"), ingest.err());
    assertFalse(apartLake.exists(Tables.REALTIME_KPIS), "no KPI layer ran beside the ingestion");
    assertEquals(besideLake.read(Tables.EVENTS_OBT).count() + retracted, apartLake.read(Tables.EVENTS_OBT).count(),
        "the bursts' earlier rows are still in the OBT");

    // Until Ctrl-C: the layers catch up, and a SIGTERM ends them as Ctrl-C does, without a stack trace.
    Path log = dir.resolve("layers.log");
    Process running = layers(apart, log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    long expectedKpis = besideLake.read(Tables.REALTIME_KPIS).count();
    while (!(apartLake.exists(Tables.REALTIME_KPIS) && apartLake.read(Tables.REALTIME_KPIS).count() == expectedKpis
        && apartLake.read(Tables.EVENTS_OBT).count() == besideLake.read(Tables.EVENTS_OBT).count())) {
      assertTrue(running.isAlive(), "layers ended before it caught up; see " + log);
      assertTrue(System.nanoTime() < deadline, "layers did not catch up in 4 minutes; see " + log);
      Thread.sleep(500);
    }
    // While it runs the lake's layers are its: a second copy, and an ingestion that would run them beside it, are
    // refused before they write anything, in a line naming the process; an ingestion apart is not.
    String held = "the layers of lake " + apartLake.paths().root() + " already run in another process (pid "
        + running.pid() + ": livelake layers, since ";
    CliRun second = CliRun.of("--lake", apart, "layers", "--available-now");
    assertEquals(2, second.code(), second.err());
    assertTrue(second.err().startsWith("livelake: " + held), second.err());
    long batches = apartLake.read(Tables.INGEST_BATCHES).count();
    CliRun besideIt = CliRun.of("--lake", apart, "ingest", "--source", "files", "--input",
        sim.resolve("events").toString(), "--available-now");
    assertEquals(2, besideIt.code(), besideIt.err());
    assertTrue(besideIt.err().startsWith("livelake: " + held), besideIt.err());
    assertTrue(besideIt.err().contains("give this ingestion --set ingest.layers=apart"), besideIt.err());
    cli(apart, "--set", "ingest.layers=apart", "ingest", "--source", "files", "--input",
        sim.resolve("events").toString(), "--available-now");
    assertEquals(batches, apartLake.read(Tables.INGEST_BATCHES).count(), "nothing new to ingest, nothing written");
    running.destroy();
    assertTrue(running.waitFor(2, TimeUnit.MINUTES), "layers stopped after SIGTERM");
    String out = Files.readString(log);
    assertTrue(out.contains("layers: retractions every 1s, KPI windows every 1s, table upkeep every 30s, until Ctrl-C"),
        out);
    assertTrue(out.contains("\nretractions batch 0: ") && out.contains("\nkpi-windows batch 0: "), out);
    assertFalse(out.contains("\tat "), "no stack trace: " + out);

    // Whatever the stop left (the KPI layer's take of the retraction's deletes, say): caught up, then stopped.
    CliRun layers = cli(apart, "layers", "--available-now");
    assertTrue(layers.out().startsWith("layers caught up with the lake ("), layers.out());
    assertSameRows(besideLake, apartLake, Tables.EVENTS_OBT, "ingest_time", "ingest_date");
    assertSameRows(besideLake, apartLake, Tables.QUARANTINE, "ingest_time", "ingest_date");
    assertSameRows(besideLake, apartLake, Tables.REALTIME_KPIS, "updated_at");
    assertEquals(List.of("livelake-kpi-windows", "livelake-retractions", "livelake-table-upkeep"),
        apartLake.read(Tables.QUERY_PROGRESS).where("query NOT LIKE 'livelake-ingest%'").select("query").distinct()
            .orderBy("query").as(Encoders.STRING()).collectAsList());
  }

  /** `livelake layers` in a JVM of its own, triggering every second, its output in {@code log}. */
  private static Process layers(String lake, Path log) throws IOException {
    return CliProcess.start(log, Map.of(), "--lake", lake, "--set", "spark.master=local[2]", "--set",
        "spark.shuffle.partitions=2", "--set", "ingest.kpi.interval=1s", "--set", "ingest.retraction.interval=1s",
        "layers");
  }


  private static CliRun cli(String lake, String... args) {
    List<String> all = new ArrayList<>(List.of("--lake", lake, "--set", "ingest.max.files.per.trigger=1"));
    all.addAll(List.of(args));
    return CliRun.succeeding(all.toArray(String[]::new));
  }
}
