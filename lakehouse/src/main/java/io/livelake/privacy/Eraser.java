package io.livelake.privacy;

import static org.apache.spark.sql.functions.*;

import io.livelake.LiveLakeVersion;
import io.livelake.catalog.Conflicts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.Maintenance;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.catalog.WriteGate;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Erases one person from every table of the lake (the right to erasure of paper 002): rows whose
 * user_id is the person's pseudonym, and raw records whose payload carries it (bronze keeps such a record's
 * source coordinates, its payload emptied, so that no recovery reads it from the source again). Delta keeps the old
 * files for time travel until they are vacuumed, which the erasure does on request. Each erasure
 * leaves one row in ops.erasure_log, which the ingestion reads to keep out what arrives of the person later
 * ({@link ErasedPeople}). It runs between an ingestion's batches ({@link WriteGate}).
 */
public final class Eraser {
  /** VACUUM retention of an erasure: any longer and the files of the versions before it keep the rows. */
  static final int VACUUM_RETENTION_HOURS = 0;

  /** Attempts of a table's delete that meets a concurrent commit (a retraction or compaction beside it). */
  static final int ATTEMPTS = 10;

  private final Lake lake;
  private final Runnable whileWaiting;

  public Eraser(Lake lake) { this(lake, () -> { }); }

  /** An eraser that runs {@code whileWaiting} once if it waits for the running batches of an ingestion to end. */
  public Eraser(Lake lake, Runnable whileWaiting) {
    this.lake = lake;
    this.whileWaiting = whileWaiting;
  }

  /** What one erasure did, as ops.erasure_log records it. */
  public record Result(String erasureId, String pseudonym, Map<String, Long> rowsRemoved, boolean vacuumed,
      Map<String, Long> tableVersions) {
    /** Tables that held rows of the person, in catalog order. */
    public List<String> tablesWithRows() {
      return rowsRemoved.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    }
  }

  /**
   * Rows of {@code t} held about the person: user_id equal to the pseudonym, or a raw payload carrying
   * it. Null when {@code t} has neither column, so it cannot hold the person's rows.
   */
  public static Column heldAbout(TableDef t, String pseudonym) {
    List<String> cols = List.of(t.schema().fieldNames());
    Column mine = null;
    if (cols.contains("user_id")) mine = col("user_id").equalTo(pseudonym);
    if (cols.contains("payload")) {
      // No closing quote: a truncated (malformed) record may end right after the id.
      Column inPayload = col("payload").contains("\"" + pseudonym);
      mine = mine == null ? inPayload : mine.or(inPayload);
    }
    return mine;
  }

  /** Refuses anything but a pseudonym, so a raw id is never searched for, nor written to the log. */
  public static void requirePseudonym(String pseudonym) {
    if (!pseudonym.matches("p[0-9a-f]{24}")) {
      throw new IllegalArgumentException("not a LiveLake pseudonym: '" + pseudonym + "' (expected p and 24 hex digits)");
    }
  }

  /**
   * Deletes the person's rows from every table that can hold them, with {@code vacuum} also their old
   * data files, and appends the erasure's row to ops.erasure_log (also when the vacuum fails: the row
   * then says the files were not vacuumed).
   */
  public Result erase(String pseudonym, boolean vacuum) {
    requirePseudonym(pseudonym);
    // Between an ingestion's batches: its appends would make every delete below conflict, and a batch that read
    // the person's records before the erasure was logged would write them back after it.
    try (WriteGate.Pass alone = WriteGate.alone(lake.paths(), whileWaiting)) {
      return eraseAlone(pseudonym, vacuum);
    }
  }

  private Result eraseAlone(String pseudonym, boolean vacuum) {
    Map<String, Long> removed = new LinkedHashMap<>();
    List<TableDef> searched = new ArrayList<>();
    for (TableDef t : Tables.all()) {
      Column mine = heldAbout(t, pseudonym);
      if (mine == null || !lake.exists(t)) continue;
      searched.add(t);
      long n = Conflicts.retry(ATTEMPTS, "erasing from " + t.fullName(), () -> {
        long found = lake.read(t).where(mine).count();
        if (found > 0 && t.equals(Tables.EVENTS_RAW)) {
          // Emptied, not deleted: bronze's source coordinates are where a recovery resumes reading the source (after
          // the newest Kafka offset, past the files it holds), which would otherwise give the person's records back.
          lake.delta(t).update(mine, Map.of("payload", lit(null).cast("string")));
        } else if (found > 0) {
          lake.delta(t).delete(mine);
        }
        return found;
      });
      removed.put(t.fullName(), n);
    }
    boolean vacuumed = false;
    Exception vacuumFailure = null;
    if (vacuum) {
      try {
        // Every table searched, not only those with rows now: an earlier erasure without --vacuum, or a
        // job that rebuilt a user-keyed table, leaves the person's rows in files of older versions.
        vacuum(searched);
        vacuumed = true;
      } catch (Exception e) { // Spark's own exceptions are checked, yet thrown undeclared
        vacuumFailure = e;
      }
    }
    Map<String, Long> versions = new LinkedHashMap<>();
    for (TableDef t : searched) versions.put(t.fullName(), lake.delta(t).history(1).select("version").first().getLong(0));
    Result r = new Result(UUID.randomUUID().toString(), pseudonym, removed, vacuumed, versions);
    log(r);
    if (vacuumFailure instanceof RuntimeException e) throw e;
    if (vacuumFailure != null) throw new IllegalStateException("vacuum failed: " + vacuumFailure.getMessage(), vacuumFailure);
    return r;
  }

  /**
   * Physically removes rows deleted so far: rewrites the files whose rows were only marked deleted
   * (deletion vectors), then removes files no longer in the tables' current versions (ends time
   * travel to before now).
   */
  private void vacuum(List<TableDef> tables) {
    // Delta's retention check off for the erasure's own vacuums only: the session may run other ones.
    String check = "spark.databricks.delta.retentionDurationCheck.enabled";
    String before = lake.spark().conf().get(check, "true");
    lake.spark().conf().set(check, "false");
    Maintenance maintenance = new Maintenance(lake);
    try {
      for (TableDef t : tables) {
        lake.spark().sql("REORG TABLE delta.`" + lake.path(t) + "` APPLY (PURGE)");
        maintenance.vacuum(t, VACUUM_RETENTION_HOURS);
      }
    } finally {
      lake.spark().conf().set(check, before);
    }
  }

  private void log(Result r) {
    lake.ensure(Tables.ERASURE_LOG);
    Row row = RowFactory.create(r.erasureId(), r.pseudonym(), new Timestamp(System.currentTimeMillis()),
        r.rowsRemoved().keySet().toArray(String[]::new), scala.jdk.javaapi.CollectionConverters.asScala(r.rowsRemoved()),
        r.vacuumed(), r.vacuumed() ? VACUUM_RETENTION_HOURS : null,
        scala.jdk.javaapi.CollectionConverters.asScala(r.tableVersions()), LiveLakeVersion.NUMBER);
    lake.spark().createDataFrame(List.of(row), Tables.ERASURE_LOG.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.ERASURE_LOG));
  }
}
