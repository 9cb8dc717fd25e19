package io.livelake.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddCDCFile;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.DeletionVectorDescriptor;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.RemoveFile;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A layer's checkpoint that its source table can no longer feed: the commits or files the layer would
 * read next are gone, because the layer lagged behind a VACUUM of the table (a stopped ingestion's
 * layers and {@code erase --vacuum}, say) or behind the log's retention. Spark would fail the query on
 * every start; the checkpoint is set aside instead, and the layer starts over as on a new lake (the KPI
 * layer counts its table again from the OBT, the retractions look at every batch again, the upkeep
 * starts from the batches' accounting).
 */
public final class StaleCheckpoints {
  private static final Logger LOG = LogManager.getLogger(StaleCheckpoints.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private StaleCheckpoints() {}

  /**
   * Renames {@code layer}'s checkpoint to {@code <layer>.unreadable-<UTC time>} when what it reads
   * next from {@code source} is gone, and says why in a warning; returns the reason, or null when the
   * checkpoint can go on (or there is none).
   */
  public static String setAsideIfStale(Lake lake, String layer, TableDef source) {
    Path checkpoint = new Path(lake.paths().checkpoint(layer));
    try {
      FileSystem fs = checkpoint.getFileSystem(lake.spark().sessionState().newHadoopConf());
      JsonNode next = nextOffset(fs, checkpoint);
      if (next == null || !next.has("reservoirVersion")) return null;
      String missing = missing(lake, source, next.get("reservoirVersion").asLong(),
          next.path("isStartingVersion").asBoolean(false));
      if (missing == null) return null;
      return setAside(lake, layer, "unreadable", "its checkpoint reads " + source.fullName() + " from version "
          + next.get("reservoirVersion").asLong() + ", but " + missing + " (a VACUUM or the log's retention removed it)");
    } catch (IOException e) {
      throw new UncheckedIOException("checking the checkpoint of " + layer + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames {@code layer}'s checkpoint to {@code <layer>.<kind>-<UTC time>}, so the layer starts over, and says
   * {@code why} in a warning; returns the warning.
   */
  public static String setAside(Lake lake, String layer, String kind, String why) {
    Path checkpoint = new Path(lake.paths().checkpoint(layer));
    Path aside = new Path(checkpoint.getParent(), layer + "." + kind + "-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP));
    try {
      FileSystem fs = checkpoint.getFileSystem(lake.spark().sessionState().newHadoopConf());
      if (!fs.rename(checkpoint, aside)) throw new IOException("could not rename " + checkpoint + " to " + aside);
    } catch (IOException e) {
      throw new UncheckedIOException("setting the checkpoint of " + layer + " aside: " + e.getMessage(), e);
    }
    String reason = layer + ": " + why + "; the checkpoint is kept aside as " + aside.getName() + " and the layer starts over";
    LOG.warn(reason);
    return reason;
  }

  /**
   * The source offset the query goes on from: the end of its newest committed batch, or of its first
   * batch when none committed (that batch runs again); null when it has none.
   */
  private static JsonNode nextOffset(FileSystem fs, Path checkpoint) throws IOException {
    long batch = Math.max(StreamCheckpoint.newestCommit(fs, checkpoint.toString()), 0);
    if (!fs.exists(new Path(checkpoint, "offsets/" + batch))) return null;
    // The layer's query has one source.
    List<JsonNode> sources = StreamCheckpoint.sourceOffsets(fs, checkpoint.toString(), batch);
    return sources.isEmpty() ? null : sources.get(0);
  }

  /** What of {@code source} from {@code version} on is gone, or null when all of it is there. */
  private static String missing(Lake lake, TableDef source, long version, boolean fromSnapshot) throws IOException {
    DeltaLog log = DeltaLog.forTable(lake.spark(), lake.path(source));
    FileSystem fs = log.dataPath().getFileSystem(lake.spark().sessionState().newHadoopConf());
    try {
      if (fromSnapshot) {
        for (String f : lake.spark().read().format("delta").option("versionAsOf", version).load(lake.path(source))
            .inputFiles()) {
          if (!fs.exists(new Path(f))) return "its file " + f + " is gone";
        }
      }
      // Failing on data loss: a commit the log no longer holds is missing too.
      Iterator<Tuple2<Object, scala.collection.immutable.Seq<Action>>> commits =
          CollectionConverters.asJava(log.getChanges(version, true));
      while (commits.hasNext()) {
        Tuple2<Object, scala.collection.immutable.Seq<Action>> commit = commits.next();
        for (Action a : CollectionConverters.asJava(commit._2())) {
          Path gone = missingFile(fs, log, a);
          if (gone != null) return "the file " + gone + " of its version " + commit._1() + " is gone";
        }
      }
      return null;
    } catch (Exception e) { // Scala's undeclared checked exceptions too
      // Delta's own for a version the log no longer holds: a file not found, data loss, or (time travel
      // to the snapshot) a version it cannot reconstruct.
      if (e instanceof FileNotFoundException || e instanceof IllegalStateException || e instanceof AnalysisException) {
        return "reading its log from there failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      }
      if (e instanceof IOException io) throw io;
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** A data, change or deletion-vector file that {@code a} has a stream read and that is gone, else null. */
  private static Path missingFile(FileSystem fs, DeltaLog log, Action a) throws IOException {
    if (!(a instanceof FileAction f) || !(f instanceof AddCDCFile || f.dataChange())) return null;
    Path data = f.absolutePath(log);
    if (!fs.exists(data)) return data;
    DeletionVectorDescriptor dv = a instanceof AddFile add ? add.deletionVector()
        : a instanceof RemoveFile remove ? remove.deletionVector() : null;
    if (dv != null && dv.isOnDisk()) {
      Path dvPath = dv.absolutePath(log.dataPath());
      if (!fs.exists(dvPath)) return dvPath;
    }
    return null;
  }
}
