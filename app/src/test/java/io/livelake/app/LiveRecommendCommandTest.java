package io.livelake.app;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.catalog.Tables;
import io.livelake.progress.Progress;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * `live-recommend` on simulated data, cut in the middle of its sessions: the lists are checked
 * against the OBT and the factor tables by SQL of their own (products on show in the room in the
 * window, nothing the viewer bought in it, viewers present, ALS dot products), then again after more
 * events arrive (the rooms of the first cut have closed by then, others opened).
 */
@IntegrationTest
class LiveRecommendCommandTest {
  @Test
  void listsFollowTheRoomsAsTheEventsArrive() throws Exception {
    Path dir = TestSpark.newDir("live-cli");
    Path sim = dir.resolve("sim");
    try (JsonlFileSink sink = new JsonlFileSink(sim.resolve("events"), false, 5_000)) {
      new Simulator(SimulatorOptions.defaults(5, 20_000)).run(sink, sim, Progress.silent());
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(sim.resolve("events"))) {
      files = s.sorted().toList();
    }
    assertTrue(files.size() >= 8, files.toString());
    // One input directory the files arrive in, as the file source expects: the first four, later the rest.
    Path in = Files.createDirectories(dir.resolve("in"));
    for (Path f : files.subList(0, 4)) Files.copy(f, in.resolve(f.getFileName()));

    String lakeRoot = dir.resolve("lake").toString();
    SparkSession spark = TestSpark.session();
    Lake lake = new Lake(spark, LakePaths.of(TestSpark.config(Path.of(lakeRoot))));
    cli(lakeRoot, "dimensions", "--input", sim.resolve("dimensions").toString());
    cli(lakeRoot, "ingest", "--source", "files", "--input", in.toString(), "--available-now");
    cli(lakeRoot, "recommend");
    String run = lake.read(Tables.RECOMMENDATION_METRICS).first().getAs("run_id");

    // One process keeps the lists: while another holds them, a start is refused before it reads anything.
    try (LakeLock held = LakeLock.take(lake.paths(), "live-recommendations", "another live-recommend", "held", "")) {
      CliRun refused = CliRun.of("--lake", lakeRoot, "live-recommend", "--available-now");
      assertEquals(2, refused.code(), refused.err());
      assertEquals("livelake: live-recommend of lake " + lake.paths().root() + " already runs in this process (pid "
          + ProcessHandle.current().pid() + ": another live-recommend, since ", refused.err().substring(0,
          refused.err().indexOf("since ") + 6));
      assertTrue(refused.err().endsWith("): one process keeps gold.live_recommendations; stop that one first\n"),
          refused.err());
    }
    assertFalse(lake.exists(Tables.LIVE_RECOMMENDATIONS));
    CliRun live = cli(lakeRoot, "live-recommend", "--available-now");
    long rows = lake.read(Tables.LIVE_RECOMMENDATIONS).count();
    long firstRead = appendedSince(lake, -1);
    assertEquals(String.format(Locale.ROOT, "%,d events read; gold.live_recommendations holds %,d rows%n",
        firstRead, rows), live.out());
    long cut = lake.version(Tables.EVENTS_OBT);
    assertTrue(live.err().contains("(model " + run + ")"), live.err());
    Timestamp firstNewest = newestEvent(lake);
    List<String> firstRooms = checkLists(lake, run, firstNewest);

    // Not the last file: by then every room has closed.
    for (Path f : files.subList(4, files.size() - 1)) Files.copy(f, in.resolve(f.getFileName()));
    cli(lakeRoot, "ingest", "--source", "files", "--input", in.toString(), "--available-now");
    CliRun again = cli(lakeRoot, "live-recommend", "--available-now");
    long secondRead = appendedSince(lake, cut);
    String expected = String.format(Locale.ROOT, "%,d events read;", secondRead);
    assertTrue(again.out().startsWith(expected), expected + " vs " + again.out());
    checkProgress(lake, lakeRoot, firstRead, secondRead, files.size() - 1);
    Timestamp newest = newestEvent(lake);
    assertTrue(newest.getTime() - firstNewest.getTime() > 600_000, "the rest of the run is more than a window later");
    List<String> laterRooms = checkLists(lake, run, newest);
    assertTrue(laterRooms.stream().noneMatch(firstRooms::contains),
        "the first cut's rooms " + firstRooms + " have closed: " + laterRooms);
  }

