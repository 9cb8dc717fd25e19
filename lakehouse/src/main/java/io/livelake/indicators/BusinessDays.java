package io.livelake.indicators;

import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.to_date;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.time.ZoneId;
import org.apache.spark.sql.Column;

/**
 * Dates and weeks of the business day in the reporting time zone (reporting.timezone): a live room in Shanghai that
 * opens at 00:30 on 11 November sells on Singles' Day, which in UTC is still 10 November. Event times are instants;
 * the lake's Spark sessions read them in UTC (LakeSessions), which these expressions rely on.
 */
public final class BusinessDays {
  private BusinessDays() {}

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
