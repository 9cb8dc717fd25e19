package io.livelake.simulator;

import io.livelake.events.EventSource;
import io.livelake.events.EventType;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Turns the time-ordered stream of base events into the records a real platform would deliver:
 * duplicates, redeliveries, malformed and schema-violating records, bot bursts, absurd values,
 * late and out-of-order arrivals. Each base event gets at most one fault; every fault is counted.
 */
final class FaultInjector {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  /** A record scheduled for delivery when the stream reaches {@code release}. */
  private record Pending(long release, long order, String key, String json, long eventTime, String lateness) {}

  private final FaultRates rates;
  private final SplittableRandom r;
  private final LongSupplier seq;
  private final RecordSink sink;
  private final Manifest manifest;
  private final long watermarkMs;
  private final PriorityQueue<Pending> pending = new PriorityQueue<>(
      (a, b) -> a.release != b.release ? Long.compare(a.release, b.release) : Long.compare(a.order, b.order));
  private long pendingOrder;
  private long maxEventTime = Long.MIN_VALUE;
  private long botCounter;
  private String lastJson;

  /** Where records go, keyed by the raw user id so that a user's events stay in order in one partition. */
  interface RecordSink {
    void write(String key, String json);
  }

  FaultInjector(FaultRates rates, SplittableRandom r, LongSupplier seq, RecordSink sink, Manifest manifest,
      long watermarkMs) {
    this.rates = rates;
    this.r = r;
    this.seq = seq;
    this.sink = sink;
    this.manifest = manifest;
    this.watermarkMs = watermarkMs;
  }

  /** Accepts the next base event (in event-time order). */
  void accept(SimEvent e) {
    release(e.time);
    manifest.base();
    String json = EventJson.write(e);
    if (typeSpecificFault(e, json)) return;
    double x = r.nextDouble();
    if ((x -= rates.exactDuplicate()) < 0) {
      deliverClean(e, json);
      deliverValid(e, json);
      manifest.fault(Manifest.EXACT_DUPLICATE, 1);
    } else if ((x -= rates.redelivered()) < 0) {
      deliverClean(e, json);
      schedule(e.time + (5 + r.nextInt(85)) * SECOND, e.userId, json, e.time, null);
      manifest.fault(Manifest.REDELIVERED_DUPLICATE, 1);
    } else if ((x -= rates.malformedJson()) < 0) {
      deliverRaw(e.userId, json.substring(0, 10 + r.nextInt(json.length() / 2)));
      manifest.fault(Manifest.MALFORMED_JSON, 1);
    } else if ((x -= rates.missingField()) < 0) {
      deliverRaw(e.userId, withoutField(e));
      manifest.fault(Manifest.MISSING_FIELD, 1);
    } else if ((x -= rates.wrongType()) < 0) {
      deliverRaw(e.userId, json.replaceFirst("\"event_time\":\\d+", "\"event_time\":\"yesterday evening\""));
      manifest.fault(Manifest.WRONG_TYPE, 1);
    } else if ((x -= rates.late()) < 0) {
      schedule(e.time + 30 * MINUTE + r.nextInt(150) * MINUTE, e.userId, json, e.time, e.type.wireName());
    } else if ((x -= rates.outOfOrder()) < 0) {
      schedule(e.time + (20 + r.nextInt(220)) * SECOND, e.userId, json, e.time, e.type.wireName());
    } else {
      deliverClean(e, json);
    }
    maybeBursts(e);
  }

  /** Delivers everything still scheduled. */
  void finish() {
    release(Long.MAX_VALUE);
  }

  /**
   * Accepts the next base event and delivers it as it is, with no fault of its own: for the thin tail of
   * a run, where whether a delayed record is late would depend on how the sink partitions users
   * (ingestion judges lateness per source partition, which the manifest cannot know).
   */
  void acceptWithoutFault(SimEvent e) {
    release(e.time);
    manifest.base();
    deliverClean(e, EventJson.write(e));
  }

  private boolean typeSpecificFault(SimEvent e, String json) {
    double x = r.nextDouble();
    if (e.type.source() == EventSource.ACCESS && x < rates.accessDuplicate()) {
      deliverClean(e, json);
      SimEvent copy = e.copy(seq.getAsLong(), e.time, e.type);
      copy.eventId = SessionSimulator.eventId(copy.seq);
      deliverValid(copy, EventJson.write(copy));
      manifest.fault(Manifest.ACCESS_LOG_DUPLICATE, 1);
      return true;
    }
    if (e.type == EventType.ORDER_PAID) {
      if (x < rates.orderDuplicate()) {
        deliverClean(e, json);
        SimEvent copy = e.copy(seq.getAsLong(), e.time, e.type);
        copy.eventId = SessionSimulator.eventId(copy.seq);
        schedule(e.time + (1 + r.nextInt(30)) * SECOND, e.userId, EventJson.write(copy), e.time, null);
        manifest.fault(Manifest.ORDER_DUPLICATE, 1);
        return true;
      }
      if (x < rates.orderDuplicate() + rates.abnormalOrder()) {
        deliverClean(e, json);
        SimEvent odd = e.copy(seq.getAsLong(), e.time + (5 + r.nextInt(60)) * SECOND, e.type);
        odd.eventId = SessionSimulator.eventId(odd.seq);
        odd.orderId = e.orderId + "x";
        odd.amount = Math.round(e.amount * (r.nextBoolean() ? 40 + r.nextInt(60) : 0.01) * 100) / 100.0;
        schedule(odd.time, odd.userId, EventJson.write(odd), odd.time, null);
        manifest.fault(Manifest.ABNORMAL_ORDER_AMOUNT, 1);
        return true;
      }
    }
    if (e.type == EventType.CART_ADD) {
      if (x < rates.cartReadd()) {
        deliverClean(e, json);
        SimEvent again = e.copy(seq.getAsLong(), e.time + (1 + r.nextInt(8)) * SECOND, e.type);
        again.eventId = SessionSimulator.eventId(again.seq);
        schedule(again.time, again.userId, EventJson.write(again), again.time, null);
        manifest.fault(Manifest.CART_READD_DUPLICATE, 1);
        return true;
      }
      if (x < rates.cartReadd() + rates.abnormalCart()) {
        deliverClean(e, json);
        SimEvent odd = e.copy(seq.getAsLong(), e.time + (20 + r.nextInt(60)) * SECOND, EventType.CART_ADD);
        odd.eventId = SessionSimulator.eventId(odd.seq);
        odd.productId = e.productId + "-bulk";
        odd.quantity = 500 + r.nextInt(9500);
        schedule(odd.time, odd.userId, EventJson.write(odd), odd.time, null);
        manifest.fault(Manifest.ABNORMAL_CART_QUANTITY, 1);
        return true;
      }
    }
    return false;
  }

