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

  @Test
  void aStatisticsColumnOutsideTheSchemaIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableDef.builder("gold", "t", "A table.").col("a", org.apache.spark.sql.types.DataTypes.StringType, "A.")
            .statsOn("b").build());
    assertEquals("gold.t: statistics column b is not in the schema", e.getMessage());
  }
}
