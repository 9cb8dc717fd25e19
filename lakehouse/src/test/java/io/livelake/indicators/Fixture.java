package io.livelake.indicators;

/**
 * Four hand-built sessions whose indicators are computed by hand in the tests:
 * S0 and S1 of anchor A1 on consecutive days, S2 of A2 (no impressions, no ad impressions, no
 * ratings), S3 of A2 (no viewers at all), plus two shop orders outside any session.
 */
final class Fixture {
  private Fixture() {}

  static ObtRows events() {
    ObtRows o = new ObtRows()
        .session("S0", "A1", "douyin", "2024-04-30T10:00:00Z", "2024-04-30T11:00:00Z")
        .session("S1", "A1", "douyin", "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z")
        .session("S2", "A2", "taobao", "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z")
        .session("S3", "A2", "taobao", "2024-05-02T12:00:00Z", "2024-05-02T13:00:00Z");
    // S0: u2 watches 180 s.
    o.in("S0", "enter_room", "u2", "2024-04-30T10:00:00Z")
        .in("S0", "heartbeat", "u2", "2024-04-30T10:01:00Z")
        .in("S0", "leave_room", "u2", "2024-04-30T10:03:00Z");
    // S1 viewers: u1 two visits (150 s with a leave, then 120 s never leaving), u2 never leaves
    // (180 s), u3 already watching when the data starts (heartbeat-opened, 90 s), u4 only enters (0 s);
    // u5 only leaves, so is no viewer.
    o.in("S1", "enter_room", "u1", "2024-05-01T10:00:00Z")
        .in("S1", "heartbeat", "u1", "2024-05-01T10:01:00Z")
        .in("S1", "heartbeat", "u1", "2024-05-01T10:02:00Z")
        .in("S1", "leave_room", "u1", "2024-05-01T10:02:30Z")
        .in("S1", "enter_room", "u1", "2024-05-01T10:10:00Z")
        .in("S1", "heartbeat", "u1", "2024-05-01T10:11:00Z")
        .in("S1", "heartbeat", "u1", "2024-05-01T10:12:00Z")
        .in("S1", "enter_room", "u2", "2024-05-01T10:05:00Z")
        .in("S1", "heartbeat", "u2", "2024-05-01T10:06:00Z")
        .in("S1", "heartbeat", "u2", "2024-05-01T10:07:00Z")
        .in("S1", "heartbeat", "u2", "2024-05-01T10:08:00Z")
        .in("S1", "heartbeat", "u3", "2024-05-01T10:20:00Z")
        .in("S1", "heartbeat", "u3", "2024-05-01T10:21:00Z")
        .in("S1", "leave_room", "u3", "2024-05-01T10:21:30Z")
        .in("S1", "enter_room", "u4", "2024-05-01T10:30:00Z")
        .in("S1", "leave_room", "u5", "2024-05-01T10:40:00Z");
    o.in("S1", "comment", "u1", "2024-05-01T10:03:00Z", "text", "nice")
        .in("S1", "comment", "u1", "2024-05-01T10:04:00Z", "text", "price?")
        .in("S1", "comment", "u2", "2024-05-01T10:06:30Z", "text", "hi")
        .in("S1", "comment", "u5", "2024-05-01T10:39:00Z", "text", "bye")
        .in("S1", "gift", "u2", "2024-05-01T10:07:10Z", "gift_value", 10.5)
        .in("S1", "gift", "u3", "2024-05-01T10:20:30Z", "gift_value", 2.25)
        .in("S1", "like", "u1", "2024-05-01T10:01:10Z")
        .in("S1", "like", "u1", "2024-05-01T10:01:20Z")
        .in("S1", "like", "u2", "2024-05-01T10:05:30Z")
        .in("S1", "share", "u2", "2024-05-01T10:05:40Z")
        .in("S1", "product_impression", "u1", "2024-05-01T10:00:10Z", "product_id", "P1")
        .in("S1", "product_impression", "u1", "2024-05-01T10:10:10Z", "product_id", "P1")
        .in("S1", "product_impression", "u1", "2024-05-01T10:00:20Z", "product_id", "P2")
        .in("S1", "product_impression", "u2", "2024-05-01T10:05:10Z", "product_id", "P1")
        .in("S1", "product_click", "u1", "2024-05-01T10:00:15Z", "product_id", "P1")
        .in("S1", "product_click", "u2", "2024-05-01T10:05:15Z", "product_id", "P1")
        .in("S1", "cart_add", "u1", "2024-05-01T10:00:30Z", "product_id", "P1", "quantity", 1)
        .in("S1", "cart_add", "u1", "2024-05-01T10:11:00Z", "product_id", "P1", "quantity", 1)
        .in("S1", "cart_add", "u2", "2024-05-01T10:06:00Z", "product_id", "P3", "quantity", 2)
        .in("S1", "rating", "u1", "2024-05-01T10:12:00Z", "rating", 5, "rating_target", "anchor")
        .in("S1", "rating", "u2", "2024-05-01T10:08:00Z", "rating", 4, "rating_target", "anchor")
        .in("S1", "rating", "u1", "2024-05-01T10:12:01Z", "rating", 3, "rating_target", "product", "product_id", "P1")
        .in("S1", "rating", "u3", "2024-05-01T10:21:10Z", "rating", 4, "rating_target", "product", "product_id", "P2")
        .in("S1", "rating", "u2", "2024-05-01T10:08:01Z", "rating", 2, "rating_target", "product", "product_id", "P1")
        .in("S1", "game_join", "u1", "2024-05-01T10:01:30Z")
        .in("S1", "game_join", "u1", "2024-05-01T10:11:30Z")
        .in("S1", "game_join", "u3", "2024-05-01T10:20:40Z")
        .in("S1", "order_paid", "u1", "2024-05-01T10:15:00Z", "order_id", "O1", "amount_reporting", 100.0)
        .in("S1", "order_paid", "u2", "2024-05-01T10:07:30Z", "order_id", "O2", "amount_reporting", 50.0)
        .in("S1", "order_refunded", "u2", "2024-05-01T10:50:00Z", "order_id", "O2", "amount_reporting", 50.0)
        .in("S1", "unfollow", "u4", "2024-05-01T10:30:30Z")
        .in("S1", "ad_impression", "u1", "2024-05-01T10:00:40Z", "ad_id", "AD1")
        .in("S1", "ad_impression", "u1", "2024-05-01T10:10:40Z", "ad_id", "AD1")
        .in("S1", "ad_impression", "u2", "2024-05-01T10:05:50Z", "ad_id", "AD1")
        .in("S1", "ad_impression", "u3", "2024-05-01T10:20:50Z", "ad_id", "AD1")
        .in("S1", "ad_click", "u1", "2024-05-01T10:10:45Z", "ad_id", "AD1");
    // S2: one viewer for 60 s; a click, a cart add and an ad click with no impression of either kind.
    o.in("S2", "enter_room", "u6", "2024-05-01T12:00:00Z")
        .in("S2", "comment", "u6", "2024-05-01T12:00:10Z", "text", "a")
        .in("S2", "comment", "u6", "2024-05-01T12:00:20Z", "text", "b")
        .in("S2", "product_click", "u6", "2024-05-01T12:00:30Z", "product_id", "P1")
        .in("S2", "cart_add", "u6", "2024-05-01T12:00:40Z", "product_id", "P1", "quantity", 1)
        .in("S2", "ad_click", "u6", "2024-05-01T12:00:50Z", "ad_id", "AD2")
        .in("S2", "leave_room", "u6", "2024-05-01T12:01:00Z");
    // S3: a comment, nobody watching.
    o.in("S3", "comment", "u7", "2024-05-02T12:10:00Z", "text", "anyone?");
    // Shop orders: u1 inside S1's 7-day window, u3 just after it.
    o.shop("order_paid", "u1", "douyin", "2024-05-05T09:00:00Z", "order_id", "O3", "amount_reporting", 40.0)
        .shop("order_paid", "u3", "douyin", "2024-05-09T09:00:00Z", "order_id", "O4", "amount_reporting", 30.0);
    return o;
  }
}
