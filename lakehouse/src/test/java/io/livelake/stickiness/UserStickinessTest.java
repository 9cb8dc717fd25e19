package io.livelake.stickiness;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.ObtProjections;
import io.livelake.indicators.StickinessFixture;
import java.sql.Date;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class UserStickinessTest {
  @Test
  void perUserPurchasesRepeatFlagAndDaysBetweenPurchases() {
    Map<String, Row> u = new HashMap<>();
    for (Row r : UserStickiness.perUser(ObtProjections.viewerDays(StickinessFixture.events()),
        ObtProjections.orderEvents(StickinessFixture.events()), ZoneOffset.UTC).collectAsList()) {
      u.put(r.getAs("user_id"), r);
    }
    assertEquals(List.of("uA", "uB", "uC", "uD"), u.keySet().stream().sorted().toList(), "uE only commented");

    Row a = u.get("uA");
    assertEquals(2L, a.<Long>getAs("sessions_watched"));
    assertEquals(1L, a.<Long>getAs("anchors_watched"));
    assertEquals(3L, a.<Long>getAs("purchases"));
    assertEquals(3L, a.<Long>getAs("purchase_days"));
    assertEquals(Date.valueOf("2024-05-06"), a.getAs("first_purchase_date"));
    assertEquals(Date.valueOf("2024-05-29"), a.getAs("last_purchase_date"));
    assertTrue(a.<Boolean>getAs("repeat_buyer"));
    assertEquals(11.5, a.<Double>getAs("mean_days_between_purchases"), 1e-12, "23 days over 2 gaps");
    assertEquals(60.0, a.<Double>getAs("gmv"), 1e-12);
    assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-05-06T10:00:00Z")), a.getAs("first_seen"));
    assertEquals(java.sql.Timestamp.from(java.time.Instant.parse("2024-05-29T09:00:00Z")), a.getAs("last_seen"));

    Row b = u.get("uB");
    assertEquals(1L, b.<Long>getAs("purchases"));
    assertFalse(b.<Boolean>getAs("repeat_buyer"));
    assertNull(b.getAs("mean_days_between_purchases"));

    Row c = u.get("uC");
    assertEquals(2L, c.<Long>getAs("sessions_watched"));
    assertEquals(2L, c.<Long>getAs("anchors_watched"));
    assertEquals(4L, c.<Long>getAs("purchases"));
    assertEquals(3L, c.<Long>getAs("purchase_days"), "two orders on 05-15 are one purchase day");
    assertEquals(3.0, c.<Double>getAs("mean_days_between_purchases"), 1e-12, "05-15 .. 05-21 over 2 gaps");
    assertEquals(15.0, c.<Double>getAs("gmv"), 1e-12, "20 paid, 5 refunded");

    Row d = u.get("uD");
    assertEquals(0L, d.<Long>getAs("purchases"));
    assertEquals(0L, d.<Long>getAs("sessions_watched"));
    assertNull(d.getAs("first_purchase_date"));
    assertFalse(d.<Boolean>getAs("repeat_buyer"));
    assertEquals(-20.0, d.<Double>getAs("gmv"), 1e-12);
  }

  @Test
  void weeklyRetentionCohorts() {
    List<String> rows = new ArrayList<>();
    for (Row r : UserStickiness.retentionCohorts(ObtProjections.orderEvents(StickinessFixture.events()), ZoneOffset.UTC)
        .orderBy("cohort_week", "weeks_since").collectAsList()) {
      rows.add(r.getAs("cohort_week") + " +" + r.getAs("weeks_since") + " " + r.getAs("still_buying") + "/"
          + r.getAs("cohort_size") + " = " + r.getAs("share"));
    }
    assertEquals(List.of(
        "2024-05-06 +0 2/2 = 1.0",
        "2024-05-06 +1 1/2 = 0.5",
        "2024-05-06 +2 0/2 = 0.0",
        "2024-05-06 +3 1/2 = 0.5",
        "2024-05-13 +0 1/1 = 1.0",
        "2024-05-13 +1 1/1 = 1.0",
        "2024-05-13 +2 0/1 = 0.0"), rows);
  }

  /**
   * A buyer in Shanghai pays at 01:00 and at 23:00 on Monday 11 November 2024 (17:00 UTC on Sunday the 10th and 15:00
   * UTC on the 11th): one purchase day in the week of the 11th there; in UTC two days, the first in the week before.
   */
  @Test
  void purchaseDaysAndCohortWeeksAreThoseOfTheReportingZone() {
    Dataset<Row> orders = ObtProjections.orderEvents(StickinessFixture.singlesDayInShanghai());
    Dataset<Row> viewers = ObtProjections.viewerDays(StickinessFixture.singlesDayInShanghai());
    Row utc = UserStickiness.perUser(viewers, orders, ZoneOffset.UTC).first();
    Row shanghai = UserStickiness.perUser(viewers, orders, ZoneId.of("Asia/Shanghai")).first();
    assertEquals(List.of(2L, Date.valueOf("2024-11-10"), Date.valueOf("2024-11-11"), true), List.of(
        utc.getAs("purchase_days"), utc.getAs("first_purchase_date"), utc.getAs("last_purchase_date"),
        utc.getAs("repeat_buyer")));
    assertEquals(List.of(1L, Date.valueOf("2024-11-11"), Date.valueOf("2024-11-11"), false), List.of(
        shanghai.getAs("purchase_days"), shanghai.getAs("first_purchase_date"), shanghai.getAs("last_purchase_date"),
        shanghai.getAs("repeat_buyer")));

    assertEquals(List.of("2024-11-04 +0 1/1", "2024-11-04 +1 1/1"), cohorts(orders, ZoneOffset.UTC));
    assertEquals(List.of("2024-11-11 +0 1/1"), cohorts(orders, ZoneId.of("Asia/Shanghai")));
  }

  private static List<String> cohorts(Dataset<Row> orders, ZoneId zone) {
    return UserStickiness.retentionCohorts(orders, zone).orderBy("cohort_week", "weeks_since").collectAsList().stream()
        .map(r -> r.getAs("cohort_week") + " +" + r.getAs("weeks_since") + " " + r.getAs("still_buying") + "/"
            + r.getAs("cohort_size")).toList();
  }
}
