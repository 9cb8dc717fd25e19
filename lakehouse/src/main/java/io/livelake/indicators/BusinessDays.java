package io.livelake.indicators;

import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.to_date;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;

/**
 * Dates and weeks of the business day in the reporting time zone (reporting.timezone): a live room in Shanghai that
 * opens at 00:30 on 11 November sells on Singles' Day, which in UTC is still 10 November. Event times are instants;
 * the lake's Spark sessions read them in UTC (LakeSessions), which these expressions rely on.
 */
public final class BusinessDays {
  /** How ops.indicator_runs.definitions records the zone. */
  private static final String DEFINITION = "; " + Settings.REPORTING_TIMEZONE.key() + "=";
  /** The default zone, by the name people read in axis titles ("UTC", where ZoneOffset.UTC says "Z"). */
  public static final ZoneId UTC = ZoneId.of("UTC");

  private BusinessDays() {}

  /**
   * The part of an indicators run's definitions that records {@code zone}: none for UTC, so that lakes built before
   * the setting keep their definitions and stay incremental.
   */
  static String definition(ZoneId zone) {
    return zone.normalized().equals(ZoneOffset.UTC) ? "" : DEFINITION + zone.getId();
  }

  /** The zone recorded in an indicators run's {@code definitions}: UTC when none is. */
  static ZoneId recordedIn(String definitions) {
    int at = definitions.indexOf(DEFINITION);
    if (at < 0) return UTC;
    int from = at + DEFINITION.length();
    int end = definitions.indexOf(';', from);
    return ZoneId.of(definitions.substring(from, end < 0 ? definitions.length() : end));
  }

  /** The zone of reporting.timezone. */
  public static ZoneId zone(LiveLakeConfig config) {
    return ZoneId.of(config.getString(Settings.REPORTING_TIMEZONE).trim());
  }

  /** The date in {@code zone} of the instant {@code time}. */
  public static Column date(Column time, ZoneId zone) {
    return to_date(local(time, zone));
  }

  /** The Monday, in {@code zone}, of the week of the instant {@code time}. */
  public static Column week(Column time, ZoneId zone) {
    return to_date(date_trunc("week", local(time, zone)));
  }

  /** The wall-clock time in {@code zone}, as a UTC session shows it. */
  private static Column local(Column time, ZoneId zone) {
    return from_utc_timestamp(time, zone.getId());
  }
}
