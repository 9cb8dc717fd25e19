package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;
import static org.apache.spark.sql.functions.col;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

@IntegrationTest
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
  void erasesThePersonFromEveryTableAndNothingElseAndLogsOneRowPerErasure() {
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
    insert(lake, Tables.USER_STICKINESS, List.of(
        row(Tables.USER_STICKINESS, Map.of("user_id", ALICE, "purchases", 3L)),
        row(Tables.USER_STICKINESS, Map.of("user_id", BOB, "purchases", 1L))));
    insert(lake, Tables.RECOMMENDATIONS, List.of(row(Tables.RECOMMENDATIONS, Map.of("user_id", BOB, "rank", 1))));
    insert(lake, Tables.ALS_USER_FACTORS, List.of(row(Tables.ALS_USER_FACTORS, Map.of("user_id", ALICE))));
    insert(lake, Tables.LIVE_RECOMMENDATIONS, List.of(
        row(Tables.LIVE_RECOMMENDATIONS, Map.of("session_id", "s1", "user_id", ALICE, "rank", 1)),
        row(Tables.LIVE_RECOMMENDATIONS, Map.of("session_id", "s1", "user_id", BOB, "rank", 1))));

    Eraser.Result r = new Eraser(lake).erase(ALICE, false);

    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("bronze.events_raw", 2L);
    expected.put("bronze.quarantine", 2L);
    expected.put("silver.events_obt", 2L);
    expected.put("gold.user_stickiness", 1L);
    expected.put("gold.recommendations", 0L);
    expected.put("gold.als_user_factors", 1L);
    expected.put("gold.live_recommendations", 1L);
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(r.rowsRemoved().entrySet()), "every table searched, in catalog order");
    assertEquals(List.of("bronze.events_raw", "bronze.quarantine", "silver.events_obt", "gold.user_stickiness",
        "gold.als_user_factors", "gold.live_recommendations"), r.tablesWithRows());
    assertEquals(List.of("e2"), lake.read(Tables.EVENTS_OBT).select("event_id").as(Encoders.STRING()).collectAsList());
    // Bronze keeps the erased records' places in the source (where a recovery resumes), their payload emptied.
    assertEquals(List.of("{\"user_id\":\"" + BOB + "\"}"), lake.read(Tables.EVENTS_RAW).where(col("payload").isNotNull())
        .select("payload").as(Encoders.STRING()).collectAsList());
    assertEquals(2, lake.read(Tables.EVENTS_RAW).where(col("payload").isNull()).count());
    assertEquals(BOB, lake.read(Tables.QUARANTINE).first().getAs("user_id"));
    assertEquals(List.of(BOB), lake.read(Tables.USER_STICKINESS).select("user_id").as(Encoders.STRING()).collectAsList());
    assertEquals(1, lake.read(Tables.RECOMMENDATIONS).count());
    assertEquals(0, lake.read(Tables.ALS_USER_FACTORS).count());
    assertEquals(List.of(BOB), lake.read(Tables.LIVE_RECOMMENDATIONS).select("user_id").as(Encoders.STRING()).collectAsList());

    List<Row> log = lake.read(Tables.ERASURE_LOG).collectAsList();
    assertEquals(1, log.size(), "one row per erasure");
    Row entry = log.get(0);
    assertEquals(r.erasureId(), entry.getAs("erasure_id"));
    assertTrue(r.erasureId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), r.erasureId());
    assertEquals(ALICE, entry.getAs("pseudonym"));
    assertEquals(List.copyOf(expected.keySet()), entry.getList(entry.fieldIndex("tables")));
    assertEquals(expected, entry.getJavaMap(entry.fieldIndex("rows_removed")));
    assertEquals(false, entry.getAs("vacuumed"));
    assertTrue(entry.isNullAt(entry.fieldIndex("retention_hours")));
    // Each table: created (0), filled (1), and the erasure's delete (2) where it had rows.
    assertEquals(Map.of("bronze.events_raw", 2L, "bronze.quarantine", 2L, "silver.events_obt", 2L,
        "gold.user_stickiness", 2L, "gold.recommendations", 1L, "gold.als_user_factors", 2L, "gold.live_recommendations", 2L),
        entry.getJavaMap(entry.fieldIndex("table_versions")));
    assertEquals("0.1.0", entry.getAs("livelake_version"));
    Timestamp at = entry.getAs("erased_at");
    assertTrue(Math.abs(at.getTime() - System.currentTimeMillis()) < 600_000, at.toString());

    Eraser.Result again = new Eraser(lake).erase(ALICE, false);
    assertEquals(List.of(), again.tablesWithRows(), "nothing left the second time");
    assertEquals(2, lake.read(Tables.ERASURE_LOG).count(), "the second erasure has its own row");
    assertEquals(Map.of("bronze.events_raw", 0L, "bronze.quarantine", 0L, "silver.events_obt", 0L,
        "gold.user_stickiness", 0L, "gold.recommendations", 0L, "gold.als_user_factors", 0L, "gold.live_recommendations", 0L),
        lake.read(Tables.ERASURE_LOG)
        .where(col("erasure_id").equalTo(again.erasureId())).select("rows_removed").first().getJavaMap(0));
    assertThrows(IllegalArgumentException.class, () -> new Eraser(lake).erase("u0000042", false));
    assertEquals(2, lake.read(Tables.ERASURE_LOG).count(), "a refused erasure logs nothing");
  }

  @Test
  void vacuumLeavesNoDataFileHoldingThePerson() {
    Lake lake = TestSpark.newLake("erase-vacuum");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(row(Tables.EVENTS_OBT, Map.of("event_id", "e" + i, "user_id", i % 4 == 0 ? ALICE : BOB)));
    }
    insert(lake, Tables.EVENTS_OBT, rows);
    new Eraser(lake).erase(ALICE, false);
    // Deletes only mark the rows (deletion vectors); the data files, and the change feed's files, still
    // hold them until the vacuum.
    assertTrue(parquetRowsOf(lake, ALICE) >= 5);

    // Nothing left to delete, yet the vacuum still removes what the first erasure left in old files.
    Eraser.Result r = new Eraser(lake).erase(ALICE, true);

    assertEquals(Map.of("silver.events_obt", 0L), r.rowsRemoved());
    assertTrue(r.vacuumed());
    assertEquals(0, parquetRowsOf(lake, ALICE));
    assertEquals(15, parquetRowsOf(lake, BOB));
    assertEquals(15, lake.read(Tables.EVENTS_OBT).count());
    Row entry = lake.read(Tables.ERASURE_LOG).where(col("erasure_id").equalTo(r.erasureId())).first();
    assertEquals(true, entry.getAs("vacuumed"));
    assertEquals(0, entry.<Integer>getAs("retention_hours"));
  }

  /** Rows of the person in any Parquet file under the table (data and change feed), read past the Delta log. */
  private static long parquetRowsOf(Lake lake, String pseudonym) {
    return lake.spark().read().option("recursiveFileLookup", "true").option("pathGlobFilter", "*.parquet")
        .parquet(lake.path(Tables.EVENTS_OBT)).where(col("user_id").equalTo(pseudonym))
        .count();
  }
}
