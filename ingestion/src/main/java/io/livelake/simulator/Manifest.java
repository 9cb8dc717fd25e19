package io.livelake.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.livelake.indicators.Indicator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulator run wrote: base events, every injected fault by kind, and what ingestion must
 * therefore produce (rows in the One Big Table, duplicates removed, quarantine by reason).
 */
public final class Manifest {
  /** Fault kinds, as keys of {@link #faults()}. */
  public static final String EXACT_DUPLICATE = "exact_duplicate";
  public static final String REDELIVERED_DUPLICATE = "redelivered_duplicate";
  public static final String ACCESS_LOG_DUPLICATE = "access_log_duplicate";
  public static final String ORDER_DUPLICATE = "order_duplicate";
  public static final String CART_READD_DUPLICATE = "cart_readd_duplicate";
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String MISSING_FIELD = "schema_missing_field";
  public static final String WRONG_TYPE = "schema_wrong_type";
  public static final String LATE = "late_beyond_watermark";
  public static final String OUT_OF_ORDER = "out_of_order_within_watermark";
  public static final String BOT_BURST_EVENTS = "bot_burst_events";
  public static final String ABNORMAL_LOGIN_EVENTS = "abnormal_login_events";
  public static final String FREQUENT_LOGOUT_EVENTS = "frequent_logout_events";
  public static final String ABNORMAL_CART_QUANTITY = "abnormal_cart_quantity";
  public static final String ABNORMAL_ORDER_AMOUNT = "abnormal_order_amount";

  private final Map<String, Object> params = new LinkedHashMap<>();
  private final Map<String, Long> faults = new LinkedHashMap<>();
  private final Map<String, Long> cleanByType = new TreeMap<>();
  private long baseEvents;
  private long recordsWritten;
  private long sessions;
  private String truthFormula;
  private final Map<Indicator, Double> truthImportance = new EnumMap<>(Indicator.class);

  Manifest() {
    for (String k : new String[] {EXACT_DUPLICATE, REDELIVERED_DUPLICATE, ACCESS_LOG_DUPLICATE, ORDER_DUPLICATE,
        CART_READD_DUPLICATE, MALFORMED_JSON, MISSING_FIELD, WRONG_TYPE, LATE, OUT_OF_ORDER, BOT_BURST_EVENTS,
        ABNORMAL_LOGIN_EVENTS, FREQUENT_LOGOUT_EVENTS, ABNORMAL_CART_QUANTITY, ABNORMAL_ORDER_AMOUNT}) {
      faults.put(k, 0L);
    }
  }

  void param(String k, Object v) { params.put(k, v); }
  void fault(String kind, long n) { faults.merge(kind, n, Long::sum); }
  void clean(String eventType, long n) { cleanByType.merge(eventType, n, Long::sum); }
  void base() { baseEvents++; }
  void written() { recordsWritten++; }
  void sessions(long n) { sessions = n; }

  void outcomeTruth(String formula, Map<Indicator, Double> importance) {
    truthFormula = formula;
    truthImportance.putAll(importance);
  }

  /**
   * The ground truth of the default outcome (later_gmv_per_viewer) in this run: each indicator's share
   * of its variation over the run's sessions (0 for an indicator it does not depend on; empty when the
   * manifest predates it).
   */
  public Map<Indicator, Double> outcomeTruth() { return Map.copyOf(truthImportance); }

  /** The formula of the outcome's ground truth, in words and symbols (null when the manifest predates it). */
  public String outcomeTruthFormula() { return truthFormula; }

  public long baseEvents() { return baseEvents; }
  public long recordsWritten() { return recordsWritten; }
  public Map<String, Long> faults() { return Map.copyOf(faults); }
  public long fault(String kind) { return faults.get(kind); }
  /** Base events that reach the One Big Table, by event type. */
  public Map<String, Long> cleanByType() { return Map.copyOf(cleanByType); }

  /** Rows ingestion must write to silver.events_obt. */
  public long expectedObtRows() { return cleanByType.values().stream().mapToLong(Long::longValue).sum(); }

  /** Records ingestion must remove as duplicates. */
  public long expectedDuplicates() {
    return fault(EXACT_DUPLICATE) + fault(REDELIVERED_DUPLICATE) + fault(ACCESS_LOG_DUPLICATE)
        + fault(ORDER_DUPLICATE) + fault(CART_READD_DUPLICATE);
  }

  /** Records ingestion must quarantine, by reason. */
  public Map<String, Long> expectedQuarantine() {
    Map<String, Long> q = new TreeMap<>();
    q.put("malformed_json", fault(MALFORMED_JSON));
    q.put("schema_violation", fault(MISSING_FIELD) + fault(WRONG_TYPE));
    q.put("late", fault(LATE));
    q.put("bot_burst", fault(BOT_BURST_EVENTS));
    q.put("abnormal_login", fault(ABNORMAL_LOGIN_EVENTS));
    q.put("frequent_logout", fault(FREQUENT_LOGOUT_EVENTS));
    q.put("abnormal_cart_quantity", fault(ABNORMAL_CART_QUANTITY));
    q.put("abnormal_order_amount", fault(ABNORMAL_ORDER_AMOUNT));
    q.values().removeIf(v -> v == 0);
    return q;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("params", params);
    m.put("sessions", sessions);
    m.put("base_events", baseEvents);
    m.put("records_written", recordsWritten);
    m.put("faults", faults);
    m.put("clean_events_by_type", cleanByType);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("obt_rows", expectedObtRows());
    expected.put("duplicates", expectedDuplicates());
    expected.put("quarantine", expectedQuarantine());
    m.put("expected_ingestion", expected);
    Map<String, Object> truth = new LinkedHashMap<>();
    truth.put("outcome", "later_gmv_per_viewer");
    truth.put("formula", truthFormula);
    Map<String, Double> importance = new LinkedHashMap<>();
    truthImportance.forEach((i, v) -> importance.put(i.name(), v));
    truth.put("importance", importance);
    m.put("outcome_truth", truth);
    return m;
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, JSON.writeValueAsString(toMap()) + "\n");
  }

  /** Reads a manifest written by the simulator (tests and the demo compare ingestion against it). */
  @SuppressWarnings("unchecked")
  public static Manifest read(Path file) throws IOException {
    Map<String, Object> m = JSON.readValue(file.toFile(), Map.class);
    Manifest r = new Manifest();
    r.baseEvents = ((Number) m.get("base_events")).longValue();
    r.recordsWritten = ((Number) m.get("records_written")).longValue();
    r.sessions = ((Number) m.get("sessions")).longValue();
    ((Map<String, Number>) m.get("faults")).forEach((k, v) -> r.faults.put(k, v.longValue()));
    ((Map<String, Number>) m.get("clean_events_by_type")).forEach((k, v) -> r.cleanByType.put(k, v.longValue()));
    r.params.putAll((Map<String, Object>) m.get("params"));
    Map<String, Object> truth = (Map<String, Object>) m.get("outcome_truth");
    if (truth != null) {
      r.truthFormula = (String) truth.get("formula");
      ((Map<String, Number>) truth.get("importance")).forEach((k, v) -> r.truthImportance.put(Indicator.valueOf(k), v.doubleValue()));
    }
    return r;
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(java.util.Locale.ROOT, "%,d base events in %,d sessions, %,d records written%n",
        baseEvents, sessions, recordsWritten));
    faults.forEach((k, v) -> {
      if (v > 0) sb.append(String.format(java.util.Locale.ROOT, "  %-32s %,d%n", k, v));
    });
    return sb.toString();
  }
}
