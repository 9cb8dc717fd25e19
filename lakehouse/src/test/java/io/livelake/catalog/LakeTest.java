package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Table creation: Delta statistics only on the columns queries filter on, for new and older tables. */
class LakeTest {
  private static final String STATS = "delta.dataSkippingStatsColumns";

  private static Map<String, String> properties(Lake lake, TableDef t) {
    return lake.delta(t).detail().select("properties").first().getJavaMap(0);
  }

  @Test
  void writesKeepStatisticsOnlyOnTheNamedColumnsAndOlderTablesAreNarrowed() throws Exception {
    Lake lake = TestSpark.newLake("catalog");
    lake.ensure(Tables.QUARANTINE);
    assertEquals("reason,event_type,event_time,user_id,session_id,ingest_batch_id",
        properties(lake, Tables.QUARANTINE).get(STATS));

    Object[] values = new Object[Tables.QUARANTINE.schema().size()];
    values[Tables.QUARANTINE.schema().fieldIndex("reason")] = "late";
    values[Tables.QUARANTINE.schema().fieldIndex("payload")] = "{}";
    lake.spark().createDataFrame(List.of(RowFactory.create(values)), Tables.QUARANTINE.schema())
        .write().format("delta").mode("append").save(lake.path(Tables.QUARANTINE));
    List<String> indexed = new ArrayList<>();
    for (Row r : lake.spark().read().json(lake.path(Tables.QUARANTINE) + "/_delta_log/*.json")
        .where("add IS NOT NULL").select("add.stats").collectAsList()) {
      new ObjectMapper().readTree(r.getString(0)).get("nullCount").fieldNames().forEachRemaining(indexed::add);
    }
    assertEquals(List.of("reason", "event_type", "event_time", "user_id", "session_id", "ingest_batch_id"), indexed);

    // A table an earlier version made, with statistics on its first 32 columns, is narrowed.
    lake.spark().sql("ALTER TABLE delta.`" + lake.path(Tables.QUARANTINE) + "` UNSET TBLPROPERTIES ('" + STATS + "')");
    assertNull(properties(lake, Tables.QUARANTINE).get(STATS));
    lake.ensure(Tables.QUARANTINE);
    assertEquals("reason,event_type,event_time,user_id,session_id,ingest_batch_id",
        properties(lake, Tables.QUARANTINE).get(STATS));
  }

  /** A table an earlier version made gains the columns added since, and the comments (its own too) that changed. */
  @Test
  void anOlderTableGainsNewColumnsAndCommentsKeepingItsRows() {
    Lake lake = TestSpark.newLake("evolve");
    TableDef before = TableDef.builder(Tables.GOLD, "evolving", "A table.")
        .col("id", org.apache.spark.sql.types.DataTypes.StringType, "Old words.")
        .col("at", org.apache.spark.sql.types.DataTypes.TimestampType, "When.").build();
    TableDef after = TableDef.builder(Tables.GOLD, "evolving", "A table's \\newer 'words'.")
        .col("id", org.apache.spark.sql.types.DataTypes.StringType, "The id's new 'quoted' words.")
        .col("why", org.apache.spark.sql.types.DataTypes.StringType, "Added later.")
        .col("at", org.apache.spark.sql.types.DataTypes.TimestampType, "When.").build();
    lake.ensure(before);
    lake.spark().createDataFrame(List.of(RowFactory.create("a", null)), before.schema())
        .write().format("delta").mode("append").save(lake.path(before));
    lake.ensure(after);
    Map<String, String> comments = new java.util.TreeMap<>();
    for (var f : lake.read(after).schema().fields()) comments.put(f.name(), f.getComment().getOrElse(() -> null));
    assertEquals(Map.of("id", "The id's new 'quoted' words.", "why", "Added later.", "at", "When."), comments);
    assertEquals("A table's \\newer 'words'.", lake.delta(after).detail().first().getAs("description"));
    assertNull(properties(lake, after).get("comment"), "the description, not a property named comment");
    Row old = lake.read(after).first();
    assertEquals("a", old.getAs("id"));
    assertTrue(old.isNullAt(old.fieldIndex("why")));
    // Written in the new definition's order, rows land by name.
    lake.spark().createDataFrame(List.of(RowFactory.create("b", "new", null)), after.schema())
        .write().format("delta").mode("append").save(lake.path(after));
    assertEquals("new", lake.read(after).where("id = 'b'").first().getAs("why"));
    long version = lake.delta(after).history(1).first().getLong(0);
    lake.ensure(after);
    assertEquals(version, lake.delta(after).history(1).first().getLong(0), "an up-to-date table is not altered");
  }

  @Test
  void aStatisticsColumnOutsideTheSchemaIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableDef.builder("gold", "t", "A table.").col("a", org.apache.spark.sql.types.DataTypes.StringType, "A.")
            .statsOn("b").build());
    assertEquals("gold.t: statistics column b is not in the schema", e.getMessage());
  }

  @Test
  void streamTablesAreCheckpointedOnlyWhenAskedAndOnlyWhenDue() throws Exception {
    Lake lake = TestSpark.newLake("checkpoints");
    TableDef t = TableDef.builder("ops", "counter", "A stream's table.")
        .col("n", org.apache.spark.sql.types.DataTypes.LongType, "A number.")
        .checkpointBesideStream(5).build();
    lake.ensure(t);
    for (int i = 1; i <= 12; i++) append(lake, t, i);
    // Twelve commits and no checkpoint: Delta's own every 10 is off, and 5 is the ingestion's to write.
    assertEquals(List.of(), checkpoints(lake, t));
    assertEquals(12, lake.checkpointIfDue(t, -1));
    assertEquals(-1, lake.checkpointIfDue(t, 12));
    for (int i = 13; i <= 16; i++) append(lake, t, i);
    assertEquals(-1, lake.checkpointIfDue(t, 12), "4 commits past the last checkpoint");
    append(lake, t, 17);
    assertEquals(17, lake.checkpointIfDue(t, 12));
    assertEquals(List.of(12L, 17L), checkpoints(lake, t));
    assertEquals(17 * 18 / 2, lake.read(t).selectExpr("sum(n)").first().getLong(0));
    assertEquals(String.valueOf(Integer.MAX_VALUE), properties(lake, t).get("delta.checkpointInterval"));
  }

  private static void append(Lake lake, TableDef t, long n) {
    lake.spark().range(n, n + 1).toDF("n").write().format("delta").mode("append").save(lake.path(t));
  }

  private static List<Long> checkpoints(Lake lake, TableDef t) throws Exception {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(java.net.URI.create(lake.path(t) + "/_delta_log")))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".checkpoint.parquet"))
          .map(n -> Long.parseLong(n.substring(0, 20))).sorted().toList();
    }
  }
}
