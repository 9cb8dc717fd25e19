package io.livelake.catalog;

import io.livelake.config.Settings;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import scala.Option;

/**
 * The upkeep of a lake's Delta tables that a scheduler runs apart from the streams ({@code livelake
 * maintain}): small files bin-packed (OPTIMIZE), the log checkpointed at its newest version, and files
 * that no version within the retention refers to deleted (VACUUM). Streams go on beside it: a
 * compaction commits with dataChange=false, which appends never conflict with, and is tried again
 * when a delete or replace committed first; a vacuum deletes only files no version in the retention
 * reads.
 */
public final class Maintenance {
  /** Attempts of a compaction that meets concurrent deletes or replaces of its files. */
  static final int COMPACTION_ATTEMPTS = 5;
  /** Newest commits searched for the vacuum's end: a stream commits a few times a second at most meanwhile. */
  private static final int HISTORY_READ = 100;

  /** What OPTIMIZE did: data files it replaced and the files it wrote instead. */
  public record Compacted(long filesRemoved, long filesAdded) {}

  /**
   * One table's maintenance: live data files before and after, what OPTIMIZE did, the version
   * checkpointed (-1: the newest already was), and the files VACUUM deleted (-1: not vacuumed).
   */
  public record Outcome(TableDef table, long filesBefore, long filesAfter, Compacted compacted, long checkpointed,
      long filesVacuumed) {}

  private final Lake lake;

  public Maintenance(Lake lake) { this.lake = lake; }

  /**
   * Compacts, for {@code retentionHours} >= 0 vacuums, and checkpoints {@code t}.
   *
   * @throws IllegalArgumentException a retention below the table's delta.deletedFileRetentionDuration,
   *     which Delta refuses because streams and readers may still need those files
   */
  public Outcome maintain(TableDef t, boolean compact, int retentionHours) {
    long before = newest(log(t)).numOfFiles();
    Compacted compacted = compact ? compact(t, null) : new Compacted(0, 0);
    long vacuumed = retentionHours >= 0 ? vacuum(t, retentionHours) : -1;
    // Last: the vacuum commits too, and readers then start from the newest version's checkpoint.
    long checkpointed = checkpoint(t);
    return new Outcome(t, before, newest(log(t)).numOfFiles(), compacted, checkpointed, vacuumed);
  }

  /**
   * Bin-packs {@code t}'s small files where {@code where} holds (null: everywhere), with the sizes the
   * session sets (LakeSessions), trying again up to {@value #COMPACTION_ATTEMPTS} times when a
   * concurrent delete or replace removed files it was packing.
   */
  public Compacted compact(TableDef t, String where) {
    return Conflicts.retry(COMPACTION_ATTEMPTS, "compacting " + t.fullName(), () -> {
      var optimize = lake.delta(t).optimize();
      Row metrics = (where == null ? optimize : optimize.where(where)).executeCompaction()
          .select("metrics.numFilesRemoved", "metrics.numFilesAdded").first();
      return new Compacted(metrics.getLong(0), metrics.getLong(1));
    });
  }

  /** Writes a checkpoint of {@code t}'s newest version unless it has one: its version, else -1. */
  public long checkpoint(TableDef t) {
    DeltaLog log = log(t);
    Snapshot s = newest(log);
    if (s.checkpointProvider().version() == s.version()) return -1;
    log.checkpoint(s, Option.empty());
    return s.version();
  }

  /**
   * Deletes the files of {@code t} that no version of the last {@code retentionHours} hours refers to,
   * and files never committed that are older than that (a failed write's): how many. Delta's own
   * check refuses a retention below the table's delta.deletedFileRetentionDuration (7 days unless set):
   * an IllegalArgumentException naming maintain.vacuum.retention.hours.
   */
  public long vacuum(TableDef t, int retentionHours) {
    try {
      // Delta prints "Deleted N files and directories..." on Scala's console, which is the command's result stream.
      scala.Console$.MODULE$.withOut(java.io.OutputStream.nullOutputStream(), (scala.Function0<Object>) () ->
          lake.delta(t).vacuum(retentionHours));
    } catch (IllegalArgumentException e) { // Delta's retention check; erase turns it off for its retention of 0
      throw new IllegalArgumentException(Settings.MAINTAIN_RETENTION_HOURS.key() + "=" + retentionHours + " is below the "
          + "delta.deletedFileRetentionDuration of " + t.fullName() + ", and Delta refuses it: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    // VACUUM END's metrics: the session logs vacuums in the table's history (LakeSessions).
    List<Row> end = lake.delta(t).history(HISTORY_READ).where("operation = 'VACUUM END'").orderBy(
        org.apache.spark.sql.functions.col("version").desc()).select("operationMetrics").collectAsList();
    if (end.isEmpty()) throw new IllegalStateException("the vacuum of " + t.fullName() + " left no VACUUM END in its history");
    Map<String, String> metrics = end.get(0).getJavaMap(0);
    return Long.parseLong(metrics.getOrDefault("numDeletedFiles", "0"));
  }

  private DeltaLog log(TableDef t) { return DeltaLog.forTable(lake.spark(), lake.path(t)); }

  private static Snapshot newest(DeltaLog log) { return log.update(false, Option.empty(), Option.empty()); }
}