  /** Bot bursts in the next minute of a live room; log-in and log-out storms in the next hour. */
  private void maybeBursts(SimEvent e) {
    if (e.sessionId != null && r.nextDouble() < rates.botBurst()) {
      int kind = r.nextInt(3);
      EventType type = kind == 0 ? EventType.PRODUCT_CLICK : kind == 1 ? EventType.COMMENT : EventType.LIKE;
      int n = kind == 0 ? 90 + r.nextInt(90) : kind == 1 ? 45 + r.nextInt(75) : 160 + r.nextInt(140);
      burst(e, type, n, MINUTE);
      manifest.fault(Manifest.BOT_BURST_EVENTS, n);
    }
    if (r.nextDouble() < rates.loginStorm()) {
      int n = 30 + r.nextInt(30);
      burst(e, EventType.LOGIN, n, HOUR);
      manifest.fault(Manifest.ABNORMAL_LOGIN_EVENTS, n);
    }
    if (r.nextDouble() < rates.logoutStorm()) {
      int n = 30 + r.nextInt(30);
      burst(e, EventType.LOGOUT, n, HOUR);
      manifest.fault(Manifest.FREQUENT_LOGOUT_EVENTS, n);
    }
  }

  /** {@code n} events of one bot user, all inside the next whole {@code bucket} (minute or hour). */
  private void burst(SimEvent context, EventType type, int n, long bucket) {
    String bot = String.format(java.util.Locale.ROOT, "u9%06d", ++botCounter);
    long from = (Math.floorDiv(context.time, bucket) + 1) * bucket;
    for (int i = 0; i < n; i++) {
      long t = from + r.nextLong(bucket);
      SimEvent b = new SimEvent(seq.getAsLong(), t, type);
      b.eventId = SessionSimulator.eventId(b.seq);
      b.platform = context.platform;
      b.userId = bot;
      if (type.inSession()) {
        b.sessionId = context.sessionId;
        b.anchorId = context.anchorId;
      }
      if (type == EventType.PRODUCT_CLICK) b.productId = context.productId != null ? context.productId : "p00000";
      if (type == EventType.COMMENT) b.text = "buy now buy now";
      schedule(t, bot, EventJson.write(b), t, null);
    }
  }

  private String withoutField(SimEvent e) {
    SimEvent c = e.copy(e.seq, e.time, e.type);
    // session_id is required only in a live room: an order that merely carries it stays valid without it.
    int pick = r.nextInt(e.type.inSession() && e.sessionId != null ? 4 : 3);
    switch (pick) {
      case 0 -> c.eventId = null;
      case 1 -> c.userId = null;
      case 2 -> c.platform = null;
      default -> c.sessionId = null;
    }
    return EventJson.write(c);
  }

  private void schedule(long release, String key, String json, long eventTime, String delayedType) {
    pending.add(new Pending(release, pendingOrder++, key, json, eventTime, delayedType));
  }

  private void release(long upTo) {
    while (!pending.isEmpty() && pending.peek().release <= upTo) {
      Pending p = pending.poll();
      if (p.lateness() != null) {
        // A delayed base event: late if the stream has moved past its time by more than the watermark.
        if (maxEventTime != Long.MIN_VALUE && maxEventTime - p.eventTime() > watermarkMs) {
          manifest.fault(Manifest.LATE, 1);
          deliverRaw(p.key(), p.json());
        } else {
          manifest.fault(Manifest.OUT_OF_ORDER, 1);
          manifest.clean(p.lateness(), 1);
          deliverTimed(p.key(), p.json(), p.eventTime());
        }
      } else {
        if (p.json().equals(lastJson)) {
          // A redelivery that comes right behind its original is an exact duplicate to any reader. (Holding it
          // back behind the next record instead could hold it past the watermark where the stream is thin.)
          manifest.fault(Manifest.REDELIVERED_DUPLICATE, -1);
          manifest.fault(Manifest.EXACT_DUPLICATE, 1);
        }
        deliverTimed(p.key(), p.json(), p.eventTime());
      }
    }
  }

  private void deliverClean(SimEvent e, String json) {
    manifest.clean(e.type.wireName(), 1);
    deliverValid(e, json);
  }

  private void deliverValid(SimEvent e, String json) { deliverTimed(e.userId, json, e.time); }

  private void deliverTimed(String key, String json, long eventTime) {
    maxEventTime = Math.max(maxEventTime, eventTime);
    deliverRaw(key, json);
  }

  private void deliverRaw(String key, String json) {
    lastJson = json;
    manifest.written();
    sink.write(key, json);
  }
}
