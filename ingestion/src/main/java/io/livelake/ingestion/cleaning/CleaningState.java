package io.livelake.ingestion.cleaning;

import io.livelake.ingestion.validation.QuarantineReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The memory of the cleaning rules across micro-batches, bounded by the watermark: each partition's
 * newest event time, the keys of recent events, recent cart adds and rate-bucket counts. Events are
 * judged one by one in arrival order, so the outcome is the same however the stream is cut into
 * batches. The state lives on the driver and is rebuilt from the lake after a restart.
 *
 * <p>Order of the rules: late (watermark), abnormal values (decided before), duplicates by event id,
 * by access-log key, by order key, cart re-adds, then rate limits.
 */
public final class CleaningState {
  /** The result of judging one batch: a verdict per rejected event, and earlier batches' rows to retract. */
  public record Judgement(List<Verdict> verdicts, List<Retraction> retractions) {}

  private final CleaningRules rules;
  private final Map<Integer, Long> partitionMax = new HashMap<>();
  /** Wall-clock time of the last batch that had records of each partition, for ingest.partition.idle. */
  private final Map<Integer, Long> partitionSeenAt = new HashMap<>();
  /** Wall-clock time of the last batch judged. */
  private long judgedAt = Long.MIN_VALUE;
  /** The watermark the state was last evicted to: an event before it has nothing left to be judged against. */
  private long evictedTo = Long.MIN_VALUE;
  /**
   * Keys of accepted events by event-time minute: a duplicate by access-log or order key has the same
   * event time as its original. Event ids are kept there too, so they leave with their minute.
   */
  private final TreeMap<Long, Set<String>> keysByMinute = new TreeMap<>();
  /**
   * Every event id within the horizon with the newest minute it was seen at, whatever its time: a
   * redelivery may carry another event time, and keeps the id as long as the newest copy is on time.
   */
  private final Map<String, Long> idMinutes = new HashMap<>();
  private final Map<String, List<Long>> cartAdds = new HashMap<>();
  private final Map<String, Bucket> buckets = new HashMap<>();

  private static final class Bucket {
    final RateGroup group;
    final String userId;
    final long start;
    long count;
    /** Accepted events an earlier run left in the OBT (seeded after a restart). */
    long loadedAccepted;
    boolean over;
    final List<Integer> acceptedInBatch = new ArrayList<>();

    Bucket(RateGroup group, String userId, long start) {
      this.group = group;
      this.userId = userId;
      this.start = start;
    }
  }

  public CleaningState(CleaningRules rules) { this.rules = rules; }

  /** Seeds a partition's newest event time from an earlier run. */
  public void partitionMax(int partition, long maxEventTime) { partitionMax.merge(partition, maxEventTime, Math::max); }

  /** Seeds the watermark an earlier run evicted its state to (ops.ingest_batches.watermark). */
  public void evictedTo(long watermark) { evictedTo = Math.max(evictedTo, watermark); }

  public Map<Integer, Long> partitionMax() { return Map.copyOf(partitionMax); }

  /** Seeds the state with an event accepted by an earlier batch. */
  public void rememberAccepted(String eventId, String type, long time, String userId, String sessionId, String productId,
      String orderKey) {
    Set<String> keys = keysByMinute.computeIfAbsent(Math.floorDiv(time, 60_000L), k -> new HashSet<>());
    seenId(eventId, time);
    if (isAccess(type)) keys.add(accessKey(userId, sessionId, type, time));
    if (orderKey != null) keys.add(orderKey);
    if (type.equals("cart_add")) cartAdds.computeIfAbsent(userId + "|" + productId, k -> new ArrayList<>()).add(time);
    RateGroup g = RateGroup.of(type);
    if (g != null) {
      Bucket b = bucket(g, userId, time);
      b.count++;
      b.loadedAccepted++;
    }
  }

