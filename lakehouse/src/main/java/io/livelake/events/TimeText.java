package io.livelake.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Times written as ISO-8601 text, as producers and database exports that are not LiveLake's write them: with their
 * offset (2026-11-01T08:53:54.669+08:00, Z for UTC; also as PostgreSQL prints a timestamptz, 2026-11-01 08:53:54.669+08)
 * they are instants; without one (2026-11-01 08:53:54) they are not, since their zone would be a guess. Such text is
 * a time, never personal data, so a quarantined record keeps it and its detail can quote it.
 */
public final class TimeText {
  /** The longest text read: 2026-11-01T08:53:54.123456789+08:00 and room to spare, so parsing is bounded. */
  private static final int MAX_LENGTH = 40;
  /** A date, 'T' or a blank, a time, and an offset if any: +08:00, +0800, +08 or Z. */
  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
      .toFormatter();

  private TimeText() {}

  /** The instant {@code text} names in epoch milliseconds, or null when it is no date and time with an offset. */
  public static Long millis(String text) {
    TemporalAccessor t = parse(text);
    try {
      return t == null ? null : Instant.from(t).toEpochMilli();
    } catch (DateTimeException | ArithmeticException noInstant) {
      return null;
    }
  }

  /** True when {@code text} is a date and time, with an offset or without. */
  public static boolean isDateTime(String text) { return parse(text) != null; }

  /** True when {@code text} is a date and time without an offset. */
  public static boolean withoutOffset(String text) {
    TemporalAccessor t = parse(text);
    return t != null && !t.isSupported(ChronoField.OFFSET_SECONDS);
  }

  private static TemporalAccessor parse(String text) {
    if (text == null || text.length() > MAX_LENGTH) return null;
    try {
      return FORMAT.parse(text);
    } catch (DateTimeException notATime) {
      return null;
    }
  }
}
