package io.livelake.ingestion.cleaning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The cleaning memory in plain Java maps, for the driver-side ingestion and tests. */
final class HeapCleaningStore implements CleaningStore {
  private final Map<Integer, Long> partitionMax = new HashMap<>();
  private long evictedTo = Long.MIN_VALUE;
  private final Map<String, Long> stamps = new HashMap<>();
  /** The keys by minute, so eviction takes whole minutes off the front. */
  private final TreeMap<Long, Set<String>> byMinute = new TreeMap<>();
  private final Map<String, List<Long>> cartAdds = new HashMap<>();
  private final Map<String, Bucket> buckets = new HashMap<>();

  @Override public Map<Integer, Long> partitionMax() { return partitionMax; }

  @Override public long evictedTo() { return evictedTo; }

  @Override public void evictedTo(long watermark) { evictedTo = watermark; }

  @Override public Long stampOf(String key) { return stamps.get(key); }

  @Override
  public void putKey(String key, long stamp) {
    Long before = stamps.put(key, stamp);
    if (before != null) byMinute.get(CleaningStore.minuteOfStamp(before)).remove(key);
    byMinute.computeIfAbsent(CleaningStore.minuteOfStamp(stamp), m -> new HashSet<>()).add(key);
  }

  @Override public List<Long> cartAdds(String userProduct) { return cartAdds.getOrDefault(userProduct, List.of()); }

  @Override public void addCart(String userProduct, long time) {
    cartAdds.computeIfAbsent(userProduct, k -> new ArrayList<>()).add(time);
  }

  @Override public Bucket bucket(String key) { return buckets.get(key); }

  @Override public void putBucket(String key, Bucket bucket) { buckets.put(key, bucket); }

  @Override public Iterable<Bucket> buckets() { return buckets.values(); }

  @Override
  public void evict(long edge) {
    var expired = byMinute.headMap(CleaningStore.minute(edge));
    for (Set<String> keys : expired.values()) keys.forEach(stamps::remove);
    expired.clear();
    cartAdds.values().removeIf(times -> {
      times.removeIf(t -> t < edge);
      return times.isEmpty();
    });
    buckets.values().removeIf(b -> b.end() < edge);
  }

  @Override public long size() { return stamps.size() + buckets.size() + cartAdds.size(); }
}
