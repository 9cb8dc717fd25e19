package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.validation.QuarantineReason;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;

/** The rate rules of paper 001 Table 2: event groups counted per user per minute or hour, with their limits. */
public enum RateGroup {
  CLICKS(List.of("product_click", "ad_click"), 60_000L, QuarantineReason.BOT_BURST, "cleaning.max.clicks.per.minute"),
  COMMENTS(List.of("comment"), 60_000L, QuarantineReason.BOT_BURST, "cleaning.max.comments.per.minute"),
  LIKES(List.of("like"), 60_000L, QuarantineReason.BOT_BURST, "cleaning.max.likes.per.minute"),
  LOGINS(List.of("login"), 3_600_000L, QuarantineReason.ABNORMAL_LOGIN, "cleaning.max.logins.per.hour"),
  LOGOUTS(List.of("logout"), 3_600_000L, QuarantineReason.FREQUENT_LOGOUT, "cleaning.max.logouts.per.hour");

  final List<String> types;
  final long bucketMs;
  final String reason;
  final String settingKey;

  RateGroup(List<String> types, long bucketMs, String reason, String settingKey) {
    this.types = types;
    this.bucketMs = bucketMs;
    this.reason = reason;
    this.settingKey = settingKey;
  }

  /** The event types the group counts. */
  public List<String> types() { return types; }

  /** Every event type a rate rule counts. */
  public static List<String> allTypes() { return Arrays.stream(values()).flatMap(g -> g.types.stream()).toList(); }

  /** The span each user's count covers: a minute or an hour, aligned to the epoch. */
  public long bucketMs() { return bucketMs; }

  /** Start (epoch ms) of the bucket holding the instant {@code timeMs}. */
  public long bucketStart(long timeMs) { return Math.floorDiv(timeMs, bucketMs) * bucketMs; }

  /**
   * The key of the rate bucket of a user's event as a Spark column, as the cleaning state keys it on the
   * heap ("group|user|start"); null for types without a rate limit. It ties the rows of one bucket
   * together wherever they are (the OBT, quarantine).
   */
  public static Column bucketKey(Column user, Column type, Column timeMs) {
    return when(user.isNotNull().and(timeMs.isNotNull()),
        byGroup(type, g -> concat_ws("|", lit(g.name()), user, g.startOf(timeMs).cast("string"))));
  }

  /** Start (epoch ms) of the rate bucket of an event as a Spark column; null for types without a rate limit. */
  public static Column bucketStart(Column type, Column timeMs) { return byGroup(type, g -> g.startOf(timeMs)); }

  /** End (epoch ms, exclusive) of the rate bucket of an event as a Spark column; null for types without a rate limit. */
  public static Column bucketEnd(Column type, Column timeMs) {
    return byGroup(type, g -> g.startOf(timeMs).plus(lit(g.bucketMs)));
  }

  private Column startOf(Column timeMs) { return timeMs.minus(pmod(timeMs, lit(bucketMs))); }

  /** {@code f} of the group of each row's event type; null for types without a rate limit. */
  private static Column byGroup(Column type, Function<RateGroup, Column> f) {
    Column c = null;
    for (RateGroup g : values()) {
      Column in = type.isin(g.types.toArray());
      c = c == null ? when(in, f.apply(g)) : c.when(in, f.apply(g));
    }
    return c;
  }

  /** The quarantine reason of events over the limit. */
  public String reason() { return reason; }

  /** Every quarantine reason of the rate rules. */
  public static List<String> reasons() { return Arrays.stream(values()).map(g -> g.reason).distinct().toList(); }

  /** The group counting {@code eventType}; null for types without a rate limit. */
  public static RateGroup of(String eventType) {
    for (RateGroup g : values()) if (g.types.contains(eventType)) return g;
    return null;
  }

  int limit(CleaningRules r) {
    return switch (this) {
      case CLICKS -> r.maxClicksPerMinute();
      case COMMENTS -> r.maxCommentsPerMinute();
      case LIKES -> r.maxLikesPerMinute();
      case LOGINS -> r.maxLoginsPerHour();
      case LOGOUTS -> r.maxLogoutsPerHour();
    };
  }

  String detail(CleaningRules r) {
    String per = bucketMs == 60_000L ? "minute" : "hour";
    return "more than " + limit(r) + " " + name().toLowerCase(java.util.Locale.ROOT) + " by one user in one " + per
        + " (" + settingKey + " = " + limit(r) + ")";
  }
}
