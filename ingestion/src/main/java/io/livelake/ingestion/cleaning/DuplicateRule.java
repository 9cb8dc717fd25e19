package io.livelake.ingestion.cleaning;

import java.util.List;

/** The duplicate keys of paper 001 Table 2, as recorded in ops.ingest_batches.duplicates_by_rule. */
public final class DuplicateRule {
  private DuplicateRule() {}

  public static final String EVENT_ID = "event_id";
  public static final String ACCESS_LOG = "access_log";
  public static final String ORDER = "order";
  public static final String CART_READD = "cart_readd";
  public static final List<String> ACCESS_TYPES = List.of("login", "logout", "enter_room", "leave_room", "heartbeat");
}
