package io.livelake.ingestion.cleaning;

import io.livelake.ingestion.cleaning.CleaningStore.Bucket;
import io.livelake.ingestion.validation.QuarantineReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cleaning rules that depend on what came before, over a memory bounded by the watermark: each
 * partition's newest event time, the keys of recent events, recent cart adds and rate-bucket counts.
 * Events are judged one by one in arrival order, so the outcome is the same however the stream is cut
 * into batches. The memory lives in a {@link CleaningStore}: the driver's heap (rebuilt from the lake
 * after a restart), or Spark's state store on the executors ({@link CleaningProcessor}).
 *
 * <p>Order of the rules: late (watermark), abnormal values (decided before), an event id reused by another event,
 * duplicates by event id, by access-log key, by order key, cart re-adds, then rate limits.
 */
public final class CleaningState {
  /** The result of judging one batch: a verdict per rejected event, and earlier batches' rows to retract. */
  public record Judgement(List<Verdict> verdicts, List<Retraction> retractions) {}

  private final CleaningRules rules;
  private final CleaningStore store;
  /** Wall-clock time of the last batch that had records of each partition, for ingest.partition.idle. */
  private final Map<Integer, Long> partitionSeenAt = new HashMap<>();
  /** Wall-clock time of the last batch judged. */
  private long judgedAt = Long.MIN_VALUE;

  /** A state on the driver's heap. */
  public CleaningState(CleaningRules rules) { this(rules, new HeapCleaningStore()); }

  public CleaningState(CleaningRules rules, CleaningStore store) {
    this.rules = rules;
    this.store = store;
  }

  /** Seeds a partition's newest event time from an earlier run. */
  public void partitionMax(int partition, long maxEventTime) {
    store.partitionMax().merge(partition, maxEventTime, Math::max);
  }

  /** Seeds the watermark an earlier run evicted its state to (ops.ingest_batches.watermark). */
  public void evictedTo(long watermark) { store.evictedTo(Math.max(store.evictedTo(), watermark)); }

  public Map<Integer, Long> partitionMax() { return Map.copyOf(store.partitionMax()); }

  /** Seeds the state with an event accepted by an earlier batch. */
  public void rememberAccepted(String eventId, String type, long time, String userId, String sessionId, String productId,
      String orderKey) {
    long minute = CleaningStore.minute(time);
    seenId(eventId, type, time, userId);
    if (isAccess(type)) store.putKey(accessKey(userId, sessionId, type, time), CleaningStore.stamp(minute, 0));
    if (orderKey != null) store.putKey(orderKey, CleaningStore.stamp(minute, 0));
    if (type.equals("cart_add")) store.addCart(userId + "|" + productId, time);
    restoreInBucket(type, userId, time, false);
  }

  /** Seeds the state with an event an earlier batch quarantined by a rate rule (it still counts in its bucket). */
  public void rememberRateQuarantined(String eventId, String type, long time, String userId) {
    seenId(eventId, type, time, userId);
    restoreInBucket(type, userId, time, true);
  }

  /** Counts a restored event in its rate bucket, if its type has one. */
  private void restoreInBucket(String type, String userId, long time, boolean quarantined) {
    RateGroup g = RateGroup.of(type);
    if (g == null) return;
    String key = Bucket.key(g, userId, time);
    Bucket b = bucket(key);
    b.count++;
    // A bucket quarantines all its events once over the limit, so one quarantined event means it is over.
    if (quarantined) b.over = true;
    store.putBucket(key, b);
  }

