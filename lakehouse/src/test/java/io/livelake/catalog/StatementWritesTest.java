package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Telling the statements that would change the lake from those that only read, before any runs. */
class StatementWritesTest {
  private static final TableDef TABLE = TableDef.builder(Tables.OPS, "statement_writes", "A test table.")
      .col("n", DataTypes.LongType, "A number.").build();
  private static SparkSession spark;

  @BeforeAll
  static void table() {
    Lake lake = TestSpark.newLake("statement-writes");
    spark = lake.spark();
    // Two versions, so that RESTORE to the first would change the table (to its own version it resolves to nothing).
    spark.range(2).toDF("n").write().format("delta").save(lake.path(TABLE));
    spark.range(2, 3).toDF("n").write().format("delta").mode("append").save(lake.path(TABLE));
    lake.registerExisting(List.of(TABLE));
  }

  @Test
  void queriesAndStatementsThatOnlyReadRun() {
    for (String s : List.of("SELECT * FROM ops.statement_writes",
        "WITH w AS (SELECT n FROM ops.statement_writes) SELECT count(*) FROM w WHERE n IN (SELECT n FROM w)",
        "SELECT 1", "VALUES (1), (2)", "SHOW TABLES IN ops", "SHOW DATABASES", "SHOW COLUMNS IN ops.statement_writes",
        "SHOW TBLPROPERTIES ops.statement_writes", "DESCRIBE TABLE ops.statement_writes", "DESCRIBE DATABASE ops",
        "DESCRIBE HISTORY ops.statement_writes", "DESCRIBE DETAIL ops.statement_writes",
        "EXPLAIN DELETE FROM ops.statement_writes", "SET spark.sql.shuffle.partitions", "USE ops",
        "SELEC 1", "SELECT * FROM ops.nothing_here")) {
      assertEquals(Optional.empty(), StatementWrites.writer(spark, s), s);
    }
    assertEquals(3, spark.table("ops.statement_writes").count(), "EXPLAIN ran nothing");
  }

  @Test
  void everyStatementThatWouldChangeTheLakeIsNamedBeforeItRuns() {
    Map<String, String> writers = Map.ofEntries(
        Map.entry("INSERT INTO ops.statement_writes VALUES (9)", "AppendData"),
        Map.entry("WITH x AS (SELECT 9L AS n) INSERT INTO ops.statement_writes SELECT * FROM x", "AppendData"),
        Map.entry("INSERT OVERWRITE ops.statement_writes SELECT 1L", "OverwriteByExpression"),
        Map.entry("DELETE FROM ops.statement_writes WHERE n = 1", "DeleteCommand"),
        Map.entry("UPDATE ops.statement_writes SET n = 0", "UpdateCommand"),
        Map.entry("MERGE INTO ops.statement_writes t USING (SELECT 1L AS n) s ON t.n = s.n WHEN MATCHED THEN DELETE",
            "MergeIntoCommand"),
        Map.entry("TRUNCATE TABLE ops.statement_writes", "TruncateTable"),
        Map.entry("DROP TABLE ops.statement_writes", "DropTable"),
        Map.entry("ALTER TABLE ops.statement_writes ADD COLUMN m INT", "AddColumns"),
        Map.entry("CREATE TABLE ops.copy USING delta AS SELECT * FROM ops.statement_writes", "CreateTableAsSelect"),
        Map.entry("OPTIMIZE ops.statement_writes", "OptimizeTableCommand"),
        Map.entry("VACUUM ops.statement_writes", "VacuumTableCommand"),
        Map.entry("RESTORE TABLE ops.statement_writes TO VERSION AS OF 0", "RestoreTableCommand"),
        Map.entry("CACHE TABLE ops.statement_writes", "CacheTable"),
        // Delta's own statements, some of which the parser gives as plain nodes and only analysis makes commands.
        Map.entry("CREATE TABLE ops.clone SHALLOW CLONE ops.statement_writes", "CreateDeltaTableCommand"),
        Map.entry("REORG TABLE ops.statement_writes APPLY (PURGE)", "DeltaReorgTableCommand"),
        Map.entry("CONVERT TO DELTA parquet.`/tmp/nothing-here`", "ConvertToDeltaCommand"),
        Map.entry("GENERATE symlink_format_manifest FOR TABLE ops.statement_writes", "DeltaGenerateCommand"));
    Map<String, String> told = new java.util.TreeMap<>();
    writers.keySet().forEach(s -> told.put(s, StatementWrites.writer(spark, s).orElse("(none)")));
    assertEquals(new java.util.TreeMap<>(writers), told);
    assertEquals(3, spark.table("ops.statement_writes").count(), "telling ran none of them");
  }

  @Test
  void aSqlScriptIsNotCheckedSoItIsAWriter() {
    String script = "BEGIN SELECT 1; DELETE FROM ops.statement_writes; END";
    assertEquals(Optional.empty(), StatementWrites.writer(spark, script), "no statement: running it fails to parse");
    spark.conf().set("spark.sql.scripting.enabled", "true");
    try {
      assertEquals(Optional.of("a SQL script, whose statements are not checked"), StatementWrites.writer(spark, script));
    } finally {
      spark.conf().unset("spark.sql.scripting.enabled");
    }
    assertEquals(3, spark.table("ops.statement_writes").count());
  }
}
