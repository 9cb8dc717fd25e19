package io.livelake.catalog;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One lake table: database, name, schema with column comments, partitioning, a description, the
 * columns Delta keeps statistics on (empty: Delta's default, the first 32 columns) and the commits
 * between two Delta checkpoints that the ingestion writes beside the stream (0: none; Delta's own,
 * every 10 commits by the committing write).
 */
public record TableDef(String database, String name, StructType schema, List<String> partitionBy, String comment,
    List<String> statsColumns, int checkpointInterval) {
  /**
   * Delta's checkpoint interval on the tables checkpointed beside the stream: so large that no commit
   * ever writes one itself.
   */
  static final int COMMITS_NEVER_CHECKPOINT = Integer.MAX_VALUE;

  public TableDef {
    for (String c : statsColumns) {
      if (!List.of(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException(database + "." + name + ": statistics column " + c + " is not in the schema");
      }
    }
  }

  /** The Delta table properties this definition sets. */
  public Map<String, String> deltaProperties() {
    Map<String, String> p = new TreeMap<>();
    if (!statsColumns.isEmpty()) p.put("delta.dataSkippingStatsColumns", String.join(",", statsColumns));
    if (checkpointInterval > 0) p.put("delta.checkpointInterval", Integer.toString(COMMITS_NEVER_CHECKPOINT));
    return p;
  }

  /** {@code rows} as exactly this table's columns, in its order, each cast to its type. */
  public Dataset<Row> conform(Dataset<Row> rows) {
    StructField[] fields = schema.fields();
    Column[] cols = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) cols[i] = col(fields[i].name()).cast(fields[i].dataType()).alias(fields[i].name());
    return rows.select(cols);
  }

  /** database.name, as BI tools and {@code livelake sql} use it. */
  public String fullName() { return database + "." + name; }

  /** Starts a table definition. */
  public static Builder builder(String database, String name, String comment) {
    return new Builder(database, name, comment);
  }

  /** Collects columns one by one so each carries its comment next to its type. */
  public static final class Builder {
    private final String database;
    private final String name;
    private final String comment;
    private StructType schema = new StructType();
    private List<String> partitionBy = List.of();
    private List<String> statsColumns = List.of();
    private int checkpointInterval;

    private Builder(String database, String name, String comment) {
      this.database = database;
      this.name = name;
      this.comment = comment;
    }

    public Builder col(String column, org.apache.spark.sql.types.DataType type, String doc) {
      schema = schema.add(new StructField(column, type, true,
          org.apache.spark.sql.types.Metadata.empty()).withComment(doc));
      return this;
    }

    /** Adds every field of {@code fields}, keeping their comments. */
    public Builder cols(StructType fields) {
      for (StructField f : fields.fields()) schema = schema.add(f);
      return this;
    }

    public Builder partitionBy(String... columns) {
      partitionBy = List.of(columns);
      return this;
    }

    /**
     * The columns queries filter on: Delta keeps min/max statistics on these only, to skip files. On
     * a wide table of events that saves most of the cost of collecting statistics at every write.
     */
    public Builder statsOn(String... columns) {
      statsColumns = List.of(columns);
      return this;
    }

    /**
     * For the tables the stream commits to once per micro-batch: a Delta checkpoint every
     * {@code commits} commits, written by the ingestion beside the stream, never by a commit. Delta
     * writes a checkpoint inside the commit that reaches the interval, and replaying the log for it
     * took seconds that the batch (and the batches queued behind it) waited for; with Delta's default
     * of 10, every tenth batch wrote five at once. Readers replay at most about this many small
     * commit files.
     */
    public Builder checkpointBesideStream(int commits) {
      checkpointInterval = commits;
      return this;
    }

    public TableDef build() {
      return new TableDef(database, name, schema, partitionBy, comment, statsColumns, checkpointInterval);
    }
  }
}
