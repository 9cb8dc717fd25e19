package io.livelake.catalog;

import io.delta.tables.DeltaTable;
import io.livelake.spark.LakePaths;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The lake of one run: creates tables where they are missing and registers them in the session's catalog. */
public final class Lake {
  private final SparkSession spark;
  private final LakePaths paths;

  public Lake(SparkSession spark, LakePaths paths) {
    this.spark = spark;
    this.paths = paths;
  }

  public SparkSession spark() { return spark; }

  public LakePaths paths() { return paths; }

  public String path(TableDef t) { return paths.table(t.database(), t.name()); }

  /** Creates the table (empty, with its schema and comments) if it does not exist, and registers it. */
  public Lake ensure(TableDef t) {
    if (exists(t)) {
      register(t);
      return this;
    }
    spark.sql("CREATE DATABASE IF NOT EXISTS " + t.database());
    DeltaTable.createIfNotExists(spark)
        .tableName(t.fullName())
        .location(path(t))
        .addColumns(t.schema())
        .partitionedBy(t.partitionBy().toArray(String[]::new))
        .comment(t.comment())
        .execute();
    return this;
  }

  /** Ensures every table in {@code tables}. */
  public Lake ensure(List<TableDef> tables) {
    tables.forEach(this::ensure);
    return this;
  }

  /** Registers every table that exists in the lake under its database.name; the in-memory catalog starts empty. */
  public Lake registerExisting() {
    for (TableDef t : Tables.all()) {
      if (exists(t)) register(t);
    }
    return this;
  }

  public boolean exists(TableDef t) { return DeltaTable.isDeltaTable(spark, path(t)); }

  public Dataset<Row> read(TableDef t) { return spark.read().format("delta").load(path(t)); }

  public DeltaTable delta(TableDef t) { return DeltaTable.forPath(spark, path(t)); }

  private void register(TableDef t) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + t.database());
    spark.sql("CREATE TABLE IF NOT EXISTS " + t.fullName() + " USING delta LOCATION '" + path(t).replace("'", "\\'") + "'");
  }
}
