package io.livelake.ingestion.source;

import static org.apache.spark.sql.functions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The streaming inputs of ingestion, both shaped alike: payload (the record as received), its
 * source coordinates (topic, partition, offset, or file and line) and source_error, which names why
 * a file could not be read (then the file is one record with no payload, quarantined as a whole).
 */
public final class EventSources {
  private static final StructType LINES = new StructType()
      .add("source_file", DataTypes.StringType).add("source_line", DataTypes.LongType)
      .add("payload", DataTypes.StringType).add("source_error", DataTypes.StringType);

  /** Spark's fixed schema of binary files, which a streaming read must be given. */
  private static final StructType BINARY_FILE = new StructType()
      .add("path", DataTypes.StringType, false).add("modificationTime", DataTypes.TimestampType, false)
      .add("length", DataTypes.LongType, false).add("content", DataTypes.BinaryType, true);

  private EventSources() {}

  /** A Kafka topic; records keep their partition and offset. */
  public static Dataset<Row> kafka(SparkSession spark, String bootstrap, String topic, String startingOffsets,
      long maxOffsetsPerTrigger) {
    return spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", topic)
        .option("startingOffsets", startingOffsets)
        .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
        .option("failOnDataLoss", "true")
        .load()
        .select(
            col("value").cast("string").alias("payload"),
            col("topic").alias("source_topic"),
            col("partition").alias("source_partition"),
            col("offset").alias("source_offset"),
            col("timestamp").alias("source_timestamp"),
            lit(null).cast("string").alias("source_file"),
            lit(null).cast("long").alias("source_line"),
            lit(null).cast("string").alias("source_error"));
  }

  /**
   * JSONL files (plain, or compressed with any codec Hadoop knows by the file's extension, e.g.
   * .gz, .bz2) arriving in {@code dir}; each file is read whole so that every line keeps its 1-based
   * number. Blank lines are records too (they are quarantined), except the empty remainder after a
   * final newline. A file that cannot be read or decompressed (a truncated .gz) becomes one record
   * naming the problem, so the other files of its batch still land. Lines keep their coordinates, so
   * arrival order survives the repartitioning.
   */
  public static Dataset<Row> files(SparkSession spark, String dir, int maxFilesPerTrigger, int parallelism) {
    return spark.readStream().format("binaryFile").schema(BINARY_FILE)
        .option("maxFilesPerTrigger", maxFilesPerTrigger)
        .load(dir)
        .select(col("path"), col("content"))
        .flatMap((FlatMapFunction<Row, Row>) f -> lines(f.getString(0), f.getAs(1)), Encoders.row(LINES))
        .select(
            col("payload"),
            lit(null).cast("string").alias("source_topic"),
            lit(0).alias("source_partition"),
            lit(null).cast("long").alias("source_offset"),
            lit(null).cast("timestamp").alias("source_timestamp"),
            col("source_file"),
            col("source_line"),
            col("source_error"))
        // A file is one row until split; spread its lines so that every core validates and writes.
        .repartition(parallelism);
  }

  /** The lines of one file as records, or one record naming why the file cannot be read. */
  static Iterator<Row> lines(String path, byte[] content) {
    String text;
    try {
      text = new String(decompressed(path, content), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return List.of(RowFactory.create(path, null, null, "file cannot be read: " + why)).iterator();
    }
    List<Row> out = new ArrayList<>();
    int from = 0;
    long line = 1;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl;
      if (nl < 0 && from == text.length()) break;  // the empty remainder after a final newline
      int cut = end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(RowFactory.create(path, line++, text.substring(from, cut), null));
      if (nl < 0) break;
      from = nl + 1;
    }
    return out.iterator();
  }

  private static byte[] decompressed(String path, byte[] content) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(new Configuration(false)).getCodec(new Path(path));
    if (codec == null) return content;
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(content))) {
      return in.readAllBytes();
    }
  }
}
