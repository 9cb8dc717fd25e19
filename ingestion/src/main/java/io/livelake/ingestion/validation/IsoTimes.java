package io.livelake.ingestion.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Times written as ISO-8601 text with their offset (2026-11-01T08:53:54.669+08:00, or Z for UTC), as producers and
 * database exports that are not LiveLake's write them, read as the epoch milliseconds the contract keeps. A time
 * without an offset is not read: its zone would be a guess.
 */
public final class IsoTimes {
  /** The longest text read: 2026-11-01T08:53:54.123456789+08:00 and room to spare, so parsing is bounded. */
  private static final int MAX_LENGTH = 40;

  private IsoTimes() {}

  /** The instant {@code text} names in epoch milliseconds, or null when it is no ISO-8601 time with an offset. */
  public static Long millis(String text) {
    if (text == null || text.length() > MAX_LENGTH) return null;
    try {
      return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text)).toEpochMilli();
    } catch (DateTimeException | ArithmeticException notAnInstant) {
      return null;
    }
  }
}
