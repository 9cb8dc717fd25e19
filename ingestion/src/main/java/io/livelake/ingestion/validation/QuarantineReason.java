package io.livelake.ingestion.validation;

/** Reason codes of bronze.quarantine. */
public final class QuarantineReason {
  private QuarantineReason() {}

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String SCHEMA_VIOLATION = "schema_violation";
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  public static final String UNSUPPORTED_VERSION = "unsupported_schema_version";
  public static final String LATE = "late";
  public static final String BOT_BURST = "bot_burst";
  public static final String ABNORMAL_LOGIN = "abnormal_login";
  public static final String FREQUENT_LOGOUT = "frequent_logout";
  public static final String ABNORMAL_CART_QUANTITY = "abnormal_cart_quantity";
  public static final String ABNORMAL_ORDER_AMOUNT = "abnormal_order_amount";
}
