package io.livelake.catalog;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Keyed MERGE that touches a row only when one of its values really changes, so rewriting the same
 * result twice leaves a table (its rows, their time stamps, even its Delta history) as it was.
 */
public final class Upsert {
  private Upsert() {}

  /** Rows inserted, updated and deleted by one {@link #apply}. */
  public record Counts(long inserted, long updated, long deleted) {
    public long written() { return inserted + updated + deleted; }
  }

  /**
   * Merges {@code rows} (the table's columns) into {@code t} by {@code keys} (null-safe: a null key
   * is a value like any other): new keys are inserted, existing ones updated when any column other
   * than {@code stampColumn} differs, and the keys in {@code deleteKeys} (may be null) that have no
   * row in {@code rows} are deleted. One transaction, and none at all when nothing differs.
   */
  public static Counts apply(Lake lake, TableDef t, Dataset<Row> rows, List<String> keys, Dataset<Row> deleteKeys,
      String stampColumn) {
    List<String> compared = new ArrayList<>();
    for (String c : t.schema().fieldNames()) {
      if (!c.equals(stampColumn)) compared.add(c);
    }
    Dataset<Row> source = t.conform(rows);
    Dataset<Row> target = lake.read(t);
    if (target.isEmpty()) {
      // A first build: nothing to compare with or delete, and an append costs a fraction of a MERGE.
      Dataset<Row> all = source.localCheckpoint();
      long n = all.count();
      if (n > 0) all.write().format("delta").mode("append").save(lake.path(t));
      return new Counts(n, 0, 0);
    }
    // Joined by the keys only, the other columns compared in a filter: a join on every column makes
    // Spark shuffle and sort by all of them (seconds of generated code for a wide table).
    List<Column> oldCols = new ArrayList<>(List.of(lit(true).alias(OLD)));
    for (String n : t.schema().fieldNames()) oldCols.add(col(n).alias(OLD + n));
    Dataset<Row> old = target.select(oldCols.toArray(Column[]::new));
    Column same = old.col(OLD).isNotNull();
    for (String c : compared) same = same.and(source.col(c).eqNullSafe(old.col(OLD + c)));
    Dataset<Row> changed = source.join(old, equal(source, old, keys, OLD), "left").where(not(same))
        .select(Arrays.stream(source.columns()).map(source::col).toArray(Column[]::new))
        .withColumn("_delete", lit(false));
    if (deleteKeys != null) {
      Dataset<Row> keysOnly = deleteKeys.select(keys.stream().map(org.apache.spark.sql.functions::col)
          .toArray(Column[]::new)).distinct();
      Dataset<Row> gone = keysOnly
          .join(source, equal(keysOnly, source, keys, ""), "left_anti")
          .join(target, equal(keysOnly, target, keys, ""), "left_semi")
          .withColumn("_delete", lit(true));
      changed = changed.unionByName(gone, true);
    }
    Dataset<Row> diff = changed.localCheckpoint();
    if (diff.isEmpty()) return new Counts(0, 0, 0);
    StringBuilder on = new StringBuilder();
    Map<String, String> assign = new LinkedHashMap<>();
    for (StructField f : t.schema().fields()) {
      String c = "`" + f.name() + "`";
      assign.put(c, "s." + c);
      if (keys.contains(f.name())) on.append(on.isEmpty() ? "" : " AND ").append("t.").append(c).append(" <=> s.").append(c);
    }
    Row m = lake.delta(t).as("t").merge(diff.as("s"), on.toString())
        .whenMatched("s._delete").delete()
        .whenMatched().updateExpr(assign)
        .whenNotMatched("NOT s._delete").insertExpr(assign)
        .execute().first();
    return new Counts(m.getAs("num_inserted_rows"), m.getAs("num_updated_rows"), m.getAs("num_deleted_rows"));
  }

  /** Prefix of the target's columns beside the source's. */
  private static final String OLD = "_old_";

  /** Null-safe equality of {@code columns} of {@code left} and the same columns, named with {@code prefix}, of {@code right}. */
  private static Column equal(Dataset<Row> left, Dataset<Row> right, List<String> columns, String prefix) {
    Column on = lit(true);
    for (String c : columns) on = on.and(left.col(c).eqNullSafe(right.col(prefix + c)));
    return on;
  }
}
