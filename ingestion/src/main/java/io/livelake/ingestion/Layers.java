package io.livelake.ingestion;

import io.livelake.catalog.Lake;
import io.livelake.spark.LakeSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * What the layers that follow the ingestion's tables share: each is a streaming query named
 * {@code livelake-<layer>}, checkpointed under {@code <lake>/_checkpoints/<layer>}, whose writes are
 * idempotent by the query's id and the batch id.
 */
public final class Layers {
  private Layers() {}

  /** What a layer does with one micro-batch; returns what it did in a phrase, or null when nothing. */
  public interface Step {
    String run(Dataset<Row> rows, long batchId, String queryId);
  }

  /**
   * Starts {@code layer}'s query over {@code input}: {@code step} takes each micro-batch, in Spark's
   * low-priority pool, and {@code listener} hears what it did.
   */
  public static StreamingQuery start(Lake lake, String layer, Dataset<Row> input, Trigger trigger,
      Consumer<LayerBatch> listener, Step step) throws TimeoutException {
    VoidFunction2<Dataset<Row>, Long> batches = (rows, batchId) -> {
      long started = System.nanoTime();
      // Beside a running ingestion, its batches take the task slots first.
      LakeSessions.inBackgroundPool(lake.spark());
      String did = step.run(rows, batchId, queryId(lake.spark(), layer));
      if (did != null) listener.accept(new LayerBatch(layer, batchId, did, (System.nanoTime() - started) / 1e9));
    };
    MovedCheckpoints.relocate(lake.spark().sessionState().newHadoopConf(), lake.paths().checkpoint(layer));
    return input.writeStream().queryName("livelake-" + layer)
        .option("checkpointLocation", lake.paths().checkpoint(layer))
        .trigger(trigger)
        .foreachBatch(batches)
        .start();
  }

  /** A query started available-now, to be run to its end. */
  public interface Start {
    StreamingQuery start() throws TimeoutException;
  }

  /**
   * Runs {@code query} until it has caught up with its input; returns it, ended.
   *
   * @throws IllegalStateException saying {@code what} failed, with Spark's reason
   */
  public static StreamingQuery runToEnd(String what, Start query) {
    try {
      StreamingQuery q = query.start();
      q.awaitTermination();
      return q;
    } catch (TimeoutException | StreamingQueryException e) {
      throw new IllegalStateException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code writer} as a write of {@code layer}'s micro-batch {@code batchId}: Delta skips it when the
   * query {@code queryId} already committed that batch (a replay after a crash), and its commit is
   * marked {@code livelake-<layer>:<batch id>} in the table's history.
   */
  public static DataFrameWriter<Row> once(DataFrameWriter<Row> writer, String layer, String queryId, long batchId) {
    return writer.option("txnAppId", queryId).option("txnVersion", batchId)
        .option("userMetadata", "livelake-" + layer + ":" + batchId);
  }

  /** Whether {@code layer}'s query has run on this lake before (its checkpoint names a query id). */
  public static boolean hasCheckpoint(Lake lake, String layer) {
    Path metadata = new Path(lake.paths().checkpoint(layer), "metadata");
    try {
      return metadata.getFileSystem(lake.spark().sessionState().newHadoopConf()).exists(metadata);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + metadata + ": " + e.getMessage(), e);
    }
  }

  /** The id of the streaming query running this micro-batch, which its idempotent writes carry. */
  private static String queryId(SparkSession spark, String layer) {
    String id = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
    if (id == null) throw new IllegalStateException(layer + ": not called by a streaming query");
    return id;
  }
}