  /**
   * Judges a batch's valid events (any order; they are sorted by arrival here) read at wall-clock time
   * {@code batchAtMs}, which only tells which partitions have gone quiet (ingest.partition.idle).
   */
  public Judgement judge(List<EventKey> events, long batchAtMs) {
    Map<Integer, Long> partitionMax = store.partitionMax();
    judgedAt = batchAtMs;
    for (int p : partitionMax.keySet()) partitionSeenAt.putIfAbsent(p, batchAtMs); // seeded by a restart
    for (EventKey e : events) partitionSeenAt.put(e.partition(), batchAtMs);
    List<EventKey> sorted = new ArrayList<>(events);
    sorted.sort(EventKey.ARRIVAL);
    Verdict[] verdicts = new Verdict[sorted.size()];
    List<Retraction> retractions = new ArrayList<>();
    // The batch's buckets, read once and written back at the end; the indexes of their events accepted so far.
    Map<String, Bucket> touched = new HashMap<>();
    Map<String, List<Integer>> acceptedInBatch = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      EventKey e = sorted.get(i);
      Long max = partitionMax.get(e.partition());
      if (max != null && e.time() < max - rules.watermarkMs()) {
        verdicts[i] = new Verdict(e, Verdict.QUARANTINE, QuarantineReason.LATE,
            "older than the newest event time of its source partition by more than ingest.watermark.delay = "
                + rules.watermarkMs() + " ms" + PAST);
        continue;
      }
      if (e.time() < store.evictedTo()) { // only a partition that was idle (or new) gets here: the others' rule above holds
        verdicts[i] = new Verdict(e, Verdict.QUARANTINE, QuarantineReason.LATE,
            "older than the watermark the cleaning state moved on to while its source partition was idle (no records "
                + "for ingest.partition.idle = " + rules.partitionIdleMs() + " ms)" + PAST);
        continue;
      }
      partitionMax.put(e.partition(), max == null ? e.time() : Math.max(max, e.time()));
      if (e.abnormal()) continue;
      Seen id = seenId(e.eventId(), e.type(), e.time(), e.userId());
      if (id == Seen.REUSED) {
        verdicts[i] = new Verdict(e, Verdict.QUARANTINE, QuarantineReason.EVENT_ID_REUSED, REUSED);
        continue;
      }
      String dup = id == Seen.COPY ? DuplicateRule.EVENT_ID : duplicateRule(e);
      if (dup != null) {
        verdicts[i] = new Verdict(e, Verdict.DUPLICATE, dup, null);
        continue;
      }
      RateGroup g = RateGroup.of(e.type());
      if (g == null) continue;
      String key = Bucket.key(g, e.userId(), e.time());
      Bucket b = touched.computeIfAbsent(key, this::bucket);
      List<Integer> accepted = acceptedInBatch.computeIfAbsent(key, k -> new ArrayList<>());
      b.count++;
      if (!b.over && b.count > g.limit(rules)) {
        b.over = true;
        // Every event counted before this one was accepted: this batch's get a verdict, the rest are in the OBT.
        long earlier = b.count - 1 - accepted.size();
        for (int j : accepted) verdicts[j] = rate(sorted.get(j), g);
        accepted.clear();
        if (earlier > 0) retractions.add(retraction(b, earlier));
      }
      if (b.over) verdicts[i] = rate(e, g); else accepted.add(i);
    }
    touched.forEach(store::putBucket);
    evict();
    store.commit();
    List<Verdict> out = new ArrayList<>();
    for (Verdict v : verdicts) if (v != null) out.add(v);
    return new Judgement(out, retractions);
  }

  private Retraction retraction(Bucket b, long events) {
    return new Retraction(b.userId, b.group.types, b.start, b.end(), b.group.reason,
        Retraction.MOVED + b.group.detail(rules), events);
  }

  private Verdict rate(EventKey e, RateGroup g) {
    return new Verdict(e, Verdict.QUARANTINE, g.reason, g.detail(rules));
  }

  /** What to do with late events that are history rather than stragglers: an archive, a backfill. */
  private static final String PAST = ": events of a past period go in with livelake import --format jsonl, in time order";

  private static final String REUSED = "its event_id is held by an earlier event of another event_type or user_id: "
      + "a second event under one id, not a redelivery of the first (which stays); give each event an id of its own";

  /** The rule other than the event id's that makes {@code e} a duplicate, or null; remembers e's keys when it is new. */
  private String duplicateRule(EventKey e) {
    long minute = CleaningStore.minute(e.time());
    if (isAccess(e.type()) && !hold(accessKey(e.userId(), e.sessionId(), e.type(), e.time()), minute)) {
      return DuplicateRule.ACCESS_LOG;
    }
    if (e.orderKey() != null && !hold(e.orderKey(), minute)) return DuplicateRule.ORDER;
    if (e.type().equals("cart_add")) {
      String userProduct = e.userId() + "|" + e.productId();
      for (long t : store.cartAdds(userProduct)) {
        if (Math.abs(t - e.time()) <= rules.cartReaddWindowMs()) return DuplicateRule.CART_READD;
      }
      store.addCart(userProduct, e.time());
    }
    return null;
  }

  /** Holds a key that carries its event time; false if it was held already. */
  private boolean hold(String key, long minute) {
    if (store.stampOf(key) != null) return false;
    store.putKey(key, CleaningStore.stamp(minute, 0));
    return true;
  }

  /**
   * The earliest event time an on-time event can still have: the slowest partition's watermark, not
   * counting partitions idle for ingest.partition.idle (wall clock) while others deliver (all of them
   * when every one is), and never earlier than before. Keys, cart adds and buckets entirely before it
   * (less the cart window) can never match again.
   */
  public long watermark() {
    Map<Integer, Long> partitionMax = store.partitionMax();
    if (partitionMax.isEmpty()) return Long.MIN_VALUE / 2 - rules.watermarkMs();
    long active = partitionMax.entrySet().stream()
        .filter(p -> !partitionSeenAt.containsKey(p.getKey())
            || partitionSeenAt.get(p.getKey()) >= judgedAt - rules.partitionIdleMs())
        .mapToLong(Map.Entry::getValue).min()
        .orElseGet(() -> partitionMax.values().stream().mapToLong(Long::longValue).min().getAsLong());
    return Math.max(store.evictedTo(), active - rules.watermarkMs());
  }

  private void evict() {
    if (store.partitionMax().isEmpty()) return;
    store.evictedTo(watermark());
    store.evict(store.evictedTo() - rules.cartReaddWindowMs());
  }

  /** Entries held (for --verbose, ops.ingest_batches.state_events and tests). */
  public long size() { return store.size(); }

  /** The stored bucket under {@code key}, or a new one. */
  private Bucket bucket(String key) {
    Bucket b = store.bucket(key);
    return b != null ? b : Bucket.ofKey(key);
  }

  /** What an event's id tells of it: a new id, a copy of the event that holds it, or another event under it. */
  private enum Seen { NEW, COPY, REUSED }

  /**
   * What {@code eventId} tells of its event. A copy is the same type and user, whatever its time (a producer's
   * retry may stamp it anew); the id is then held at the newer of their minutes, so it expires with its newest copy.
   * Another event under the id leaves it as it was held.
   */
  private Seen seenId(String eventId, String type, long time, String userId) {
    String key = "i|" + eventId;
    long minute = CleaningStore.minute(time);
    int fingerprint = fingerprint(type, userId);
    Long before = store.stampOf(key);
    if (before != null) {
      int held = CleaningStore.fingerprintOf(before);
      if (held != 0 && held != fingerprint) return Seen.REUSED;
      if (CleaningStore.minuteOfStamp(before) >= minute) return Seen.COPY;
    }
    store.putKey(key, CleaningStore.stamp(minute, fingerprint));
    return before == null ? Seen.NEW : Seen.COPY;
  }

  /** Tells apart the events one id may stand for; never 0, which {@link CleaningStore#stamp} keeps for "any". */
  private static int fingerprint(String type, String userId) {
    int h = (type + '|' + userId).hashCode();
    return h == 0 ? 1 : h;
  }

  private static boolean isAccess(String type) { return DuplicateRule.ACCESS_TYPES.contains(type); }

  /**
   * The access-log duplicate key: user, live room, type and time. The room belongs in it because one
   * user entering two rooms within the same millisecond (two tabs, a client that stamps whole
   * seconds) made two visits; without it the second room lost its visit. Log-ins and log-outs have
   * no room (null), which stays distinct from any room id.
   */
  private static String accessKey(String userId, String sessionId, String type, long time) {
    return "a|" + userId + "|" + type + "|" + time + (sessionId == null ? "|-" : "|s" + sessionId);
  }
}
