package io.livelake.indicators;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Purchases over four weeks (Mondays 2024-05-06, -13, -20, -27) for the stickiness tests. */
public final class StickinessFixture {
  private StickinessFixture() {}

  public static Dataset<Row> events() {
    ObtRows o = new ObtRows()
        .session("S1", "A1", "douyin", "2024-05-06T10:00:00Z", "2024-05-06T11:00:00Z")
        .session("S2", "A1", "douyin", "2024-05-14T10:00:00Z", "2024-05-14T11:00:00Z")
        .session("S3", "A2", "douyin", "2024-05-15T10:00:00Z", "2024-05-15T11:00:00Z");
    o.in("S1", "enter_room", "uA", "2024-05-06T10:00:00Z")
        .in("S1", "heartbeat", "uA", "2024-05-06T10:01:00Z")
        .in("S1", "order_paid", "uA", "2024-05-06T10:02:00Z", "order_id", "a1", "amount_reporting", 10.0)
        .in("S2", "heartbeat", "uA", "2024-05-14T10:05:00Z")
        .in("S2", "order_paid", "uA", "2024-05-14T10:06:00Z", "order_id", "a2", "amount_reporting", 20.0)
        .shop("order_paid", "uA", "douyin", "2024-05-29T09:00:00Z", "order_id", "a3", "amount_reporting", 30.0)
        .in("S1", "enter_room", "uB", "2024-05-06T10:30:00Z")
        .shop("order_paid", "uB", "douyin", "2024-05-08T09:00:00Z", "order_id", "b1", "amount_reporting", 15.0)
        .in("S3", "enter_room", "uC", "2024-05-15T10:00:00Z")
        .in("S2", "enter_room", "uC", "2024-05-14T10:00:00Z")
        .in("S3", "order_paid", "uC", "2024-05-15T10:10:00Z", "order_id", "c1", "amount_reporting", 5.0)
        .in("S3", "order_paid", "uC", "2024-05-15T10:20:00Z", "order_id", "c2", "amount_reporting", 5.0)
        .shop("order_paid", "uC", "douyin", "2024-05-16T09:00:00Z", "order_id", "c3", "amount_reporting", 5.0)
        .shop("order_paid", "uC", "douyin", "2024-05-21T09:00:00Z", "order_id", "c4", "amount_reporting", 5.0)
        .shop("order_refunded", "uC", "douyin", "2024-05-22T09:00:00Z", "order_id", "c4", "amount_reporting", 5.0)
        .shop("order_refunded", "uD", "douyin", "2024-05-10T09:00:00Z", "order_id", "x", "amount_reporting", 20.0)
        .in("S1", "comment", "uE", "2024-05-06T10:40:00Z", "text", "only talks");
    return o.dataset();
  }

  /** One buyer's two orders, at 01:00 and 23:00 Shanghai time on Monday 11 November 2024. */
  public static Dataset<Row> singlesDayInShanghai() {
    return new ObtRows()
        .shop("order_paid", "u", "taobao", "2024-11-10T17:00:00Z", "order_id", "o1", "amount_reporting", 10.0)
        .shop("order_paid", "u", "taobao", "2024-11-11T15:00:00Z", "order_id", "o2", "amount_reporting", 20.0)
        .dataset();
  }
}
