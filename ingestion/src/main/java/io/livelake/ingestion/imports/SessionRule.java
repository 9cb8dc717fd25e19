package io.livelake.ingestion.imports;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How imported events, which come from shops rather than live rooms, are put into "live sessions":
 * the contract needs a session and an anchor for every in-room event.
 */
public enum SessionRule {
  /** One room per category and UTC hour, hosted by the category. */
  CATEGORY_HOUR("category-hour", ChronoUnit.HOURS, "yyyyMMddHH"),
  /** One room per category and UTC day, hosted by the category. */
  CATEGORY_DAY("category-day", ChronoUnit.DAYS, "yyyyMMdd"),
  /** One room per visit the source records (its session column), hosted by the shop. */
  USER_SESSION("user-session", null, null);

  /** A live room an event is put in. */
  record Room(String sessionId, String anchorId, String title) {}

  private final String option;
  private final ChronoUnit window;
  private final DateTimeFormatter stamp;

  SessionRule(String option, ChronoUnit window, String stamp) {
    this.option = option;
    this.window = window;
    this.stamp = stamp == null ? null : DateTimeFormatter.ofPattern(stamp).withZone(ZoneOffset.UTC);
  }

  /** The name as typed after --session-rule. */
  public String option() { return option; }

  /** The rule named {@code option}. */
  public static SessionRule of(String option) {
    for (SessionRule r : values()) if (r.option.equals(option)) return r;
    throw new IllegalArgumentException("--session-rule must be one of category-hour, category-day, user-session, got '"
        + option + "'");
  }

  /** The room of an event at {@code timeMs} in {@code category}, or in the source's {@code visit}. */
  Room room(String platform, String category, String visit, long timeMs) {
    if (window == null) {
      if (visit.isBlank()) throw new BadRow("empty user_session");
      return new Room(platform + "-" + visit, platform + "-shop", "visit " + visit);
    }
    if (category.isBlank()) throw new BadRow("empty category_id");
    Instant start = Instant.ofEpochMilli(timeMs).truncatedTo(window);
    return new Room(platform + "-c" + category + "-" + stamp.format(start), platform + "-c" + category,
        "category " + category + " from " + start);
  }
}
