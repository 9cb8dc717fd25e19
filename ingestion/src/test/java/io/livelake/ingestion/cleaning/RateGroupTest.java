package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RateGroupTest {
  private static final long T = 1_793_491_200_000L; // a whole hour

  @Test
  void sparksBucketOfAnEventIsTheOneTheCleaningStateCounts() {
    StructType schema = new StructType().add("user_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
        .add("t", DataTypes.LongType);
    long[] times = {T, T + 59_999, T + 60_000, T + 3_599_999, T - 1};
    String[] types = {"product_click", "ad_click", "comment", "like", "login", "logout", "order_paid"};
    List<Row> rows = new ArrayList<>();
    List<String> heap = new ArrayList<>();
    for (String type : types) {
      for (long t : times) {
        rows.add(RowFactory.create("u|1", type, t));
        RateGroup g = RateGroup.of(type);
        heap.add(g == null ? null : CleaningStore.Bucket.key(g, "u|1", t) + " " + g.bucketStart(t) + " "
            + (g.bucketStart(t) + g.bucketMs()));
      }
    }
    List<String> spark = TestSpark.session().createDataFrame(rows, schema)
        .select(RateGroup.bucketKey(col("user_id"), col("event_type"), col("t")),
            RateGroup.bucketStart(col("event_type"), col("t")), RateGroup.bucketEnd(col("event_type"), col("t")))
        .collectAsList().stream().map(r -> r.isNullAt(0) ? null : r.getString(0) + " " + r.get(1) + " " + r.get(2))
        .toList();
    assertEquals(heap, spark);
    assertEquals("CLICKS|u|1|" + T, spark.get(1).split(" ")[0], "59,999 ms into the minute: still its bucket");
    assertEquals("CLICKS|u|1|" + (T - 60_000), spark.get(4).split(" ")[0]);
    assertEquals("LOGINS|u|1|" + T, spark.get(4 * times.length + 3).split(" ")[0], "an hour's bucket");
    assertNull(spark.get(6 * times.length), "orders have no rate limit");
  }

  @Test
  void anEventWithoutUserOrTimeHasNoBucket() {
    StructType schema = new StructType().add("user_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
        .add("t", DataTypes.LongType);
    List<Row> keys = TestSpark.session().createDataFrame(List.of(RowFactory.create(null, "like", T),
            RowFactory.create("u1", "like", null)), schema)
        .select(RateGroup.bucketKey(col("user_id"), col("event_type"), col("t"))).collectAsList();
    assertTrue(keys.get(0).isNullAt(0));
    assertTrue(keys.get(1).isNullAt(0));
  }
}
