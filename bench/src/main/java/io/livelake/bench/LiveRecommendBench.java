package io.livelake.bench;

import static org.apache.spark.sql.functions.col;

import io.livelake.app.LiveLakeCli;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.IngestionJob;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.ml.LakeWrites;
import io.livelake.ml.recommend.LiveRecommendJob;
import io.livelake.ml.recommend.RecommendJob;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Freshness and throughput of {@code live-recommend}: the OBT of a simulated run grows by slices
 * while the query runs with a 1 s trigger.
 *
 * <pre>
 * bench/run.sh LiveRecommendBench [events=200000] [slices=20] [interval-ms=2000]
 * </pre>
 *
 * The simulated events (seed 7) are ingested and {@code recommend} fits the ALS factors in a source
 * lake. A second lake receives the factors and the OBT's first half (by event time): the query's
 * first batch reads that backlog. Then the second half arrives in {@code slices} appends of equal
 * event counts, one every {@code interval-ms}. A slice's freshness is the time from its OBT commit to
 * the end of the first micro-batch whose lists are current to its newest event (the batch's write
 * has committed then).
 */
public final class LiveRecommendBench {
  private LiveRecommendBench() {}

  /** A micro-batch as the bench saw it: when it ended (System.nanoTime) and its figures. */
  private record Seen(long at, LiveRecommendJob.LiveBatch batch) {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    int slices = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 2000;
    Path work = Scratch.directory("livelake-bench-live");
    Path sim = work.resolve("sim");
    // The generator's summary goes to stderr: stdout is the one JSON line.
    java.io.PrintStream out = System.out;
    System.setOut(System.err);
    try {
      if (LiveLakeCli.run("generate", "--events", Long.toString(events), "--seed", "7", "--out", sim.toString()) != 0) {
        throw new IllegalStateException("generate failed");
      }
    } finally {
      System.setOut(out);
    }
    LiveLakeConfig config = new ConfigLoader().file(null).flag("lake.root", work.resolve("source").toString(), "bench").load();
    SparkSession spark = LakeSessions.create(config, "live-recommend-bench");
    Lake source = new Lake(spark, LakePaths.of(config));
    DimensionLoader.load(source, sim.resolve("dimensions"));
    IngestionJob.start(source, config, new IngestionJob.Options("files", null, null, sim.resolve("events").toString(), true),
        b -> {}).awaitTermination();
    RecommendJob.Recommended model = RecommendJob.run(source, config, line -> System.err.println("bench: recommend: " + line));

    LiveLakeConfig liveConfig = new ConfigLoader().file(null).flag("lake.root", work.resolve("live").toString(), "bench")
        .flag("recommendations.live.trigger", "1s", "bench").load();
    Lake live = new Lake(spark, LakePaths.of(liveConfig));
    LakeWrites.overwrite(live, Tables.ALS_USER_FACTORS, source.read(Tables.ALS_USER_FACTORS));
    LakeWrites.overwrite(live, Tables.ALS_ITEM_FACTORS, source.read(Tables.ALS_ITEM_FACTORS));
    Dataset<Row> obt = source.read(Tables.EVENTS_OBT).cache();
    long total = obt.count();
    double[] probabilities = new double[slices + 1];
    for (int i = 0; i <= slices; i++) probabilities[i] = 0.5 + 0.5 * i / slices;
    double[] cuts = obt.select(col("event_time").cast("double").as("t")).stat().approxQuantile("t", probabilities, 0.0001);
    cuts[slices] = Double.POSITIVE_INFINITY;

    long history = append(live, obt.filter(col("event_time").cast("double").lt(cuts[0])));
    List<Seen> seen = new CopyOnWriteArrayList<>();
    StreamingQuery query = LiveRecommendJob.start(live, liveConfig, false, b -> seen.add(new Seen(System.nanoTime(), b)));
    awaitBatches(seen, 1);
    LiveRecommendJob.LiveBatch backlog = seen.get(0).batch();
    System.err.printf(Locale.ROOT, "bench: backlog of %,d events in %.1f s%n", backlog.events(), backlog.seconds());

    List<Long> committed = new ArrayList<>();
    List<Timestamp> newest = new ArrayList<>();
    long offered = 0;
    long started = System.nanoTime();
    for (int i = 0; i < slices; i++) {
      long due = started + i * intervalMs * 1_000_000L;
      while (System.nanoTime() < due) Thread.sleep(5);
      Dataset<Row> slice = obt.filter(col("event_time").cast("double").geq(cuts[i]).and(col("event_time").cast("double").lt(cuts[i + 1])));
      offered += append(live, slice);
      committed.add(System.nanoTime());
      newest.add(slice.agg(org.apache.spark.sql.functions.max("event_time")).first().getTimestamp(0));
    }
    double offeredSeconds = (System.nanoTime() - started) / 1e9;
    Timestamp last = newest.get(newest.size() - 1);
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (seen.stream().noneMatch(s -> !s.batch().asOf().before(last)) && System.nanoTime() < deadline) Thread.sleep(50);
    query.stop();

    List<Double> freshness = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      Timestamp t = newest.get(i);
      long at = committed.get(i);
      seen.stream().filter(s -> s.at() > at && !s.batch().asOf().before(t)).mapToLong(Seen::at).min()
          .ifPresent(done -> freshness.add((done - at) / 1e9));
    }
    if (freshness.size() < slices) throw new IllegalStateException("only " + freshness.size() + " of " + slices + " slices reached the lists");
    List<Double> batchSeconds = new ArrayList<>();
    long streamed = 0;
    for (Seen s : seen.subList(1, seen.size())) {
      batchSeconds.add(s.batch().seconds());
      streamed += s.batch().events();
    }
    double busy = batchSeconds.stream().mapToDouble(Double::doubleValue).sum();
    long rows = live.read(Tables.LIVE_RECOMMENDATIONS).count();
    long sessions = live.read(Tables.LIVE_RECOMMENDATIONS).select("session_id").distinct().count();
    System.out.printf(Locale.ROOT, "{\"bench\":\"live_recommend\",\"events_simulated\":%d,\"obt_rows\":%d,\"model_run\":\"%s\","
            + "\"history_events\":%d,\"backlog_batch_s\":%.2f,\"backlog_events_per_s\":%.0f,\"slices\":%d,\"slice_events\":%d,"
            + "\"offered_events_per_s\":%.0f,\"batches\":%d,\"batch_s_p50\":%.2f,\"batch_s_max\":%.2f,"
            + "\"streamed_events_per_busy_s\":%.0f,\"freshness_s_p50\":%.2f,\"freshness_s_p99\":%.2f,\"freshness_s_max\":%.2f,"
            + "\"rows_at_end\":%d,\"live_sessions_at_end\":%d}%n",
        events, total, model.runId(), history, backlog.seconds(), backlog.events() / backlog.seconds(), slices,
        offered / slices, offered / offeredSeconds, batchSeconds.size(), percentile(batchSeconds, 0.5),
        percentile(batchSeconds, 1.0), streamed / busy, percentile(freshness, 0.5), percentile(freshness, 0.99),
        percentile(freshness, 1.0), rows, sessions);
    System.exit(0);
  }

  private static long append(Lake live, Dataset<Row> rows) {
    live.ensure(Tables.EVENTS_OBT);
    long n = rows.count();
    rows.write().format("delta").mode("append").save(live.path(Tables.EVENTS_OBT));
    return n;
  }

  private static void awaitBatches(List<Seen> seen, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (seen.size() < n) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("no micro-batch in 10 minutes");
      Thread.sleep(50);
    }
  }

  /** Nearest-rank percentile. */
  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
  }
}
