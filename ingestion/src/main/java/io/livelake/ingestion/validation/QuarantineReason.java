package io.livelake.ingestion.validation;

import java.util.List;

/** Reason codes of bronze.quarantine. */
public final class QuarantineReason {
  private QuarantineReason() {}

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String SCHEMA_VIOLATION = "schema_violation";
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  public static final String UNSUPPORTED_VERSION = "unsupported_schema_version";
  /** A record larger than ingest.max.record.bytes: kept (sanitized) but never parsed. */
  public static final String TOO_LARGE = "too_large";
  /** A file that could not be read or decompressed: one quarantine row for the whole file. */
  public static final String UNREADABLE_FILE = "unreadable_file";
  /** An event time beyond the batch's ingest time plus ingest.future.skew. */
  public static final String FUTURE = "future";
  /** A record a per-record step failed on unexpectedly; the batch goes on without it. */
  public static final String UNPROCESSABLE = "unprocessable";
  /** An amount in a currency without a rate in reporting.fx.rates (or without a currency): it cannot be converted. */
  public static final String UNKNOWN_CURRENCY = "unknown_currency";
  /** An order line with a quantity or unit price that is not positive (a stock write-off is no sale). */
  public static final String INVALID_ORDER_LINE = "invalid_order_line";
  /**
   * A record of a person erased (ops.erasure_log) before its event time: kept with no payload nor values, so it
   * is counted but the person is not stored again.
   */
  public static final String ERASED = "erased";
  public static final String LATE = "late";
  /**
   * An event under an event_id that an earlier event of another type or user holds (within the cleaning state's
   * horizon): not a redelivery, which would be a duplicate, but a second event the id cannot tell from the first.
   */
  public static final String EVENT_ID_REUSED = "event_id_reused";
  public static final String BOT_BURST = "bot_burst";
  public static final String ABNORMAL_LOGIN = "abnormal_login";
  public static final String FREQUENT_LOGOUT = "frequent_logout";
  public static final String ABNORMAL_CART_QUANTITY = "abnormal_cart_quantity";
  public static final String ABNORMAL_ORDER_AMOUNT = "abnormal_order_amount";
  public static final String ABNORMAL_GIFT_VALUE = "abnormal_gift_value";

  /**
   * Whether {@code reason} rejects a valid event for an implausible value. Such events still count
   * for the order-dependent rules (watermark, duplicates), like the original they may duplicate.
   */
  public static boolean abnormalValue(String reason) {
    return reason != null && ABNORMAL_VALUES.contains(reason);
  }

  /** The reasons of {@link #abnormalValue}. */
  public static final List<String> ABNORMAL_VALUES =
      List.of(ABNORMAL_CART_QUANTITY, ABNORMAL_ORDER_AMOUNT, ABNORMAL_GIFT_VALUE);
}