  /** Seeds the state with an event an earlier batch quarantined by a rate rule (it still counts in its bucket). */
  public void rememberRateQuarantined(String eventId, String type, long time, String userId) {
    seenId(eventId, time);
    RateGroup g = RateGroup.of(type);
    if (g != null) {
      Bucket b = bucket(g, userId, time);
      b.count++;
      // A bucket quarantines all its events once over the limit, so one quarantined event means it is over.
      b.over = true;
    }
  }

  /**
   * Retractions an earlier run decided but did not finish before it stopped: buckets over their
   * limit (they hold rate-quarantined events) that still have accepted events in the OBT. A finished
   * retraction leaves none there, so this is known from the seeded state alone.
   */
  public List<Retraction> unfinishedRetractions() {
    List<Retraction> out = new ArrayList<>();
    for (Bucket b : buckets.values()) if (b.over && b.loadedAccepted > 0) out.add(retraction(b, b.loadedAccepted));
    return out;
  }

  /**
   * Judges a batch's valid events (any order; they are sorted by arrival here) read at wall-clock time
   * {@code batchAtMs}, which only tells which partitions have gone quiet (ingest.partition.idle).
   */
  public Judgement judge(List<EventKey> events, long batchAtMs) {
    judgedAt = batchAtMs;
    for (int p : partitionMax.keySet()) partitionSeenAt.putIfAbsent(p, batchAtMs); // seeded by a restart
    for (EventKey e : events) partitionSeenAt.put(e.partition(), batchAtMs);
    List<EventKey> sorted = new ArrayList<>(events);
    sorted.sort(EventKey.ARRIVAL);
    Verdict[] verdicts = new Verdict[sorted.size()];
    List<Retraction> retractions = new ArrayList<>();
    Set<Bucket> touched = new HashSet<>();
    for (int i = 0; i < sorted.size(); i++) {
      EventKey e = sorted.get(i);
      Long max = partitionMax.get(e.partition());
      if (max != null && e.time() < max - rules.watermarkMs()) {
        verdicts[i] = new Verdict(e, Verdict.QUARANTINE, QuarantineReason.LATE,
            "older than the newest event time of its source partition by more than ingest.watermark.delay = "
                + rules.watermarkMs() + " ms");
        continue;
      }
      if (e.time() < evictedTo) { // only a partition that was idle (or new) gets here: the others' rule above holds
        verdicts[i] = new Verdict(e, Verdict.QUARANTINE, QuarantineReason.LATE,
            "older than the watermark the cleaning state moved on to while its source partition was idle (no records "
                + "for ingest.partition.idle = " + rules.partitionIdleMs() + " ms)");
        continue;
      }
      partitionMax.put(e.partition(), max == null ? e.time() : Math.max(max, e.time()));
      if (e.abnormal()) continue;
      String dup = duplicateRule(e);
      if (dup != null) {
        verdicts[i] = new Verdict(e, Verdict.DUPLICATE, dup, null);
        continue;
      }
      RateGroup g = RateGroup.of(e.type());
      if (g == null) continue;
      Bucket b = bucket(g, e.userId(), e.time());
      touched.add(b);
      b.count++;
      if (!b.over && b.count > g.limit(rules)) {
        b.over = true;
        // Every event counted before this one was accepted: this batch's get a verdict, the rest are in the OBT.
        long earlier = b.count - 1 - b.acceptedInBatch.size();
        for (int j : b.acceptedInBatch) verdicts[j] = rate(sorted.get(j), g);
        b.acceptedInBatch.clear();
        if (earlier > 0) retractions.add(retraction(b, earlier));
      }
      if (b.over) verdicts[i] = rate(e, g); else b.acceptedInBatch.add(i);
    }
    for (Bucket b : touched) b.acceptedInBatch.clear();
    evict();
    List<Verdict> out = new ArrayList<>();
    for (Verdict v : verdicts) if (v != null) out.add(v);
    return new Judgement(out, retractions);
  }

  private Retraction retraction(Bucket b, long events) {
    return new Retraction(b.userId, b.group.types, b.start, b.start + b.group.bucketMs, b.group.reason,
        "moved from silver.events_obt: " + b.group.detail(rules), events);
  }

