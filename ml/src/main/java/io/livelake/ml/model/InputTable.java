package io.livelake.ml.model;

import io.livelake.ml.registry.TrainingSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/** An external table to train on: CSV (with a header), Parquet or Delta, told by --format or by the path. */
public final class InputTable {
  private InputTable() {}

  /** A table read from {@code path} and where it came from; the Delta version read is pinned. */
  public record Loaded(Dataset<Row> table, TrainingSource source) {}

  /** Reads {@code path}; {@code format} may be null to detect it from the extension or a _delta_log directory. */
  public static Loaded read(SparkSession spark, String path, String format) {
    Path p = new Path(path);
    String f;
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) throw new IllegalArgumentException("--input " + path + ": no such file or directory");
      f = format != null ? format.toLowerCase(Locale.ROOT) : detect(fs, p);
    } catch (IOException e) {
      throw new UncheckedIOException("--input " + path + ": cannot be read", e);
    }
    return switch (f) {
      case "csv" -> new Loaded(spark.read().option("header", true).option("inferSchema", true).csv(path),
          new TrainingSource(path, f, null));
      case "parquet" -> new Loaded(spark.read().parquet(path), new TrainingSource(path, f, null));
      case "delta" -> delta(spark, path, path);
      default -> throw new IllegalArgumentException("--format must be csv, parquet or delta, got '" + format + "'");
    };
  }

  /** A Delta table at its current version, with that version recorded. */
  public static Loaded delta(SparkSession spark, String path, String name) {
    // The newest version from the log's listing: DeltaTable.history runs a Spark job for the same number.
    long version = DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
    Dataset<Row> t = spark.read().format("delta").option("versionAsOf", version).load(path);
    return new Loaded(t, new TrainingSource(name, "delta", version));
  }

  private static String detect(FileSystem fs, Path p) throws IOException {
    String name = p.getName().toLowerCase(Locale.ROOT);
    if (fs.exists(new Path(p, "_delta_log"))) return "delta";
    if (name.endsWith(".csv") || name.endsWith(".csv.gz")) return "csv";
    if (name.endsWith(".parquet")) return "parquet";
    if (fs.getFileStatus(p).isDirectory()) {
      for (var s : fs.listStatus(p)) {
        String n = s.getPath().getName().toLowerCase(Locale.ROOT);
        if (n.endsWith(".parquet")) return "parquet";
        if (n.endsWith(".csv")) return "csv";
      }
    }
    throw new IllegalArgumentException("--input " + p + ": cannot tell its format from the name; pass --format csv, parquet or delta");
  }
}
