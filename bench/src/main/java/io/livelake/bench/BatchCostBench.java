package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Lake;
import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.BatchOutcome;
import io.livelake.ingestion.IngestBatch;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.dimensions.DimensionLoader;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.progress.Progress;
import io.livelake.simulator.JsonlFileSink;
import io.livelake.simulator.Simulator;
import io.livelake.simulator.SimulatorOptions;
import io.livelake.spark.LakePaths;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The cost of one ingestion micro-batch without Kafka: the same {@link IngestBatch} the stream runs,
 * called on slices of simulated records held in memory. It separates the per-record cost (a large
 * batch) from the fixed cost of every batch (Delta commits, Spark jobs), which bounds the latency.
 *
 * <pre>
 * bench/run.sh BatchCostBench [largeBatch=500000] [smallBatch=10000] [smallBatches=8]
 * </pre>
 *
 * Batches in order: one of 100,000 records (warm-up: code generation, first commits), one large, then
 * the small ones; records are numbered in file order and spread over two source partitions.
 */
public final class BatchCostBench {
  private BatchCostBench() {}

  public static void main(String[] args) throws Exception {
    long large = args.length > 0 ? Long.parseLong(args[0]) : 500_000;
    long small = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
    int smallBatches = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    long warmup = 100_000;
    long needed = warmup + large + small * smallBatches;
    // A fifth more than the batches take: the simulator ends its stream with a thin tail (the last sessions
    // and the purchases after them, without faults), unlike a batch in the middle of a live stream.
    long generated = needed + needed / 5;

    Path work = Scratch.directory("livelake-bench-batch");
    Progress produce = new Progress("generate", generated, "events");
    try (JsonlFileSink sink = new JsonlFileSink(work.resolve("events"), false, 250_000)) {
      new Simulator(SimulatorOptions.defaults(11, generated)).run(sink, work.resolve("sim"), produce);
    }
    produce.close();

    LiveLakeConfig config = new ConfigLoader().file(null)
        .environment(Map.of("LIVELAKE_HMAC_KEY", "bench-key-0123456789"))
        .flag("lake.root", work.resolve("lake").toString(), "bench")
        .load();
    SparkSession spark = LakeSessions.create(config, "bench-batch-cost");
    Lake lake = new Lake(spark, LakePaths.of(config));
    DimensionLoader.load(lake, work.resolve("sim/dimensions"));
    lake.ensure(IngestBatch.tables());
    Dataset<Row> records = spark.read().text(work.resolve("events").toString())
        .withColumn("n", row_number().over(Window.orderBy(monotonically_increasing_id())).minus(1).cast("long"))
        .select(col("value").alias("payload"), lit("bench").alias("source_topic"),
            pmod(col("n"), lit(2)).cast("int").alias("source_partition"), col("n").alias("source_offset"),
            current_timestamp().alias("source_timestamp"), lit(null).cast("string").alias("source_file"),
            lit(null).cast("long").alias("source_line"))
        // By range: hashing the two partition numbers may put both in one Spark partition (one core).
        .repartitionByRange(2, col("source_partition")).cache();
    records.count(); // fills the cache before the first batch

    List<BatchOutcome> outcomes = new ArrayList<>();
    IngestBatch batch = new IngestBatch(lake, "bench", CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(HmacKeys.pseudonymizer(config)), outcomes::add);
    List<Long> cuts = new ArrayList<>(List.of(0L, warmup, warmup + large));
    for (int i = 1; i <= smallBatches; i++) cuts.add(warmup + large + small * i);
    Progress progress = new Progress("batches", cuts.size() - 1, "batches");
    for (int i = 0; i + 1 < cuts.size(); i++) {
      batch.call(records.where(col("source_offset").geq(cuts.get(i)).and(col("source_offset").lt(cuts.get(i + 1)))),
          (long) i);
      progress.advance(1);
    }
    progress.close();

    BatchOutcome big = outcomes.get(1);
    List<Double> smallSeconds = outcomes.subList(2, outcomes.size()).stream().map(BatchOutcome::seconds).sorted().toList();
    double mean = smallSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(Locale.ROOT,
        "{\"bench\":\"ingest_batch_cost\",\"warmup_records\":%d,\"warmup_s\":%.2f,\"large_records\":%d,\"large_s\":%.2f,"
            + "\"large_records_per_s\":%.0f,\"small_records\":%d,\"small_batches\":%d,\"small_mean_s\":%.2f,"
            + "\"small_median_s\":%.2f,\"small_max_s\":%.2f,\"cores\":%d}%n",
        outcomes.get(0).recordsIn(), outcomes.get(0).seconds(), big.recordsIn(), big.seconds(),
        big.recordsIn() / big.seconds(), outcomes.get(2).recordsIn(), smallSeconds.size(), mean,
        smallSeconds.get(smallSeconds.size() / 2), smallSeconds.get(smallSeconds.size() - 1),
        Runtime.getRuntime().availableProcessors());
    System.exit(0);
  }
}