  private Verdict rate(EventKey e, RateGroup g) {
    return new Verdict(e, Verdict.QUARANTINE, g.reason, g.detail(rules));
  }

  /** The rule that makes {@code e} a duplicate, or null; remembers e's keys when it is new. */
  private String duplicateRule(EventKey e) {
    if (seenId(e.eventId(), e.time())) return DuplicateRule.EVENT_ID;
    Set<String> keys = keysByMinute.computeIfAbsent(Math.floorDiv(e.time(), 60_000L), k -> new HashSet<>());
    if (isAccess(e.type()) && !keys.add(accessKey(e.userId(), e.sessionId(), e.type(), e.time()))) {
      return DuplicateRule.ACCESS_LOG;
    }
    if (e.orderKey() != null && !keys.add(e.orderKey())) return DuplicateRule.ORDER;
    if (e.type().equals("cart_add")) {
      List<Long> prior = cartAdds.computeIfAbsent(e.userId() + "|" + e.productId(), k -> new ArrayList<>());
      for (long t : prior) {
        if (Math.abs(t - e.time()) <= rules.cartReaddWindowMs()) return DuplicateRule.CART_READD;
      }
      prior.add(e.time());
    }
    return null;
  }

  /**
   * The earliest event time an on-time event can still have: the slowest partition's watermark, not
   * counting partitions idle for ingest.partition.idle (wall clock) while others deliver (all of them
   * when every one is), and never earlier than before. Keys, cart adds and buckets entirely before it
   * (less the cart window) can never match again.
   */
  public long watermark() {
    if (partitionMax.isEmpty()) return Long.MIN_VALUE / 2 - rules.watermarkMs();
    long active = partitionMax.entrySet().stream()
        .filter(p -> !partitionSeenAt.containsKey(p.getKey())
            || partitionSeenAt.get(p.getKey()) >= judgedAt - rules.partitionIdleMs())
        .mapToLong(Map.Entry::getValue).min()
        .orElseGet(() -> partitionMax.values().stream().mapToLong(Long::longValue).min().getAsLong());
    return Math.max(evictedTo, active - rules.watermarkMs());
  }

  private void evict() {
    if (partitionMax.isEmpty()) return;
    evictedTo = watermark();
    long edge = evictedTo - rules.cartReaddWindowMs();
    var expired = keysByMinute.headMap(Math.floorDiv(edge, 60_000L));
    for (Set<String> keys : expired.values()) {
      for (String k : keys) if (k.startsWith("i|")) idMinutes.remove(k);
    }
    expired.clear();
    cartAdds.values().removeIf(times -> {
      times.removeIf(t -> t < edge);
      return times.isEmpty();
    });
    buckets.values().removeIf(b -> b.start + b.group.bucketMs < edge);
  }

  /** Events kept in memory (for --verbose and tests). */
  public long size() {
    return keysByMinute.values().stream().mapToLong(Set::size).sum() + buckets.size() + cartAdds.size();
  }

  private Bucket bucket(RateGroup g, String userId, long time) {
    long start = g.bucketStart(time);
    return buckets.computeIfAbsent(g.name() + "|" + userId + "|" + start, k -> new Bucket(g, userId, start));
  }

  /**
   * Whether {@code eventId} was seen before; either way it is remembered at the newer of its minutes,
   * so it expires with its newest copy.
   */
  private boolean seenId(String eventId, long time) {
    String key = idKey(eventId);
    long minute = Math.floorDiv(time, 60_000L);
    Long before = idMinutes.get(key);
    if (before == null || before < minute) {
      if (before != null) keysByMinute.get(before).remove(key);
      idMinutes.put(key, minute);
      keysByMinute.computeIfAbsent(minute, k -> new HashSet<>()).add(key);
    }
    return before != null;
  }

  private static boolean isAccess(String type) { return DuplicateRule.ACCESS_TYPES.contains(type); }

  private static String idKey(String eventId) { return "i|" + eventId; }

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
