package io.livelake.ingestion.cleaning;

import java.util.Comparator;

/**
 * What the cleaning rules need of one valid event: where it arrived (partition and offset, or file
 * and line), its identity and keys. {@code sessionId} is null outside a live room, {@code orderKey}
 * is set for orders, {@code abnormal} when a value rule already rejected it.
 */
public record EventKey(
    int partition, String file, Long offset, Long line,
    String eventId, String type, long time, String userId, String sessionId, String productId, String orderKey,
    boolean abnormal) {

  /** Arrival order: by partition, then offset (Kafka) or file and line (files). */
  public static final Comparator<EventKey> ARRIVAL = Comparator.comparingInt(EventKey::partition)
      .thenComparing(EventKey::file, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(EventKey::offset, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(EventKey::line, Comparator.nullsFirst(Comparator.naturalOrder()));
}
