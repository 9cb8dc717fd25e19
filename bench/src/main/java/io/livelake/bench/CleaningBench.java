package io.livelake.bench;

import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.cleaning.CleaningProcessor;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.cleaning.CleaningState;
import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.Retraction;
import io.livelake.ingestion.cleaning.Verdict;
import io.livelake.progress.Progress;
import io.livelake.spark.LakeSessions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The order-dependent cleaning rules alone, on the same events, in the two places they can run.
 *
 * <pre>
 * bench/run.sh CleaningBench [events=2000000] [eventsPerBatch=200000] [users=20000]
 * </pre>
 *
 * Events: two source partitions (users split between them, as a topic keyed by user is), event time
 * advancing 10,000 events a second, the simulator's mix of types, 3% redeliveries, 1% re-sends under a new
 * id, 0.5% late. driver: {@link CleaningState#judge} per batch on the driver's heap, as the ingestion runs
 * it today (the collect of the facts and the broadcast of the verdicts, which the ingestion also pays, are
 * not counted). state_store: {@link CleaningProcessor} in a streaming query over the batches written as
 * Parquet files (one per trigger), RocksDB state store, local[2]. Both give the same verdicts (checked
 * per rule and reason before the times are printed). state_store_driver_cpu_s_per_million: CPU time of
 * the JVM's threads other than Spark's executor task threads (in local mode the executors run in the
 * driver's JVM, and RocksDB's and the RPC layer's threads count here too, so it overstates the driver);
 * rocksdb_*: RocksDB's own get and put counts and latencies summed over the batches (Spark's metrics).
 */
public final class CleaningBench {
  private static final String[] TYPES = {"heartbeat", "heartbeat", "heartbeat", "enter_room", "leave_room",
      "product_click", "like", "like", "comment", "cart_add", "order_paid", "login", "logout", "share", "follow"};

  private CleaningBench() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int users = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Path work = Scratch.directory("livelake-bench-cleaning");
    LiveLakeConfig config = new ConfigLoader().file(null)
        .environment(Map.of("LIVELAKE_HMAC_KEY", "bench-key-0123456789"))
        .flag("lake.root", work.resolve("lake").toString(), "bench").load();
    CleaningRules rules = CleaningRules.from(config);
    List<List<EventKey>> batches = events(events, perBatch, users);

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> driverCounts = new TreeMap<>();
    CleaningState state = new CleaningState(rules);
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    try (Progress p = new Progress("driver", events, "events")) {
      for (List<EventKey> b : batches) {
        count(driverCounts, state.judge(b, System.currentTimeMillis()));
        p.advance(b.size());
      }
    }
    double driverS = (System.nanoTime() - t0) / 1e9;
    double driverCpuS = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;

    SparkSession spark = LakeSessions.create(config, "bench-cleaning");
    Path input = work.resolve("events");
    for (int i = 0; i < batches.size(); i++) {
      List<Row> rows = new ArrayList<>();
      for (EventKey e : batches.get(i)) rows.add(CleaningProcessor.input(e));
      spark.createDataFrame(rows, CleaningProcessor.INPUT).coalesce(1).write()
          .parquet(input.resolve(String.format(Locale.ROOT, "b%05d", i)).toString());
    }
    Map<String, Long> storeCounts = new TreeMap<>();
    long otherCpu0 = nonExecutorCpu(threads);
    long t1 = System.nanoTime();
    Dataset<Row> source = spark.readStream().schema(CleaningProcessor.INPUT).option("maxFilesPerTrigger", 1)
        .option("recursiveFileLookup", "true").parquet(input.toString());
    StreamingQuery q;
    try (Progress p = new Progress("state store", batches.size(), "batches")) {
      q = CleaningProcessor.judge(source, rules, null).writeStream()
          .option("checkpointLocation", work.resolve("checkpoint").toString())
          .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (rows, id) -> {
            for (Row r : rows.groupBy("kind", "code").count().collectAsList()) {
              storeCounts.merge(r.getString(0) + " " + r.getString(1), r.getLong(2), Long::sum);
            }
            p.advance(1);
          }).start();
      q.awaitTermination();
    }
    double storeS = (System.nanoTime() - t1) / 1e9;
    double storeDriverCpuS = (nonExecutorCpu(threads) - otherCpu0) / 1e9;
    if (!driverCounts.equals(storeCounts)) {
      throw new IllegalStateException("the two give different verdicts: driver " + driverCounts + ", state store "
          + storeCounts);
    }
    long stateRows = q.lastProgress().stateOperators()[0].numRowsTotal();
    // RocksDB's own counters, summed over the batches: where the state store's time goes.
    Map<String, Long> rocksdb = new TreeMap<>();
    for (var progress : q.recentProgress()) {
      progress.stateOperators()[0].customMetrics().forEach((k, v) -> {
        if (List.of("rocksdbGetCount", "rocksdbGetLatency", "rocksdbPutCount", "rocksdbPutLatency").contains(k)) {
          rocksdb.merge(k, v, Long::sum);
        }
      });
    }
    System.out.printf(Locale.ROOT,
        "{\"bench\":\"cleaning\",\"events\":%d,\"events_per_batch\":%d,\"users\":%d,\"verdicts\":%d,"
            + "\"driver_s\":%.2f,\"driver_events_per_s\":%.0f,\"driver_cpu_s_per_million\":%.2f,"
            + "\"state_store_s\":%.2f,\"state_store_events_per_s\":%.0f,\"state_store_driver_cpu_s_per_million\":%.2f,"
            + "\"state_store_rows\":%d,\"rocksdb_gets\":%d,\"rocksdb_get_ms\":%d,\"rocksdb_puts\":%d,"
            + "\"rocksdb_put_ms\":%d}%n",
        events, perBatch, users, driverCounts.values().stream().mapToLong(Long::longValue).sum(), driverS,
        events / driverS, driverCpuS * 1e6 / events, storeS, events / storeS, storeDriverCpuS * 1e6 / events,
        stateRows, rocksdb.get("rocksdbGetCount"), rocksdb.get("rocksdbGetLatency"), rocksdb.get("rocksdbPutCount"),
        rocksdb.get("rocksdbPutLatency"));
    spark.stop();
    System.exit(0);
  }

  private static void count(Map<String, Long> counts, CleaningState.Judgement j) {
    for (Verdict v : j.verdicts()) counts.merge(v.kind() + " " + v.code(), 1L, Long::sum);
    for (Retraction r : j.retractions()) counts.merge(CleaningProcessor.RETRACTION + " " + r.reason(), 1L, Long::sum);
  }

  /** CPU time of every live thread but Spark's executor task threads. */
  private static long nonExecutorCpu(ThreadMXBean threads) {
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null || info.getThreadName().startsWith("Executor task launch worker")) continue;
      long t = threads.getThreadCpuTime(info.getThreadId());
      if (t > 0) sum += t;
    }
    return sum;
  }

  static List<List<EventKey>> events(int n, int perBatch, int users) {
    Random r = new Random(42);
    long start = 1_793_491_200_000L;
    long[] offsets = new long[2];
    List<EventKey> recent = new ArrayList<>();
    List<List<EventKey>> out = new ArrayList<>();
    List<EventKey> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long time = start + i / 10L; // 10,000 events a second
      int u = r.nextInt(users);
      int p = u % 2;
      int roll = r.nextInt(1000);
      EventKey e;
      if (roll < 30 && !recent.isEmpty()) { // a redelivery
        EventKey o = recent.get(r.nextInt(recent.size()));
        e = new EventKey(o.partition(), null, offsets[o.partition()]++, null, o.eventId(), o.type(), o.time(),
            o.userId(), o.sessionId(), o.productId(), o.orderKey(), false);
      } else if (roll < 40 && !recent.isEmpty()) { // re-sent under a new id
        EventKey o = recent.get(r.nextInt(recent.size()));
        e = new EventKey(o.partition(), null, offsets[o.partition()]++, null, "r" + i, o.type(), o.time(),
            o.userId(), o.sessionId(), o.productId(), o.orderKey(), false);
      } else {
        if (roll < 45) time -= 20 * 60_000L; // late
        String type = TYPES[r.nextInt(TYPES.length)];
        String user = "u" + u;
        String session = type.equals("login") || type.equals("logout") ? null : "s" + (u % 500);
        String order = type.equals("order_paid") ? "o|" + i + "|order_paid|" + time + "|[]" : null;
        e = new EventKey(p, null, offsets[p]++, null, "e" + i, type, time, user, session, "p" + r.nextInt(2000),
            order, false);
      }
      batch.add(e);
      if (recent.size() < 10_000) recent.add(e); else recent.set(i % 10_000, e); // the last 10,000 or so
      if (batch.size() == perBatch) {
        out.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) out.add(batch);
    return out;
  }
}