  /**
   * Checks gold.live_recommendations against the OBT and the factors, each row against the window
   * that ends at its as_of; returns the rooms listed.
   */
  private static List<String> checkLists(Lake lake, String run, Timestamp newest) {
    SparkSession spark = lake.spark();
    lake.read(Tables.EVENTS_OBT).createOrReplaceTempView("obt");
    lake.read(Tables.LIVE_RECOMMENDATIONS).createOrReplaceTempView("live");
    lake.read(Tables.ALS_USER_FACTORS).createOrReplaceTempView("uf");
    lake.read(Tables.ALS_ITEM_FACTORS).createOrReplaceTempView("itf");
    long rows = spark.table("live").count();
    assertTrue(rows > 0, "lists for the rooms live at the cut");
    assertEquals(List.of(run), strings(spark.sql("SELECT DISTINCT model_run_id FROM live")));
    // The newest lists are current to the newest event; no room out of the 10-minute window before it.
    assertEquals(newest, spark.sql("SELECT max(as_of) FROM live").first().getTimestamp(0));
    assertEquals(0, spark.sql("SELECT * FROM live, (SELECT max(as_of) AS m FROM live) "
        + "WHERE session_last_event < m - INTERVAL 10 MINUTES").count());
    // Each list row beside the room's events of its window.
    spark.sql("SELECT l.session_id, l.user_id, l.product_id, l.as_of, o.user_id AS who, o.product_id AS what, o.event_type, "
        + "o.event_time FROM (SELECT DISTINCT session_id, user_id, product_id, as_of FROM live) l JOIN obt o "
        + "ON o.session_id = l.session_id AND o.event_time BETWEEN l.as_of - INTERVAL 10 MINUTES AND l.as_of")
        .createOrReplaceTempView("seen");

    // Ranks 1..k without gaps, k <= 5, each product once per list.
    assertEquals(0, spark.sql("SELECT session_id, user_id FROM live GROUP BY session_id, user_id "
        + "HAVING max(rank) <> count(*) OR count(DISTINCT rank) <> count(*) OR count(DISTINCT product_id) <> count(*) "
        + "OR min(rank) <> 1 OR count(*) > 5").count());
    // Every product was on show in the room within the window.
    assertEquals(0, spark.sql("SELECT session_id, user_id, product_id FROM live EXCEPT SELECT session_id, user_id, product_id "
        + "FROM seen WHERE what = product_id AND event_type IN ('product_impression', 'product_click', 'cart_add')").count());
    // Nothing the viewer bought in the window.
    assertEquals(0, spark.sql("SELECT * FROM live l JOIN (SELECT user_id, event_time, explode(order_lines) AS line FROM obt "
        + "WHERE event_type = 'order_paid') o ON o.user_id = l.user_id AND o.line.product_id = l.product_id "
        + "AND o.event_time BETWEEN l.as_of - INTERVAL 10 MINUTES AND l.as_of").count());
    // Viewers present: an event in the room in the window, the newest not leaving it.
    assertEquals(strings(spark.sql("SELECT DISTINCT concat(session_id, ' ', user_id) FROM live ORDER BY 1")),
        strings(spark.sql("SELECT concat(session_id, ' ', user_id) FROM seen WHERE who = user_id "
            + "GROUP BY session_id, user_id "
            + "HAVING NOT max(named_struct('t', event_time, 'left', event_type = 'leave_room')).left ORDER BY 1")));
    // Scores: the dot product of the run's factors (0 without them) plus 0.5 for a click or cart add in the window.
    assertEquals(0, spark.sql("SELECT * FROM live l LEFT JOIN uf u ON u.user_id = l.user_id "
        + "LEFT JOIN itf i ON i.product_id = l.product_id "
        + "LEFT JOIN (SELECT DISTINCT session_id, user_id, product_id FROM seen WHERE who = user_id AND what = product_id "
        + "AND event_type IN ('product_click', 'cart_add')) c "
        + "ON c.session_id = l.session_id AND c.user_id = l.user_id AND c.product_id = l.product_id "
        + "WHERE abs(l.als_score - coalesce(aggregate(zip_with(u.factors, i.factors, (a, b) -> a * b), 0D, (s, x) -> s + x), 0D)) > 1e-9 "
        + "OR abs(l.score - l.als_score - CASE WHEN l.clicked THEN 0.5 ELSE 0 END) > 1e-9 "
        + "OR l.clicked <> (c.product_id IS NOT NULL)").count());
    assertTrue(spark.sql("SELECT * FROM live WHERE als_score > 0").count() > 0, "the model scores some viewers");
    return strings(spark.sql("SELECT DISTINCT session_id FROM live ORDER BY session_id"));
  }

