package io.livelake.simulator;

import io.livelake.events.EventContract;
import java.util.Locale;

/** Serializes simulated events to contract JSON, fields in a fixed order so output is byte-stable. */
final class EventJson {
  private EventJson() {}

  static String write(SimEvent e) {
    StringBuilder sb = new StringBuilder(256);
    sb.append('{');
    num(sb, "schema_version", EventContract.CURRENT_VERSION, true);
    str(sb, "event_id", e.eventId);
    str(sb, "event_type", e.type.wireName());
    num(sb, "event_time", e.time, false);
    str(sb, "platform", e.platform);
    str(sb, "user_id", e.userId);
    str(sb, "session_id", e.sessionId);
    str(sb, "anchor_id", e.anchorId);
    str(sb, "product_id", e.productId);
    str(sb, "text", e.text);
    if (e.giftValue != null) dbl(sb, "gift_value", e.giftValue);
    if (e.rating != null) num(sb, "rating", e.rating, false);
    str(sb, "target", e.target);
    str(sb, "ad_id", e.adId);
    if (e.quantity != null) num(sb, "quantity", e.quantity, false);
    str(sb, "order_id", e.orderId);
    if (e.lines != null) {
      sb.append(",\"lines\":[");
      for (int i = 0; i < e.lines.size(); i++) {
        SimEvent.Line l = e.lines.get(i);
        if (i > 0) sb.append(',');
        sb.append("{\"product_id\":");
        quote(sb, l.productId());
        sb.append(",\"quantity\":").append(l.quantity()).append(",\"price\":").append(money(l.price())).append('}');
      }
      sb.append(']');
    }
    if (e.amount != null) dbl(sb, "amount", e.amount);
    str(sb, "currency", e.currency);
    sb.append('}');
    return sb.toString();
  }

  static String money(double v) { return String.format(Locale.ROOT, "%.2f", v); }

  private static void num(StringBuilder sb, String k, long v, boolean first) {
    if (!first) sb.append(',');
    sb.append('"').append(k).append("\":").append(v);
  }

  private static void dbl(StringBuilder sb, String k, double v) {
    sb.append(",\"").append(k).append("\":").append(money(v));
  }

  private static void str(StringBuilder sb, String k, String v) {
    if (v == null) return;
    sb.append(",\"").append(k).append("\":");
    quote(sb, v);
  }

  static void quote(StringBuilder sb, String v) {
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c)); else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
