package io.livelake.ingestion.cleaning;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import java.io.Serializable;

/**
 * The thresholds of paper 001's cleaning table (Table 2) and the bounds of plausible input (record
 * size, event time ahead of ingestion, gift value), all from configuration.
 */
public record CleaningRules(
    long watermarkMs,
    long partitionIdleMs,
    int maxClicksPerMinute,
    int maxCommentsPerMinute,
    int maxLikesPerMinute,
    int maxLoginsPerHour,
    int maxLogoutsPerHour,
    int cartMaxQuantity,
    long cartReaddWindowMs,
    double orderAmountTolerance,
    double orderMaxAmount,
    double giftMaxValue,
    long futureSkewMs,
    int maxRecordBytes) implements Serializable {

  public static CleaningRules from(LiveLakeConfig c) {
    return new CleaningRules(
        c.getDuration(Settings.INGEST_WATERMARK).toMillis(),
        c.getDuration(Settings.INGEST_PARTITION_IDLE).toMillis(),
        c.getInt(Settings.MAX_CLICKS_PER_MINUTE),
        c.getInt(Settings.MAX_COMMENTS_PER_MINUTE),
        c.getInt(Settings.MAX_LIKES_PER_MINUTE),
        c.getInt(Settings.MAX_LOGINS_PER_HOUR),
        c.getInt(Settings.MAX_LOGOUTS_PER_HOUR),
        c.getInt(Settings.CART_MAX_QUANTITY),
        c.getDuration(Settings.CART_READD_WINDOW).toMillis(),
        c.getDouble(Settings.ORDER_AMOUNT_TOLERANCE),
        c.getDouble(Settings.ORDER_MAX_AMOUNT),
        c.getDouble(Settings.GIFT_MAX_VALUE),
        c.getDuration(Settings.INGEST_FUTURE_SKEW).toMillis(),
        c.getInt(Settings.INGEST_MAX_RECORD_BYTES));
  }
}
