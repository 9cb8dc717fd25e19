package io.livelake.ingestion.retractions;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RetractionsTest {
  private static final long T = 1_793_491_200_000L;
  private static final StructType QUARANTINED = new StructType().add("reason", DataTypes.StringType)
      .add("detail", DataTypes.StringType).add("user_id", DataTypes.StringType).add("event_type", DataTypes.StringType)
      .add("event_time", DataTypes.TimestampType);

  private static Row q(String reason, String detail, String user, String type, long time) {
    return RowFactory.create(reason, detail, user, type, new Timestamp(time));
  }

  @Test
  void theBucketsOverTheirLimitAreThoseOfTheRateQuarantinedRowsTheLayerDidNotMoveItself() {
    String clicks = "more than 3 clicks by one user in one minute (cleaning.max.clicks.per.minute = 3)";
    List<Row> rows = List.of(
        q("bot_burst", clicks, "u1", "product_click", T + 1_000),
        q("bot_burst", clicks, "u1", "ad_click", T + 59_000),                  // the same bucket
        q("bot_burst", clicks, "u1", "product_click", T + 61_000),             // the next minute's
        q("abnormal_login", "more than 5 logins", "u2", "login", T + 3_000_000),
        q("bot_burst", "moved from silver.events_obt: " + clicks, "u3", "product_click", T),  // the layer's own
        q("late", "older than ...", "u4", "product_click", T),                 // not a rate rule
        q("bot_burst", clicks, null, "product_click", T));                      // no user: no bucket
    List<String> buckets = Retractions.overBuckets(TestSpark.session().createDataFrame(rows, QUARANTINED))
        .orderBy("bucket").collectAsList().stream().map(Row::toString).toList();
    assertEquals(List.of(
        "[CLICKS|u1|" + T + ",bot_burst," + clicks + "," + T + "," + (T + 60_000) + ",u1]",
        "[CLICKS|u1|" + (T + 60_000) + ",bot_burst," + clicks + "," + (T + 60_000) + "," + (T + 120_000) + ",u1]",
        "[LOGINS|u2|" + T + ",abnormal_login,more than 5 logins," + T + "," + (T + 3_600_000) + ",u2]"), buckets);
  }
}
