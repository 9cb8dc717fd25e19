package io.livelake.ml;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** How the ML jobs write their gold tables: in the table's own column order, creating it when missing. */
public final class LakeWrites {
  private LakeWrites() {}

  /** Rows built in the driver, as a Dataset with the table's schema. */
  public static Dataset<Row> rows(Lake lake, TableDef t, List<Row> rows) {
    return lake.spark().createDataFrame(rows, t.schema());
  }

  /** Replaces the rows matching {@code condition} (e.g. one model version) by {@code rows}, keeping the rest. */
  public static void replace(Lake lake, TableDef t, Dataset<Row> rows, String condition) {
    lake.ensure(t);
    aligned(t, rows).write().format("delta").mode("overwrite").option("replaceWhere", condition).save(lake.path(t));
  }

  /** Replaces the whole content of the table. */
  public static void overwrite(Lake lake, TableDef t, Dataset<Row> rows) {
    lake.ensure(t);
    aligned(t, rows).write().format("delta").mode("overwrite").save(lake.path(t));
  }

  /** Adds rows to the table. */
  public static void append(Lake lake, TableDef t, Dataset<Row> rows) {
    lake.ensure(t);
    aligned(t, rows).write().format("delta").mode("append").save(lake.path(t));
  }

  /** The rows with exactly the table's columns, in its order. */
  public static Dataset<Row> aligned(TableDef t, Dataset<Row> rows) {
    return rows.selectExpr(java.util.Arrays.stream(t.schema().fieldNames()).map(n -> "`" + n + "`").toArray(String[]::new));
  }
}
