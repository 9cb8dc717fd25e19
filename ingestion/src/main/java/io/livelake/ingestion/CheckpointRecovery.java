package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.kafka.KafkaCluster;
import io.livelake.kafka.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * {@code ingest --recover}: sets a refused or damaged checkpoint aside and lets a new one resume
 * exactly after what the tables hold.
 *
 * <p>What the tables hold is the pipeline's batches up to the newest in ops.ingest_batches, the last
 * write of a batch. Rows of a later batch that landed only in part (a crash mid-batch) are deleted from
 * bronze, the OBT and quarantine, so their records are ingested again, once. The new checkpoint's
 * batch 0 becomes the tables' batch after the newest mark of any of them, so recovered batch ids never
 * meet an existing mark or accounting row, and the restart logic (which reads the tables by batch id)
 * sees one continuous pipeline. Its source then skips what bronze already holds: a file source the
 * files bronze has (a file is always ingested whole within one batch, so a file is in or out), a Kafka
 * source starts each partition after bronze's newest offset there (partitions bronze never saw from the
 * earliest). Both are derived from the tables again at every start of the recovered checkpoint (Spark
 * uses the starting offsets only until the checkpoint has its first offsets).
 */
public final class CheckpointRecovery {
  private static final List<TableDef> ROWS_BY_BATCH = List.of(Tables.EVENTS_RAW, Tables.EVENTS_OBT, Tables.QUARANTINE);
  private static final List<TableDef> MARKED = List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT,
      Tables.INGEST_BATCHES);

  private CheckpointRecovery() {}

  /**
   * What a recovery did. {@code setAside}: where the old checkpoint went (null: there was none);
   * {@code lastBatch}: the newest batch the tables hold whole (-1: none); {@code firstBatch}: the
   * tables' batch id of the new checkpoint's batch 0; {@code rowsRemoved}: rows of a partly landed batch.
   */
  public record Result(String setAside, long lastBatch, long firstBatch, long rowsRemoved) {}

  /**
   * Sets the checkpoint of {@code o}'s pipeline aside (renamed, never deleted) and prepares the new one.
   *
   * @throws IllegalArgumentException if another process ingests the pipeline: its checkpoint is in use
   */
  public static Result recover(Lake lake, IngestionJob.Options o) {
    try (LakeLock held = IngestionJob.holdPipeline(lake.paths(), o, "recovery of pipeline " + o.pipeline())) {
      return recoverHeld(lake, o);
    }
  }

  private static Result recoverHeld(Lake lake, IngestionJob.Options o) {
    lake.ensure(IngestBatch.tables());
    String pipeline = o.pipeline();
    String app = IngestBatch.app(pipeline);
    Path dir = new Path(StreamCheckpoint.dir(lake, pipeline));
    try {
      FileSystem fs = dir.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      String setAside = null;
      if (fs.exists(dir)) {
        setAside = StreamCheckpoint.dir(lake, pipeline) + ".aside-"
            + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        Path aside = new Path(setAside);
        if (fs.exists(aside) || !fs.rename(dir, aside)) {
          throw new IllegalStateException("could not rename the checkpoint " + dir + " to " + setAside);
        }
      }
      Row last = lake.read(Tables.INGEST_BATCHES).where(col("pipeline").equalTo(pipeline)).agg(max("batch_id")).first();
      long lastBatch = last.isNullAt(0) ? -1 : last.getLong(0);
      long newest = lastBatch;
      for (TableDef t : MARKED) newest = Math.max(newest, BatchCommits.newest(lake, t, app));
      long removed = 0;
      if (newest > lastBatch) {
        Column partial = col("ingest_batch_id").gt(lastBatch).and(rowsOf(o));
        for (TableDef t : ROWS_BY_BATCH) {
          long n = lake.read(t).where(partial).count();
          if (n > 0) lake.delta(t).delete(partial);
          removed += n;
        }
      }
      StreamCheckpoint.createRecovered(lake, pipeline, newest + 1, setAside == null ? "" : setAside);
      return new Result(setAside, lastBatch, newest + 1, removed);
    } catch (IOException e) {
      throw new UncheckedIOException("recovering the checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The files of a file pipeline's batches before {@code beforeBatch} that bronze holds. */
  static Object[] ingestedFiles(Lake lake, long beforeBatch) {
    return lake.read(Tables.EVENTS_RAW).where(col("source_file").isNotNull().and(col("ingest_batch_id").lt(beforeBatch)))
        .select("source_file").distinct().collectAsList().stream().map(r -> r.getString(0)).toArray();
  }

  /**
   * Spark's startingOffsets for {@code topic}: per partition the offset after the newest one bronze
   * holds of batches before {@code beforeBatch}, -2 (earliest) for a partition bronze never saw.
   */
  static String kafkaStartingOffsets(Lake lake, KafkaCluster kafka, String topic, long beforeBatch) {
    Map<Integer, Long> next = new HashMap<>();
    for (Row r : lake.read(Tables.EVENTS_RAW).where(col("source_topic").equalTo(topic)
            .and(col("ingest_batch_id").lt(beforeBatch)))
        .groupBy("source_partition").agg(max("source_offset")).collectAsList()) {
      next.put(r.getInt(0), r.getLong(1) + 1);
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode offsets = json.createObjectNode();
    ObjectNode partitions = offsets.putObject(topic);
    // Spark wants every partition named once offsets are given.
    for (int p : KafkaTopics.partitions(kafka, topic)) partitions.put(String.valueOf(p), next.getOrDefault(p, -2L));
    return offsets.toString();
  }

  /** The rows a pipeline wrote, among those of every pipeline in the shared tables. */
  private static Column rowsOf(IngestionJob.Options o) {
    return o.source().equals("kafka") ? col("source_topic").equalTo(o.topic()) : col("source_file").isNotNull();
  }
}
