package io.livelake.indicators;

import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;

/** Hand-built rows of silver.events_obt: sessions with a schedule, and events at given UTC times. */
final class ObtRows {
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final Map<String, Map<String, Object>> sessions = new HashMap<>();
  private int next;

  /** Declares a session: its anchor, platform and schedule (ISO instants). */
  ObtRows session(String id, String anchor, String platform, String start, String end) {
    sessions.put(id, Map.of("session_id", id, "anchor_id", anchor, "anchor_name", "name of " + anchor,
        "platform", platform, "session_start", ts(start), "session_end", ts(end)));
    return this;
  }

  /** An event in a declared session, with extra fields as key, value pairs. */
  ObtRows in(String session, String type, String user, String time, Object... fields) {
    Map<String, Object> e = new HashMap<>(sessions.get(session));
    return add(e, type, user, time, fields);
  }

  /** An event outside any session (a shop order, a login). */
  ObtRows shop(String type, String user, String platform, String time, Object... fields) {
    Map<String, Object> e = new HashMap<>();
    e.put("platform", platform);
    return add(e, type, user, time, fields);
  }

  private ObtRows add(Map<String, Object> e, String type, String user, String time, Object... fields) {
    e.put("event_id", "e" + (++next));
    e.put("event_type", type);
    e.put("user_id", user);
    Timestamp t = ts(time);
    e.put("event_time", t);
    e.put("event_date", Date.valueOf(t.toInstant().atZone(ZoneOffset.UTC).toLocalDate()));
    for (int i = 0; i < fields.length; i += 2) e.put((String) fields[i], fields[i + 1]);
    events.add(e);
    return this;
  }

  List<Row> rows() {
    List<Row> out = new ArrayList<>();
    StructField[] f = Tables.EVENTS_OBT.schema().fields();
    for (Map<String, Object> e : events) {
      Object[] v = new Object[f.length];
      for (int i = 0; i < f.length; i++) v[i] = e.get(f[i].name());
      out.add(RowFactory.create(v));
    }
    return out;
  }

  Dataset<Row> dataset() {
    return TestSpark.session().createDataFrame(rows(), Tables.EVENTS_OBT.schema());
  }

  static Timestamp ts(String iso) { return Timestamp.from(Instant.parse(iso)); }
}
