package io.livelake.bench;

import static org.apache.spark.sql.functions.*;

import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.indicators.Indicator;
import io.livelake.ml.model.ModelParams;
import io.livelake.ml.model.PerformanceModel;
import io.livelake.ml.model.RegressionNetwork;
import io.livelake.spark.LakeSessions;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Training time of the paper's network (14-5-1, sigmoid hidden units, linear output, MLlib L-BFGS
 * with model.restarts short random starts) on synthetic session indicators of 100,000 and 1,000,000
 * sessions: the 80% training part, scaled, then the fit with exactly {@value #ITERATIONS} final
 * iterations (tolerance 0). Usage: TrainBench [sessions...].
 */
public final class TrainBench {
  static final int ITERATIONS = 100;

  public static void main(String[] args) throws Exception {
    List<Long> sizes = args.length == 0 ? List.of(100_000L, 1_000_000L) : java.util.Arrays.stream(args).map(Long::parseLong).toList();
    LiveLakeConfig config = new ConfigLoader().file(null)
        .flag("lake.root", Scratch.directory("livelake-bench").toString(), "bench")
        .flag("model.max.iter", Integer.toString(ITERATIONS), "bench")
        .flag("model.tol", "0", "bench")
        .load();
    ModelParams p = ModelParams.from(config);
    SparkSession spark = LakeSessions.create(config, "livelake-bench-train");
    // A short untimed fit first, so neither size pays for JIT compilation and Spark's first jobs.
    fit(spark, 10_000, p);
    StringBuilder json = new StringBuilder("{\"bench\":\"train\"");
    for (long n : sizes) {
      Fit f = fit(spark, n, p);
      String label = n % 1_000_000 == 0 ? (n / 1_000_000) + "m" : (n / 1_000) + "k";
      System.err.printf(Locale.ROOT, "train bench: %,d sessions (%,d training rows), %d iterations on the chosen path: %.1f s%n", n,
          f.rows(), f.iterations(), f.seconds());
      json.append(String.format(Locale.ROOT, ",\"sessions_%s_s\":%.2f,\"sessions_%s_train_rows\":%d,\"sessions_%s_iterations\":%d",
          label, f.seconds(), label, f.rows(), label, f.iterations()));
    }
    json.append(String.format(Locale.ROOT, ",\"layers\":\"14-%d-1\",\"restarts\":%d,\"partitions\":%d,\"cores\":%d}",
        p.hidden(), p.restarts(), p.partitions(), java.lang.Runtime.getRuntime().availableProcessors()));
    System.out.println(json);
    spark.stop();
  }

  record Fit(long rows, int iterations, double seconds) {}

  /** Scales the training part of n sessions, then times the network's fit alone. */
  static Fit fit(SparkSession spark, long n, ModelParams p) {
    Dataset<Row> train = sessions(spark, n, p).cache();
    long rows = train.count();
    Dataset<Row> assembled = new VectorAssembler().setInputCols(Indicator.normalizedColumns().toArray(String[]::new))
        .setOutputCol("raw_features").transform(train);
    Dataset<Row> x = new MinMaxScaler().setInputCol("raw_features").setOutputCol(PerformanceModel.FEATURES).fit(assembled)
        .transform(assembled).select(PerformanceModel.FEATURES, "label").cache();
    x.count();
    long t0 = System.nanoTime();
    RegressionNetwork m = RegressionNetwork.fit(x, PerformanceModel.FEATURES, "label", p.network());
    double seconds = (System.nanoTime() - t0) / 1e9;
    x.unpersist(true);
    train.unpersist(true);
    // The history holds the chosen start's and the final fit's: each an initial loss, then one value per iteration.
    return new Fit(rows, m.objectiveHistory().length - 2, seconds);
  }

  /** The training part (1 - model.test.fraction) of n synthetic sessions: uniform indicators, a sigmoid outcome. */
  static Dataset<Row> sessions(SparkSession spark, long n, ModelParams p) {
    long trainRows = Math.round(n * (1 - p.testFraction()));
    Column sum = lit(0.0);
    Dataset<Row> d = spark.range(0, trainRows, 1, p.partitions()).toDF();
    Indicator[] indicators = Indicator.values();
    for (int i = 0; i < indicators.length; i++) {
      d = d.withColumn(indicators[i].normalizedColumn(), rand(p.seed() + i));
      sum = sum.plus(col(indicators[i].normalizedColumn()).multiply((i + 1) / 105.0));
    }
    return d.withColumn("label", lit(1.0).divide(lit(1.0).plus(exp(sum.minus(0.5).multiply(-25))))
        .plus(randn(p.seed() + 99).multiply(0.02)));
  }
}
