package io.livelake.ingestion.cleaning;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Where {@link CleaningState} keeps its memory between batches: on the driver's heap ({@link HeapCleaningStore})
 * or in Spark's state store, one Kafka partition per key ({@link CleaningProcessor}). The rules are written
 * once, in CleaningState; a store only holds and evicts what they remember.
 */
public interface CleaningStore {
  /** Each source partition's newest event time; a mutable map the store saves on {@link #commit()}. */
  Map<Integer, Long> partitionMax();

  /** The watermark the state was last evicted to. */
  long evictedTo();

  void evictedTo(long watermark);

  /** The {@link #stamp} a key (event id, access-log or order key) is held at; null if not held. */
  Long stampOf(String key);

  /** Holds {@code key} at {@code stamp} ({@link #stamp}), moving it from an earlier minute it was held at. */
  void putKey(String key, long stamp);

  /** Times of one user's adds of one product to the cart. */
  List<Long> cartAdds(String userProduct);

  void addCart(String userProduct, long time);

  /** A rate bucket by its key; null if none. A bucket read here is written back with {@link #putBucket}. */
  Bucket bucket(String key);

  void putBucket(String key, Bucket bucket);

  /** Every rate bucket held. */
  Iterable<Bucket> buckets();

  /**
   * Forgets what no event on time can match any more: keys of minutes before {@code edge}'s, cart adds
   * before {@code edge}, buckets that ended before it.
   */
  void evict(long edge);

  /** Entries held: keys, cart-add series and buckets. */
  long size();

  /** Saves what a batch changed (a no-op on the heap). */
  default void commit() {}

  /** The event-time minute a key is held at, and what eviction counts in. */
  static long minute(long timeMs) { return Math.floorDiv(timeMs, 60_000L); }

  /**
   * What a key is held at: the event-time minute it expires with (low 32 bits, unsigned: events are after 2000 and
   * before the year 10000) and, for an event id, a fingerprint of the event that holds it (high 32 bits). Other keys,
   * and ids held by a state written before fingerprints, have 0 there, which matches any event, so such a state
   * reads on as before.
   */
  static long stamp(long minute, int fingerprint) { return ((long) fingerprint << 32) | (minute & 0xFFFF_FFFFL); }

  /** The minute of a {@link #stamp}. */
  static long minuteOfStamp(long stamp) { return stamp & 0xFFFF_FFFFL; }

  /** The fingerprint of a {@link #stamp}; 0 if it has none. */
  static int fingerprintOf(long stamp) { return (int) (stamp >>> 32); }

  /** One user's count of a rate group's events in one minute or hour, and whether it went over the limit. */
  final class Bucket implements Serializable {
    final RateGroup group;
    final String userId;
    final long start;
    long count;
    boolean over;

    Bucket(RateGroup group, String userId, long start) {
      this.group = group;
      this.userId = userId;
      this.start = start;
    }

    long end() { return start + group.bucketMs; }

    /** The store's key of the bucket of {@code group} holding {@code userId}'s event at {@code timeMs}. */
    static String key(RateGroup group, String userId, long timeMs) {
      return group.name() + "|" + userId + "|" + group.bucketStart(timeMs);
    }

    /** An empty bucket from its {@link #key}; a user id may hold '|' itself. */
    static Bucket ofKey(String key) {
      int first = key.indexOf('|');
      int last = key.lastIndexOf('|');
      return new Bucket(RateGroup.valueOf(key.substring(0, first)), key.substring(first + 1, last),
          Long.parseLong(key.substring(last + 1)));
    }
  }
}
