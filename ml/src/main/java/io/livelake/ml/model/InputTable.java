package io.livelake.ml.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.livelake.csv.CsvLine;
import io.livelake.ml.registry.TrainingSource;
import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/** An external table to train on: CSV (with a header), Parquet or Delta, told by --format or by the path. */
public final class InputTable {
  /** A whole number, or one with a decimal comma: what a column of a spreadsheet in a decimal-comma locale holds. */
  private static final String DECIMAL_COMMA_COLUMN = "^([+-]?[0-9]+|" + CsvLine.DECIMAL_COMMA + ")$";

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
      case "csv" -> new Loaded(csv(spark, path), new TrainingSource(path, f, null));
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

  /**
   * A CSV file (or directory of them) with a header, its types inferred. The delimiter is the header's: a comma, or
   * the semicolon, tab or bar it uses instead. In a file not separated by commas, a column whose every value is a
   * number written with a decimal comma ({@code 0,25}), as spreadsheets in those locales save them, reads as double;
   * a column mixing {@code 0,25} and {@code 0.25} stays text, which training names as non-numeric.
   */
  static Dataset<Row> csv(SparkSession spark, String path) {
    List<Row> first = spark.read().text(path).limit(1).collectAsList();
    char delimiter = first.isEmpty() ? ',' : CsvLine.delimiter(LocalFiles.withoutBom(first.get(0).getString(0)));
    Dataset<Row> t = spark.read().option("header", true).option("inferSchema", true)
        .option("sep", String.valueOf(delimiter)).csv(path);
    return delimiter == ',' ? t : withDecimalCommas(t);
  }

  private static Dataset<Row> withDecimalCommas(Dataset<Row> t) {
    List<String> text = Arrays.stream(t.schema().fields()).filter(f -> f.dataType() instanceof StringType)
        .map(StructField::name).toList();
    if (text.isEmpty()) return t;
    // One pass: per text column, whether any value is not such a number, and whether any has a comma.
    List<Column> checks = new ArrayList<>();
    for (String c : text) {
      Column v = trim(col(TrainingInput.quote(c)));
      checks.add(max(when(v.isNotNull().and(not(v.rlike(DECIMAL_COMMA_COLUMN))), 1).otherwise(0)));
      checks.add(max(when(v.contains(","), 1).otherwise(0)));
    }
    Row r = t.select(checks.toArray(Column[]::new)).first();
    Dataset<Row> out = t;
    for (int i = 0; i < text.size(); i++) {
      // A file of a header alone has no values: its maxima are null, and nothing to convert.
      if (!r.isNullAt(2 * i) && r.getInt(2 * i) == 0 && r.getInt(2 * i + 1) == 1) {
        out = out.withColumn(text.get(i), regexp_replace(trim(col(TrainingInput.quote(text.get(i)))), ",", ".").cast("double"));
      }
    }
    return out;
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
