package io.livelake.ingestion.source;

import static org.apache.spark.sql.functions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import io.livelake.kafka.KafkaCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

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

  private static final UserDefinedFunction KEEPING_BAD_BYTES =
      udf((UDF1<byte[], String>) TextEncoding::utf8, DataTypes.StringType).withName("utf8_keeping_bad_bytes");

  private EventSources() {}

  /** A Kafka topic; records keep their partition and offset. */
  public static Dataset<Row> kafka(SparkSession spark, KafkaCluster cluster, String topic, String startingOffsets,
      long maxOffsetsPerTrigger) {
    Map<String, String> client = new HashMap<>();
    // Spark hands options prefixed kafka. to its consumers (and redacts a login's password in what it logs).
    cluster.clientProperties().forEach((k, v) -> client.put("kafka." + k, v.toString()));
    return spark.readStream().format("kafka")
        .options(client)
        .option("subscribe", topic)
        .option("startingOffsets", startingOffsets)
        .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
        .option("failOnDataLoss", "true")
        .load()
        .select(
            payload(col("value")).alias("payload"),
            col("topic").alias("source_topic"),
            col("partition").alias("source_partition"),
            col("offset").alias("source_offset"),
            col("timestamp").alias("source_timestamp"),
            lit(null).cast("string").alias("source_file"),
            lit(null).cast("long").alias("source_line"),
            lit(null).cast("string").alias("source_error"));
  }

  /**
   * A Kafka value as text: UTF-8 as it is, and a value that is not UTF-8 with its bad bytes as {@code \xHH}
   * ({@link TextEncoding#utf8}), which the JSON reader refuses, bytes kept. Read as a String directly, they would be
   * U+FFFD, and the event would pass with its text garbled and its bytes lost. The check is Spark's own byte scan; only
   * values that fail it are decoded apart.
   */
  static Column payload(Column value) {
    Column text = value.cast("string");
    return when(is_valid_utf8(text), text).otherwise(KEEPING_BAD_BYTES.apply(value));
  }

  /**
   * JSONL files (plain, or compressed with any codec Hadoop knows by the file's extension, e.g.
   * .gz, .bz2) arriving in {@code dir}; each file is read whole so that every line keeps its 1-based
   * number. Blank lines are records too (they are quarantined), except the empty remainder after a
   * final newline. A file that cannot be read or decompressed (a truncated .gz), or that is larger than
   * {@code maxFileBytes} stored or decompressed, becomes one record naming the problem, so the other files
   * of its batch still land and no file can stop the stream. Lines keep their coordinates, so arrival order
   * survives the repartitioning.
   */
  public static Dataset<Row> files(SparkSession spark, String dir, int maxFilesPerTrigger, int parallelism,
      long maxFileBytes) {
    // The content is read here, not by Spark's scan: the scan fails the query on a file over 2 GB.
    SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    return spark.readStream().format("binaryFile").schema(BINARY_FILE)
        .option("maxFilesPerTrigger", maxFilesPerTrigger)
        // Files in subdirectories too, as anyone giving a directory expects: by default the source skipped them
        // unseen, except in directories named like partitions (day=1), and failed on a mix of both.
        .option("recursiveFileLookup", "true")
        // Spark ignores a file modified a week before the newest it has read (maxFileAge, 7 days by default): an
        // archive copied in with its times kept (cp -p, tar, rsync -a) was skipped without a word.
        .option("maxFileAge", "36500d")
        .load(dir)
        .select(col("path"), col("length"))
        .flatMap((FlatMapFunction<Row, Row>) f -> file(f.getString(0), f.getLong(1), maxFileBytes, conf.value()),
            Encoders.row(LINES))
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

  /** The lines of the file at {@code path} ({@code length} bytes) as records, or one record naming why they are not. */
  static Iterator<Row> file(String path, long length, long maxFileBytes, Configuration conf) {
    if (path.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return unreadable(path, "a ZIP archive, which the file ingestion does not open: unzip it into the input "
          + "directory (files compressed one by one, .gz or .bz2, are read as they are)");
    }
    if (length > maxFileBytes) {
      return unreadable(path, String.format(Locale.ROOT, "file of %,d bytes is larger than ingest.max.file.bytes = %,d: "
          + "split it into smaller files", length, maxFileBytes));
    }
    byte[] content;
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      content = in.readNBytes(bound(maxFileBytes));
    } catch (IOException | RuntimeException e) {
      return unreadable(path, "file cannot be read: " + message(e));
    }
    if (content.length > maxFileBytes) return unreadable(path, "file grew past ingest.max.file.bytes while it was read");
    // The source takes each path once: of a file still being written, what came after would never be read, so none
    // of it lands and the user gives it again whole.
    if (content.length != length) {
      return unreadable(path, String.format(Locale.ROOT, "file changed while it was read (listed at %,d bytes, read "
          + "%,d): a file is read once, so it must be complete when it appears in the input directory; write it "
          + "elsewhere (or under a name starting with . or _) and move it in, and give this one again under a new "
          + "name", length, content.length));
    }
    return lines(path, content, maxFileBytes);
  }

  /** The lines of one file's {@code content} as records, or one record naming why the file cannot be read. */
  static Iterator<Row> lines(String path, byte[] content, long maxFileBytes) {
    String text;
    try {
      byte[] plain = decompressed(path, content, maxFileBytes);
      if (plain == null) {
        return unreadable(path, String.format(Locale.ROOT, "file decompresses to more than ingest.max.file.bytes = %,d "
            + "bytes: split it into smaller files", maxFileBytes));
      }
      String notText = NotText.describe(plain);
      if (notText != null) return unreadable(path, notText);
      text = TextEncoding.decode(plain);
    } catch (IOException | RuntimeException e) {
      return unreadable(path, "file cannot be read: " + message(e));
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

  private static Iterator<Row> unreadable(String path, String why) {
    return List.of(RowFactory.create(path, null, null, why)).iterator();
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The content decompressed by the codec its name gives, or as it is; null when that exceeds {@code maxBytes}. */
  private static byte[] decompressed(String path, byte[] content, long maxBytes) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(new Configuration(false)).getCodec(new Path(path));
    if (codec == null) return content;
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(content))) {
      byte[] plain = in.readNBytes(bound(maxBytes));
      return plain.length > maxBytes ? null : plain;
    }
  }

  /** How many bytes to read: one past the bound tells content at the bound from content beyond it (a gzip bomb). */
  private static int bound(long maxBytes) { return (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1); }
}
