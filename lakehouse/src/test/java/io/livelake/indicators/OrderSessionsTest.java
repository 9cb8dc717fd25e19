package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A refund counts in the session its order was paid in, whatever session the refund event carries: sent by an
 * after-sales system without the live room, with another room's, or with a room when its order was a shop order.
 * Values worked out by hand from the rows below.
 */
class OrderSessionsTest {
  private static final double EPS = 1e-9;

  /**
   * S1 (05-01) watched by u1, who pays O1 (100) there; O1's refund of 30 comes 19 days later without a session.
   * S2 (05-02) watched by u2, who pays O7 (50) there and O5 (20) in the shop before it; O7's refund of 10 comes the
   * next day without a session, O5's refund of 20 carries S2, and a refund of 7 of O9 (an order not in the lake)
   * carries S2. u1 pays O6 (40) in S2 and its refund of 40 carries S1.
   */
  private static Dataset<Row> events() {
    return new ObtRows()
        .session("S1", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("S2", "A1", "douyin", "2024-05-02T10:00:00Z", "2024-05-02T11:00:00Z")
        .in("S1", "enter_room", "u1", "2024-05-01T10:00:00Z")
        .in("S1", "heartbeat", "u1", "2024-05-01T10:10:00Z")
        .in("S1", "order_paid", "u1", "2024-05-01T10:15:00Z", "order_id", "O1", "amount_reporting", 100.0)
        .shop("order_refunded", "u1", "douyin", "2024-05-20T09:00:00Z", "order_id", "O1", "amount_reporting", 30.0)
        .shop("order_paid", "u2", "douyin", "2024-05-02T08:00:00Z", "order_id", "O5", "amount_reporting", 20.0)
        .in("S2", "enter_room", "u2", "2024-05-02T10:00:00Z")
        .in("S2", "order_paid", "u2", "2024-05-02T10:25:00Z", "order_id", "O7", "amount_reporting", 50.0)
        .in("S2", "order_refunded", "u2", "2024-05-02T10:30:00Z", "order_id", "O5", "amount_reporting", 20.0)
        .in("S2", "order_refunded", "u2", "2024-05-02T10:35:00Z", "order_id", "O9", "amount_reporting", 7.0)
        .shop("order_refunded", "u2", "douyin", "2024-05-03T09:00:00Z", "order_id", "O7", "amount_reporting", 10.0)
        .in("S2", "order_paid", "u1", "2024-05-02T10:20:00Z", "order_id", "O6", "amount_reporting", 40.0)
        .in("S1", "order_refunded", "u1", "2024-05-02T10:40:00Z", "order_id", "O6", "amount_reporting", 40.0)
        .dataset();
  }

  @Test
  void aRefundCountsInTheSessionOfItsOrder() {
    Dataset<Row> obt = events();
    Map<String, Row> s = new HashMap<>();
    for (Row r : SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC).collectAsList()) s.put(r.getAs("session_id"), r);
    assertEquals(100.0, s.get("S1").<Double>getAs("gmv_paid"), EPS);
    assertEquals(30.0, s.get("S1").<Double>getAs("gmv_refunded"), EPS, "O1's refund without a session; not O6's, which carries S1");
    assertEquals(70.0, s.get("S1").<Double>getAs(Indicator.A32.column()), EPS);
    assertEquals(90.0, s.get("S2").<Double>getAs("gmv_paid"), EPS, "O7 and O6");
    assertEquals(57.0, s.get("S2").<Double>getAs("gmv_refunded"), EPS, "O7's 10, O6's 40 and O9's 7; not O5's, a shop order");
    assertEquals(33.0, s.get("S2").<Double>getAs(Indicator.A32.column()), EPS);
    // u1 in S1's 7 days: O1 100, O6 40 and its refund -40, all in rooms; O1's refund is after the window.
    assertEquals(100.0, s.get("S1").<Double>getAs("outcome_gmv_per_viewer"), EPS);
    assertEquals(0.0, s.get("S1").<Double>getAs("outcome_later_gmv_per_viewer"), EPS);
    // u2 in S2's: O7 50, O5's refund -20, O9's -7 and O7's -10 (the day after, but of a live order: not later).
    assertEquals(13.0, s.get("S2").<Double>getAs("outcome_gmv_per_viewer"), EPS);
    assertEquals(0.0, s.get("S2").<Double>getAs("outcome_later_gmv_per_viewer"), EPS);
  }

