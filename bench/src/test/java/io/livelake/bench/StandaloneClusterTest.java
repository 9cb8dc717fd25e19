package io.livelake.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.app.LiveLakeCli;
import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.LakeAssertions;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's spark-submit on a real Spark standalone cluster (a master and two one-core workers on
 * loopback, started from the Spark jars): ingest and indicators give the tables that the same
 * spark-submit in local mode gives, and the cluster's executors, not the driver, ran the tasks.
 */
@IntegrationTest
class StandaloneClusterTest {
  private static final Map<String, String> ENV = Map.of("LIVELAKE_HMAC_KEY", "cluster-test-key-0123456789");
  /** Wall-clock columns: when a row was written, not what it holds. */
  private static final List<String> WRITE_TIMES = List.of("ingest_time", "ingest_date", "updated_at", "computed_at");

  @Test
  void sparkSubmitToAClusterWritesTheTablesOfLocalMode() throws Exception {
    Path dir = TestSpark.newDir("standalone-cluster");
    Path sim = dir.resolve("sim");
    assertEquals(0, LiveLakeCli.run("generate", "--events", "20000", "--seed", "7", "--out", sim.toString()));
    Path root = Path.of(System.getProperty("livelake.root"));
    StandaloneCluster.Submission localIngest;
    StandaloneCluster.Submission clusterIngest;
    try (StandaloneCluster cluster = StandaloneCluster.start(root, dir.resolve("cluster"), 2, 2048)) {
      localIngest = run(cluster, "local[2]", dir.resolve("local"), sim, "ingest");
      run(cluster, "local[2]", dir.resolve("local"), sim, "indicators");
      assertEquals(0, cluster.tasksFinished(1) + cluster.tasksFinished(2), "local mode used no worker");
      clusterIngest = run(cluster, cluster.master(), dir.resolve("on-cluster"), sim, "ingest");
      run(cluster, cluster.master(), dir.resolve("on-cluster"), sim, "indicators");
      for (int w = 1; w <= 2; w++) assertTrue(cluster.tasksFinished(w) > 0, "worker " + w + "'s executor ran tasks");
    }
    assertEquals(0, localIngest.executors(), "local mode runs no executor process");
    assertEquals(2, clusterIngest.executors(), "an executor process on each worker");
    assertTrue(clusterIngest.executorCpuSeconds() > 0 && clusterIngest.driverCpuSeconds() > 0);

    Lake local = TestSpark.lake(dir.resolve("local"));
    Lake onCluster = TestSpark.lake(dir.resolve("on-cluster"));
    assertTrue(local.read(Tables.EVENTS_OBT).count() > 19_000, "the OBT holds the generated events");
    for (TableDef t : List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT, Tables.REALTIME_KPIS,
        Tables.SESSION_INDICATORS, Tables.ANCHOR_DAILY, Tables.SALES_DAILY, Tables.USER_STICKINESS,
        Tables.RETENTION_COHORTS)) {
      assertTrue(local.read(t).count() > 0, t.fullName() + " is not empty");
      LakeAssertions.assertSameRows(local, onCluster, t, WRITE_TIMES.toArray(String[]::new));
    }
  }

  private static StandaloneCluster.Submission run(StandaloneCluster cluster, String master, Path lake, Path sim,
      String command) throws Exception {
    String[] args = command.equals("ingest")
        ? new String[] {"--lake", lake.toString(), "ingest", "--source", "files", "--input", sim.resolve("events").toString(),
            "--dimensions", sim.resolve("dimensions").toString(), "--available-now"}
        : new String[] {"--lake", lake.toString(), command};
    Path log = lake.resolveSibling(lake.getFileName() + "-" + command + ".log");
    StandaloneCluster.Submission s = cluster.submit(master, Map.of("spark.executor.memory", "1g"), ENV, log,
        Duration.ofMinutes(10), args);
    assertEquals(0, s.exitCode(), "spark-submit " + String.join(" ", Arrays.asList(args)) + " on " + master + "; see " + log);
    return s;
  }
}
