package io.livelake.simulator;

import io.livelake.events.EventType;
import java.util.List;

/** One simulated event before serialization; ordered by time, then by creation sequence. */
final class SimEvent implements Comparable<SimEvent> {
  /** An order line: product, quantity, unit price. */
  record Line(String productId, int quantity, double price) {}

  final long seq;
  final long time;
  final EventType type;
  String eventId;
  String platform;
  String userId;
  String sessionId;
  String anchorId;
  String productId;
  String text;
  Double giftValue;
  Integer rating;
  String target;
  String adId;
  Integer quantity;
  String orderId;
  List<Line> lines;
  Double amount;
  String currency;

  SimEvent(long seq, long time, EventType type) {
    this.seq = seq;
    this.time = time;
    this.type = type;
  }

  /** A copy with a new sequence, time and type (re-adds, duplicates, refunds of an order). */
  SimEvent copy(long newSeq, long newTime, EventType newType) {
    SimEvent c = new SimEvent(newSeq, newTime, newType);
    c.eventId = eventId;
    c.platform = platform;
    c.userId = userId;
    c.sessionId = sessionId;
    c.anchorId = anchorId;
    c.productId = productId;
    c.text = text;
    c.giftValue = giftValue;
    c.rating = rating;
    c.target = target;
    c.adId = adId;
    c.quantity = quantity;
    c.orderId = orderId;
    c.lines = lines;
    c.amount = amount;
    c.currency = currency;
    return c;
  }

  @Override
  public int compareTo(SimEvent o) {
    int c = Long.compare(time, o.time);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