  @Test
  void aRefundIsSoldInItsOrdersChannel() {
    Dataset<Row> orders = ObtProjections.orderEvents(events());
    List<String> rows = new ArrayList<>();
    for (Row r : Rollups.salesDaily(OrderSessions.attributed(orders, orders), ZoneOffset.UTC)
        .orderBy("date", "channel").collectAsList()) {
      rows.add(r.get(0) + " " + r.get(1) + ": " + r.get(2) + " orders, " + r.get(3) + " buyers, gmv " + r.get(4) + ", "
          + r.get(5) + " refunds, refunded " + r.get(6) + ", net " + r.get(7));
    }
    assertEquals(List.of(
        "2024-05-01 live: 1 orders, 1 buyers, gmv 100.0, 0 refunds, refunded 0.0, net 100.0",
        "2024-05-02 live: 2 orders, 2 buyers, gmv 90.0, 2 refunds, refunded 47.0, net 43.0",
        "2024-05-02 shop: 1 orders, 1 buyers, gmv 20.0, 1 refunds, refunded 20.0, net 0.0",
        "2024-05-03 live: 0 orders, 0 buyers, gmv 0.0, 1 refunds, refunded 10.0, net -10.0",
        "2024-05-20 live: 0 orders, 0 buyers, gmv 0.0, 1 refunds, refunded 30.0, net -30.0"), rows);
  }

  @Test
  void theEarliestPaymentOfAnOrderNamesItsSession() {
    Dataset<Row> obt = new ObtRows()
        .session("S1", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("S2", "A1", "douyin", "2024-05-02T10:00:00Z", "2024-05-02T11:00:00Z")
        .in("S2", "order_paid", "u1", "2024-05-02T10:20:00Z", "order_id", "O1", "amount_reporting", 5.0)
        .in("S1", "order_paid", "u1", "2024-05-01T10:20:00Z", "order_id", "O1", "amount_reporting", 5.0)
        .shop("order_refunded", "u1", "douyin", "2024-05-04T10:00:00Z", "order_id", "O1", "amount_reporting", 5.0)
        .shop("order_refunded", "u2", "douyin", "2024-05-04T10:00:00Z", "order_id", "O1", "amount_reporting", 3.0)
        .dataset();
    Map<String, String> sessionOf = new HashMap<>();
    for (Row r : OrderSessions.attributed(obt, obt).where("event_type = 'order_refunded'").collectAsList()) {
      sessionOf.put(r.getAs("user_id"), r.getAs("session_id"));
    }
    assertEquals("S1", sessionOf.get("u1"));
    assertNull(sessionOf.get("u2"), "another user's order of the same number is not u2's");
    assertEquals(2, sessionOf.size());
  }

  @Test
  void reconcilingCountsTheRefundsMovedAndThoseWithoutTheirOrder() {
    // O1's, O7's (no session) and O6's (S1) go to their orders' sessions, O5's (S2) to its shop order; O9 is not in the lake.
    OrderSessions.Reconciliation r = OrderSessions.reconcile(ObtProjections.orderEvents(events()));
    assertEquals(new OrderSessions.Reconciliation(5, 4, 1, 0, List.of()), r, "O5 refunded 20 of 20 is not over-refunded");
    assertEquals("indicators: 5 refunds; 4 counted in their order's session rather than the one they carry, 1 without "
        + "their order in the lake (counted in the session they carry, or as shop sales without one)",
        r.summary().orElseThrow());
  }

  @Test
  void reconcilingNamesTheOrdersRefundedMoreThanTheyWerePaid() {
    Dataset<Row> obt = new ObtRows()
        .session("S1", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .in("S1", "order_paid", "u3", "2024-05-01T10:20:00Z", "order_id", "O2", "amount_reporting", 10.0)
        .in("S1", "order_refunded", "u3", "2024-05-01T10:30:00Z", "order_id", "O2", "amount_reporting", 6.0)
        .in("S1", "order_refunded", "u3", "2024-05-01T10:40:00Z", "order_id", "O2", "amount_reporting", 6.0)
        .in("S1", "order_paid", "u4", "2024-05-01T10:20:00Z", "order_id", "O3", "amount_reporting", 10.0)
        .shop("order_refunded", "u4", "douyin", "2024-05-02T10:00:00Z", "order_id", "O3", "amount_reporting", 10.0)
        .shop("order_refunded", "u5", "douyin", "2024-05-02T10:00:00Z", "order_id", "O4", "amount_reporting", 20.0)
        .dataset();
    OrderSessions.Reconciliation r = OrderSessions.reconcile(ObtProjections.orderEvents(obt));
    assertEquals(new OrderSessions.Reconciliation(4, 1, 1, 1, List.of("O2")), r,
        "O2 paid 10 and refunded 12; O3 refunded what it was paid; O4 has no order to exceed");
    assertEquals("indicators: 4 refunds; 1 counted in their order's session rather than the one they carry, 1 without "
        + "their order in the lake (counted in the session they carry, or as shop sales without one); 1 order refunded "
        + "more than it was paid (O2): A32 counts the refunds in full", r.summary().orElseThrow());
    assertEquals("indicators: 9 refunds; 0 counted in their order's session rather than the one they carry, 0 without "
            + "their order in the lake (counted in the session they carry, or as shop sales without one); 7 orders "
            + "refunded more than they were paid (O1, O2, O3, O4, O5, ...): A32 counts the refunds in full",
        new OrderSessions.Reconciliation(9, 0, 0, 7, List.of("O1", "O2", "O3", "O4", "O5")).summary().orElseThrow());
    assertTrue(new OrderSessions.Reconciliation(0, 0, 0, 0, List.of()).summary().isEmpty());
  }
}
