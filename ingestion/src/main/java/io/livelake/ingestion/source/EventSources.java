package io.livelake.ingestion.source;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The streaming inputs of ingestion, both shaped alike: payload (the record as received) and its
 * source coordinates (topic, partition, offset, or file and line).
 */
public final class EventSources {
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
            lit(null).cast("long").alias("source_line"));
  }

  /**
   * JSONL files (plain or .gz) arriving in {@code dir}; each file is read whole so that every line
   * keeps its 1-based number. Blank lines are records too (they are quarantined), except the empty
   * remainder after a final newline. Lines keep their coordinates, so arrival order survives the
   * repartitioning.
   */
  public static Dataset<Row> files(SparkSession spark, String dir, int maxFilesPerTrigger, int parallelism) {
    return spark.readStream().format("text")
        .option("wholetext", "true")
        .option("maxFilesPerTrigger", maxFilesPerTrigger)
        .load(dir)
        .select(col("_metadata.file_path").alias("source_file"), split(col("value"), "\n").alias("lines"))
        .select(col("source_file"), size(col("lines")).alias("n"), posexplode(col("lines")).as(new String[] {"pos", "line"}))
        .where(col("pos").lt(col("n").minus(1)).or(col("line").notEqual("")))
        .select(
            regexp_replace(col("line"), "\r$", "").alias("payload"),
            lit(null).cast("string").alias("source_topic"),
            lit(0).alias("source_partition"),
            lit(null).cast("long").alias("source_offset"),
            lit(null).cast("timestamp").alias("source_timestamp"),
            col("source_file"),
            col("pos").plus(1).cast("long").alias("source_line"))
        // A file is one row until exploded; spread its lines so that every core validates and writes.
        .repartition(parallelism);
  }
}
