package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class EraserTest {
  private static final String ALICE = "p" + "a".repeat(24);
  private static final String BOB = "p" + "b".repeat(24);

  /** A row of {@code t} with only the given columns set. */
  private static Row row(TableDef t, Map<String, Object> values) {
    List<Object> v = new ArrayList<>();
    for (StructField f : t.schema().fields()) v.add(values.get(f.name()));
    return RowFactory.create(v.toArray());
  }

  private static void insert(Lake lake, TableDef t, List<Row> rows) {
    lake.ensure(t);
    lake.spark().createDataFrame(rows, t.schema()).write().format("delta").mode("append").save(lake.path(t));
  }

  @Test
  void erasesThePersonFromEveryTableAndNothingElse() {
    Lake lake = TestSpark.newLake("erase");
    insert(lake, Tables.EVENTS_OBT, List.of(
        row(Tables.EVENTS_OBT, Map.of("event_id", "e1", "user_id", ALICE)),
        row(Tables.EVENTS_OBT, Map.of("event_id", "e2", "user_id", BOB)),
        row(Tables.EVENTS_OBT, Map.of("event_id", "e3", "user_id", ALICE))));
    insert(lake, Tables.EVENTS_RAW, List.of(
        row(Tables.EVENTS_RAW, Map.of("payload", "{\"user_id\":\"" + ALICE + "\"}")),
        row(Tables.EVENTS_RAW, Map.of("payload", "{\"user_id\":\"" + BOB + "\"}")),
        row(Tables.EVENTS_RAW, Map.of("payload", "{not json \"user_id\":\"" + ALICE + "\""))));
    insert(lake, Tables.QUARANTINE, List.of(
        row(Tables.QUARANTINE, Map.of("reason", "late", "user_id", ALICE, "payload", "{}")),
        row(Tables.QUARANTINE, Map.of("reason", "malformed_json", "payload", "{\"user_id\":\"" + ALICE)),
        row(Tables.QUARANTINE, Map.of("reason", "late", "user_id", BOB, "payload", "{}"))));

    Map<String, Long> deleted = new Eraser(lake).erase(ALICE);

    assertEquals(Map.of("silver.events_obt", 2L, "bronze.events_raw", 2L, "bronze.quarantine", 2L), deleted);
    assertEquals(List.of("e2"), lake.read(Tables.EVENTS_OBT).select("event_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    assertEquals(1, lake.read(Tables.EVENTS_RAW).count());
    assertEquals(BOB, lake.read(Tables.QUARANTINE).first().getAs("user_id"));
    assertEquals(Map.of(), new Eraser(lake).erase(ALICE), "nothing left the second time");
    assertThrows(IllegalArgumentException.class, () -> new Eraser(lake).erase("u0000042"));
  }

  @Test
  void vacuumLeavesNoDataFileHoldingThePerson() {
    Lake lake = TestSpark.newLake("erase-vacuum");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(row(Tables.EVENTS_OBT, Map.of("event_id", "e" + i, "user_id", i % 4 == 0 ? ALICE : BOB)));
    }
    insert(lake, Tables.EVENTS_OBT, rows);
    new Eraser(lake).erase(ALICE);
    // Deletes only mark the rows (deletion vectors); the data files, and the change feed's files, still
    // hold them until the vacuum.
    assertTrue(parquetRowsOf(lake, ALICE) >= 5);

    new Eraser(lake).vacuum(List.of(Tables.EVENTS_OBT.fullName()));

    assertEquals(0, parquetRowsOf(lake, ALICE));
    assertEquals(15, parquetRowsOf(lake, BOB));
    assertEquals(15, lake.read(Tables.EVENTS_OBT).count());
  }

  /** Rows of the person in any Parquet file under the table (data and change feed), read past the Delta log. */
  private static long parquetRowsOf(Lake lake, String pseudonym) {
    return lake.spark().read().option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet")
        .parquet(lake.path(Tables.EVENTS_OBT)).where(org.apache.spark.sql.functions.col("user_id").equalTo(pseudonym))
        .count();
  }
}
