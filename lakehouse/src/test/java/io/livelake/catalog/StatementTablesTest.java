package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The tables a SQL statement names, so that `sql` registers only those, and registering only some. */
class StatementTablesTest {
  private static Optional<List<TableDef>> named(String statement) {
    return StatementTables.named(TestSpark.session(), statement);
  }

  @Test
  void aQueryNamesTheLakeTablesInItsJoinsSubqueriesAndCtes() {
    assertEquals(Optional.of(List.of(Tables.DIM_SESSIONS, Tables.REALTIME_KPIS)), named(
        "SELECT s.anchor_id, k.gmv FROM gold.realtime_kpis k JOIN silver.dim_sessions s USING (session_id) "
            + "WHERE k.gmv > (SELECT avg(gmv) FROM gold.realtime_kpis)"));
    assertEquals(Optional.of(List.of(Tables.DIM_PRODUCTS, Tables.INGEST_BATCHES, Tables.INDICATOR_WEIGHTS)), named(
        "WITH w AS (SELECT * FROM `Gold`.Indicator_Weights) SELECT * FROM w "
            + "WHERE EXISTS (SELECT 1 FROM spark_catalog.ops.ingest_batches) "
            + "AND name IN (SELECT category FROM silver.dim_products)"));
    assertEquals(Optional.of(List.of()), named("SELECT 1"));
    assertEquals(Optional.of(List.of()), named("SELECT * FROM gold.nothing_here JOIN realtime_kpis"),
        "a name that is no lake table is left to the analyzer to report");
    assertEquals(Optional.of(List.of()), named("SELECT * FROM delta.`/tmp/some/table`"));
    assertEquals(Optional.of(List.of()), named("SELEC 1"), "running it reports the syntax error");
  }

  @Test
  void statementsNamingTablesOutsideAQueryNeedEveryTable() {
    for (String s : List.of("SHOW TABLES IN silver", "SHOW DATABASES", "DESCRIBE TABLE silver.events_obt",
        "EXPLAIN SELECT * FROM gold.realtime_kpis", "INSERT INTO gold.realtime_kpis SELECT * FROM gold.realtime_kpis",
        "SELECT * FROM table_changes('gold.realtime_kpis', 0)", "SELECT * FROM IDENTIFIER('gold.realtime_kpis')",
        "DESCRIBE HISTORY gold.realtime_kpis")) {
      assertEquals(Optional.empty(), named(s), s);
    }
  }

  @Test
  void onlyTheGivenTablesThatExistAreRegistered() throws Exception {
    Lake lake = TestSpark.newLake("register-some");
    SparkSession spark = lake.spark();
    TableDef a = table("registered_a");
    TableDef b = table("registered_b");
    TableDef none = table("registered_none");
    for (TableDef t : List.of(a, b)) spark.range(3).toDF("n").write().format("delta").save(lake.path(t));
    // A log directory without a commit (a creation that failed) is no table.
    Files.createDirectories(Path.of(java.net.URI.create(lake.path(none) + "/_delta_log")));
    assertTrue(lake.exists(a));
    assertFalse(lake.exists(none));

    lake.registerExisting(List.of(a, none));
    assertTrue(spark.catalog().tableExists("ops.registered_a"));
    assertFalse(spark.catalog().tableExists("ops.registered_b"));
    assertFalse(spark.catalog().tableExists("ops.registered_none"));
    assertEquals(3, spark.table("ops.registered_a").count());
  }

  private static TableDef table(String name) {
    return TableDef.builder(Tables.OPS, name, "A test table.").col("n", DataTypes.LongType, "A number.").build();
  }
}