  /**
   * ops.query_progress holds Spark's reports of every trigger of both commands' queries: per run of
   * live-recommend the rows in are the events it read, and the ingestions read every file (a file source
   * reads whole files, split into records in the batch); `status` shows them.
   */
  private static void checkProgress(Lake lake, String lakeRoot, long firstRead, long secondRead, long files) {
    lake.read(Tables.QUERY_PROGRESS).createOrReplaceTempView("progress");
    SparkSession spark = lake.spark();
    assertEquals(List.of(firstRead, secondRead), spark.sql("SELECT sum(input_rows) FROM progress "
            + "WHERE query = 'livelake-live-recommendations' GROUP BY run_id ORDER BY min(triggered_at)")
        .collectAsList().stream().map(r -> r.getLong(0)).toList(), "two runs of one query, each read its events");
    assertEquals(1, spark.sql("SELECT DISTINCT query_id FROM progress WHERE query = 'livelake-live-recommendations'").count(),
        "the same query, resumed from its checkpoint");
    assertEquals(files, spark.sql("SELECT sum(input_rows) FROM progress WHERE query = 'livelake-ingest-files'")
        .first().getLong(0), "every file the two ingestions read");
    assertEquals(0, spark.sql("SELECT * FROM progress WHERE query IN ('livelake-live-recommendations', "
            + "'livelake-ingest-files') AND (watermark IS NOT NULL OR state_rows IS NOT NULL)").count(),
        "neither query keeps Spark state or a watermark");
    assertTrue(spark.sql("SELECT * FROM progress WHERE query = 'livelake-kpi-windows' AND state_rows > 0 "
            + "AND watermark IS NOT NULL").count() > 0,
        "the KPI layer's windows are Spark state, its clock (the OBT's commit times) a watermark");

    Row live = spark.sql("SELECT count_if(input_rows > 0), sum(input_rows), max_by(batch_id, triggered_at) FROM progress "
        + "WHERE query = 'livelake-live-recommendations'").first();
    List<String> status = cli(lakeRoot, "status").out().lines().toList();
    int at = status.indexOf("query livelake-live-recommendations");
    assertTrue(at > 0 && status.contains("query livelake-ingest-files"), String.join("\n", status));
    assertTrue(status.get(at + 1).startsWith("  last trigger     batch " + live.getLong(2) + " at "), status.get(at + 1));
    assertTrue(status.get(at + 2).startsWith(String.format(Locale.ROOT, "  last 60 min      %,d %s: %,d rows in, ",
        live.getLong(0), live.getLong(0) == 1 ? "batch" : "batches", live.getLong(1))), status.get(at + 2));
    assertEquals("  watermark        - (no event-time watermark in Spark)", status.get(at + 3));
    assertEquals("  state store      - (no Spark state)", status.get(at + 4));
    // The files pipeline's Spark source rows are files, and status says so.
    String ingest = status.get(status.indexOf("query livelake-ingest-files") + 2);
    assertTrue(ingest.matches("  last 60 min      [0-9,]+ batch(es)?: " + String.format(Locale.ROOT, "%,d", files)
        + " files in, \\S+ files/s offered, \\S+ files/s processed; .*"), ingest);
  }

  /**
   * Rows the OBT's commits after {@code version} added as new data (the stream's input: compactions
   * rewrite rows, retractions remove them), from the Delta log's own statistics.
   */
  private static long appendedSince(Lake lake, long version) {
    Dataset<Row> log = lake.spark().read().json(lake.path(Tables.EVENTS_OBT) + "/_delta_log/*.json")
        .withColumn("v", regexp_extract(input_file_name(), "(\\d+)\\.json$", 1).cast("long"));
    // A commit that removes data (a retraction's delete) is skipped whole by the stream (skipChangeCommits).
    Dataset<Row> adds = log.filter(col("v").gt(version).and(col("add").isNotNull()).and(col("add.dataChange")));
    if (List.of(log.columns()).contains("remove")) {
      adds = adds.join(log.filter(col("remove").isNotNull().and(col("remove.dataChange"))).select("v").distinct(),
          new String[] {"v"}, "left_anti");
    }
    return adds
        .agg(sum(get_json_object(col("add.stats"), "$.numRecords").cast("long"))).first().getLong(0);
  }

  private static Timestamp newestEvent(Lake lake) {
    return lake.read(Tables.EVENTS_OBT).agg(max("event_time")).first().getTimestamp(0);
  }

  private static List<String> strings(Dataset<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) out.add(r.getString(0));
    return out;
  }

  private static CliRun cli(String lake, String... args) {
    List<String> all = new ArrayList<>(List.of("--lake", lake));
    all.addAll(List.of(args));
    return CliRun.succeeding(all.toArray(String[]::new));
  }
}
