package io.livelake.bench;

import static org.apache.spark.sql.functions.col;

import io.livelake.catalog.Tables;
import io.livelake.indicators.Indicator;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Another engine's per-session rows checked against LiveLake's, value by value, on every column
 * gold.session_indicators computes before normalization: the schedule, the counts, the 14 raw
 * indicators and the two outcomes. Counts, strings, dates and instants must be equal; doubles within
 * {@link #RELATIVE} of each other (the engines divide in the same order, but a double sum over
 * differently ordered rows may round differently in the last bits).
 */
final class IndicatorRowsMatch {
  private IndicatorRowsMatch() {}

  static final double RELATIVE = 1e-9;

  /**
   * The columns compared: gold.session_indicators' less the min-max normalized n_* (they depend on the
   * whole table, not the session) and the outcome's selection and run time (settings, not computations).
   */
  static final List<String> COLUMNS = Arrays.stream(Tables.SESSION_INDICATORS.schema().fields())
      .map(StructField::name)
      .filter(c -> !Indicator.normalizedColumns().contains(c) && !Set.of("outcome", "outcome_source", "computed_at").contains(c))
      .toList();

  /** Rows keyed by session_id, each value converted by {@link #comparable}. */
  record Rows(List<String> columns, Map<String, Map<String, Object>> bySession) {
    /** The rows of a JDBC result, closing it; timestamps without zone are read as UTC. */
    static Rows of(ResultSet r) throws SQLException {
      try (r) {
        ResultSetMetaData m = r.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= m.getColumnCount(); i++) columns.add(m.getColumnName(i));
        Map<String, Map<String, Object>> bySession = new HashMap<>();
        while (r.next()) {
          Map<String, Object> values = new HashMap<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object v = switch (m.getColumnType(i)) {
              case Types.TIMESTAMP -> r.getObject(i, LocalDateTime.class);
              case Types.TIMESTAMP_WITH_TIMEZONE -> r.getObject(i, OffsetDateTime.class);
              case Types.DATE -> r.getObject(i, LocalDate.class);
              default -> r.getObject(i);
            };
            values.put(columns.get(i - 1), comparable(v));
          }
          bySession.put((String) values.get("session_id"), values);
        }
        return new Rows(columns, bySession);
      }
    }

    /** {@code rows}' {@link #COLUMNS}, collected to the driver (a few thousand sessions). */
    static Rows of(Dataset<Row> rows) {
      Map<String, Map<String, Object>> bySession = new HashMap<>();
      for (Row r : rows.select(COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new)).collectAsList()) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) values.put(COLUMNS.get(i), comparable(r.get(i)));
        bySession.put(r.getString(0), values);
      }
      return new Rows(COLUMNS, bySession);
    }
  }

  /**
   * Checks {@code peer}'s rows against LiveLake's, {@code ours}: the same columns ({@link #COLUMNS}, so no
   * computed column goes unchecked), the same sessions, equal values. Returns the number of values
   * compared; throws naming each differing session and column (the first 20) otherwise.
   */
  static long check(Rows peer, Rows ours, String peerName, String livelakeName) {
    if (!new TreeSet<>(peer.columns()).equals(new TreeSet<>(COLUMNS))) {
      throw new IllegalStateException(peerName + " has columns " + new TreeSet<>(peer.columns()) + "; expected " + new TreeSet<>(COLUMNS));
    }
    List<String> differences = new ArrayList<>();
    Set<String> sessions = new TreeSet<>(ours.bySession().keySet());
    sessions.addAll(peer.bySession().keySet());
    long compared = 0;
    for (String session : sessions) {
      Map<String, Object> a = ours.bySession().get(session);
      Map<String, Object> b = peer.bySession().get(session);
      if (a == null || b == null) {
        differences.add("session " + session + " only in " + (a == null ? peerName : livelakeName));
        continue;
      }
      for (String c : COLUMNS) {
        compared++;
        if (!same(a.get(c), b.get(c))) {
          differences.add(String.format(Locale.ROOT, "session %s column %s: %s %s, %s %s", session, c, livelakeName,
              a.get(c), peerName, b.get(c)));
        }
      }
    }
    if (compared == 0) throw new IllegalStateException("no sessions to compare");
    if (!differences.isEmpty()) {
      throw new IllegalStateException(differences.size() + " differences between " + livelakeName + " and " + peerName
          + ":\n  " + String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))));
    }
    return compared;
  }

  /** Whether two converted values agree: doubles within {@link #RELATIVE}, anything else equal (both null included). */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) return a == b;
    if (a instanceof Double x && b instanceof Double y) {
      return x.equals(y) || Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y));
    }
    return a.equals(b);
  }

  /**
   * The engines' Java types brought to one each: integers as Long, floats as Double, instants as
   * Instant (Spark's Timestamp and DuckDB's zoned or UTC local times), dates as LocalDate.
   */
  static Object comparable(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof BigInteger b) return b.longValueExact();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof Timestamp t) return t.toInstant();
    if (v instanceof OffsetDateTime o) return o.toInstant();
    if (v instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC);
    if (v instanceof java.sql.Date d) return d.toLocalDate();
    return v;
  }
}
