package io.livelake.catalog;

import io.delta.tables.DeltaTable;
import io.livelake.spark.LakePaths;
import io.livelake.spark.SqlLiterals;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import scala.Option;

/** The lake of one run: creates tables where they are missing and registers them in the session's catalog. */
public final class Lake {
  /** What each session's catalog names point at, so that a session opening another lake re-points them. */
  private static final Map<SparkSession, Map<String, String>> REGISTERED = new WeakHashMap<>();
  /** A commit (00000000000000000012.json) or a checkpoint (00000000000000000010.checkpoint[.*].parquet) of a Delta log. */
  private static final Pattern LOG_ENTRY = Pattern.compile("\\d{20}\\.(json|checkpoint\\..*)");

  /** Whether a file of a {@code _delta_log} directory is a commit or a checkpoint, i.e. makes the table exist. */
  public static boolean isLogEntry(String fileName) { return LOG_ENTRY.matcher(fileName).matches(); }

  private final SparkSession spark;
  private final LakePaths paths;

  public Lake(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  public SparkSession spark() { return spark; }

  public LakePaths paths() { return paths; }

  public String path(TableDef t) { return paths.table(t.database(), t.name()); }

  /** Creates the table (empty, with its schema and comments) at its path if missing, and registers it. */
  public Lake ensure(TableDef t) {
    Map<String, String> wanted = t.deltaProperties();
    if (!exists(t)) {
      String partitions = t.partitionBy().isEmpty() ? "" : " PARTITIONED BY (" + String.join(", ", t.partitionBy()) + ")";
      String properties = wanted.isEmpty() ? "" : " TBLPROPERTIES (" + propertyList(wanted) + ")";
      spark.sql("CREATE TABLE IF NOT EXISTS delta.`" + path(t) + "` (" + t.schema().toDDL() + ") USING delta"
          + partitions + " COMMENT " + SqlLiterals.string(t.comment()) + properties);
    } else {
      // Tables an earlier version made may lack a column or a property since added (e.g. the statistics
      // columns), or describe themselves in words the code has since changed.
      evolveColumns(t);
      // The snapshot evolveColumns brought up to date: DESCRIBE DETAIL would run a Spark job per table.
      var metadata = DeltaLog.forTable(spark, path(t)).unsafeVolatileSnapshot().metadata();
      Map<String, String> has = scala.jdk.javaapi.CollectionConverters.asJava(metadata.configuration());
      Map<String, String> missing = new TreeMap<>(wanted);
      missing.entrySet().removeIf(e -> e.getValue().equals(has.get(e.getKey())));
      // Delta keeps the table's comment as its description; 'comment' in SET TBLPROPERTIES rewrites it.
      if (!t.comment().equals(metadata.description())) missing.put("comment", t.comment());
      if (!missing.isEmpty()) setProperties(t, missing);
    }
    register(t);
    return this;
  }

  /**
   * Brings an existing table's columns up to {@code t}: adds, with their comments, the columns it lacks
   * (null in old rows) and rewrites the comments that changed, so `DESCRIBE` tells what the code does.
   */
  private void evolveColumns(TableDef t) {
    Map<String, StructField> has = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (StructField f : read(t).schema().fields()) has.put(f.name(), f);
    List<String> missing = new ArrayList<>();
    for (StructField f : t.schema().fields()) {
      StructField old = has.get(f.name());
      if (old == null) {
        missing.add(f.toDDL());
      } else if (f.getComment().isDefined() && !f.getComment().equals(old.getComment())) {
        spark.sql("ALTER TABLE delta.`" + path(t) + "` ALTER COLUMN `" + old.name() + "` COMMENT "
            + SqlLiterals.string(f.getComment().get()));
      }
    }
    if (!missing.isEmpty()) spark.sql("ALTER TABLE delta.`" + path(t) + "` ADD COLUMNS (" + String.join(", ", missing) + ")");
  }

  private static String propertyList(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> SqlLiterals.string(e.getKey()) + " = " + SqlLiterals.string(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** Ensures every table in {@code tables}. */
  public Lake ensure(List<TableDef> tables) {
    tables.forEach(this::ensure);
    return this;
  }

  /** Registers every table that exists in the lake under its database.name; the in-memory catalog starts empty. */
  public Lake registerExisting() { return registerExisting(Tables.all()); }

  /**
   * Registers those of {@code tables} that exist in the lake: a command that needs only a few (a SQL
   * query) spares the others' Delta logs, which registering reads.
   */
  public Lake registerExisting(List<TableDef> tables) {
    for (TableDef t : tables) {
      if (exists(t)) register(t);
    }
    return this;
  }

  /**
   * Whether the table exists: its Delta log holds a commit or a checkpoint. Decided by listing the log
   * directory, not by loading the log (DeltaTable.isDeltaTable: 1.0 to 1.2 s for the demo lake's 26
   * tables, bench/RESULTS.md).
   */
  public boolean exists(TableDef t) {
    Path log = new Path(path(t), "_delta_log");
    try {
      FileStatus[] files = log.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(log);
      return Arrays.stream(files).anyMatch(f -> isLogEntry(f.getPath().getName()));
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(t.fullName() + ": " + e.getMessage(), e);
    }
  }

  public Dataset<Row> read(TableDef t) { return spark.read().format("delta").load(path(t)); }

  /** The table's rows at its newest version, read from its Delta log without a Spark job ({@link DeltaLogCounts}). */
  public long rowsFromLog(TableDef t) throws DeltaLogCounts.Unreadable {
    try {
      return DeltaLogCounts.rows(spark.sparkContext().hadoopConfiguration(), path(t));
    } catch (IOException e) {
      throw new UncheckedIOException(t.fullName() + ": " + e.getMessage(), e);
    }
  }

  public DeltaTable delta(TableDef t) { return DeltaTable.forPath(spark, path(t)); }

  /** The newest committed version of {@code t}, from a listing of its log (no Spark job). */
  public long version(TableDef t) {
    return DeltaLog.forTable(spark, path(t)).update(false, Option.empty(), Option.empty()).version();
  }

  /** A Delta property of the existing table {@code t} as its newest version has it, or null when it has none. */
  public String property(TableDef t, String key) {
    return scala.jdk.javaapi.OptionConverters.toJava(DeltaLog.forTable(spark, path(t))
        .update(false, Option.empty(), Option.empty()).metadata().configuration().get(key)).orElse(null);
  }

  /** Sets Delta properties of the existing table {@code t} (one commit). */
  public void setProperties(TableDef t, Map<String, String> properties) {
    spark.sql("ALTER TABLE delta.`" + path(t) + "` SET TBLPROPERTIES (" + propertyList(properties) + ")");
  }

  /**
   * Writes a Delta checkpoint of {@code t} at the newest version this session knows (no listing of
   * its log) when that is at least {@link TableDef#checkpointInterval} commits past both
   * {@code lastWritten} and the checkpoint that version was read from.
   *
   * @return the version checkpointed, or -1 when none was due
   */
  public long checkpointIfDue(TableDef t, long lastWritten) {
    DeltaLog log = DeltaLog.forTable(spark, path(t));
    Snapshot s = log.unsafeVolatileSnapshot();
    // A snapshot built after a commit keeps the checkpoint its predecessor started from.
    long last = Math.max(s.checkpointProvider().version(), lastWritten);
    if (s.version() - last < t.checkpointInterval()) return -1;
    log.checkpoint(s, Option.empty());
    return s.version();
  }

  private void register(TableDef t) {
    Map<String, String> names;
    synchronized (REGISTERED) {
      names = REGISTERED.computeIfAbsent(spark, s -> new ConcurrentHashMap<>());
    }
    String where = path(t);
    if (where.equals(names.get(t.fullName()))) return;
    spark.sql("CREATE DATABASE IF NOT EXISTS " + t.database());
    if (names.containsKey(t.fullName())) {
      // The table is external (it has a location): dropping the name leaves the data alone.
      spark.sql("DROP TABLE IF EXISTS " + t.fullName());
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + t.fullName() + " USING delta LOCATION " + SqlLiterals.string(where));
    names.put(t.fullName(), where);
  }
}
