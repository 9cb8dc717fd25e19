package io.livelake.catalog;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
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
    List<Column> cols = new ArrayList<>();
    List<String> compared = new ArrayList<>();
    for (StructField f : t.schema().fields()) {
      cols.add(col(f.name()).cast(f.dataType()).alias(f.name()));
      if (!f.name().equals(stampColumn)) compared.add(f.name());
    }
    Dataset<Row> source = rows.select(cols.toArray(Column[]::new));
    Dataset<Row> target = lake.read(t);
    Dataset<Row> changed = source.join(target, equal(source, target, compared), "left_anti").withColumn("_delete", lit(false));
    if (deleteKeys != null) {
      Dataset<Row> keysOnly = deleteKeys.select(keys.stream().map(org.apache.spark.sql.functions::col)
          .toArray(Column[]::new)).distinct();
      Dataset<Row> gone = keysOnly
          .join(source, equal(keysOnly, source, keys), "left_anti")
          .join(target, equal(keysOnly, target, keys), "left_semi")
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

  private static Column equal(Dataset<Row> left, Dataset<Row> right, List<String> columns) {
    Column on = lit(true);
    for (String c : columns) on = on.and(left.col(c).eqNullSafe(right.col(c)));
    return on;
  }
}
