package io.livelake.privacy;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The people erased so far, as ops.erasure_log lists them, for the ingestion to keep out what it receives of them
 * after their erasure: a late event from a device's buffer, a replay of a Kafka topic from its earliest offset,
 * an import of an old export. A record is the person's when its stored (pseudonymized) payload carries the
 * pseudonym, as {@link Eraser#heldAbout} finds it, and it is covered by the erasure when its event time is not
 * after the erasure's (or unknown): a person who comes back after an erasure is a new customer.
 */
public final class ErasedPeople implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A pseudonym's length: p and 24 hex digits (see {@link Eraser#requirePseudonym}). */
  private static final int PSEUDONYM = 25;

  /** No one erased. */
  public static final ErasedPeople NONE = new ErasedPeople(Map.of());

  /** One erasure of a person: when it finished, and its id in ops.erasure_log. */
  public record Erasure(long erasedAtMs, String erasureId) implements Serializable {
    /** The quarantine's detail for a record it covers: when and which erasure, never whose. */
    public String detail() {
      return "a record of a person erased at " + Instant.ofEpochMilli(erasedAtMs) + " (erasure " + erasureId
          + " in ops.erasure_log); event time not after the erasure";
    }
  }

  private final Map<String, Erasure> byPseudonym;

  private ErasedPeople(Map<String, Erasure> byPseudonym) { this.byPseudonym = byPseudonym; }

  /** The people given, each with their latest erasure. */
  public static ErasedPeople of(Map<String, Erasure> byPseudonym) { return new ErasedPeople(Map.copyOf(byPseudonym)); }

  /** Everyone in ops.erasure_log (none when no one was ever erased), each with their latest erasure. */
  public static ErasedPeople read(Lake lake) {
    if (!lake.exists(Tables.ERASURE_LOG)) return NONE;
    Map<String, Erasure> latest = new HashMap<>();
    for (Row r : lake.read(Tables.ERASURE_LOG).select("pseudonym", "erased_at", "erasure_id").collectAsList()) {
      Erasure e = new Erasure(r.<Timestamp>getAs(1).getTime(), r.getString(2));
      latest.merge(r.getString(0), e, (a, b) -> a.erasedAtMs() >= b.erasedAtMs() ? a : b);
    }
    return of(latest);
  }

  public boolean isEmpty() { return byPseudonym.isEmpty(); }

  public int size() { return byPseudonym.size(); }

  /**
   * The erasure that covers a record, or null: the latest erasure of a person whose pseudonym {@code payload}
   * carries, when {@code eventTimeMs} (null when the record has none that could be read) is not after it. One
   * pass over the payload, whatever the number of people erased.
   */
  public Erasure covering(String payload, Long eventTimeMs) {
    if (byPseudonym.isEmpty() || payload == null) return null;
    for (int at = payload.indexOf("\"p"); at >= 0; at = payload.indexOf("\"p", at + 1)) {
      int start = at + 1;
      if (start + PSEUDONYM > payload.length()) break;
      // Anything else that starts like one is simply not a key of the map.
      Erasure e = byPseudonym.get(payload.substring(start, start + PSEUDONYM));
      if (e != null && (eventTimeMs == null || eventTimeMs <= e.erasedAtMs())) return e;
    }
    return null;
  }
}
