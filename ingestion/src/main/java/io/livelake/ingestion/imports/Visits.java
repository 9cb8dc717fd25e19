package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The visits an imported log implies. A shop's log has no access events, yet the indicators count a session's viewers
 * (and so its conversion, growth, watch time and outcome) by enter_room and heartbeat: without them every imported room
 * had no viewer. A user's events in one room with no gap longer than {@link #GAP_MS} make one visit, an
 * {@code enter_room} at its first event and a {@code leave_room} at its last. A visit within one millisecond (most
 * often of one event) gets no leave_room: with an enter_room alone a viewer watched 0 s, as with both at one time, and
 * a log of scattered single events stages a record fewer per row.
 */
final class Visits {
  /** The inactivity that ends a visit: web analytics' usual session timeout. */
  static final long GAP_MS = 30 * 60_000L;
  /** The field that marks a synthesized record in its payload. */
  static final String SYNTHESIZED = "import_synthesized";

  private final List<ObjectNode> made = new ArrayList<>();
  private final Map<String, Open> open = new HashMap<>();

  private static final class Open {
    ObjectNode first;
    ObjectNode last;
  }

  /**
   * Follows {@code event}, the next converted record in time order; an event without a user or a room (ingestion
   * quarantines it) is no one's visit.
   */
  void add(ObjectNode event) {
    JsonNode user = event.get("user_id");
    JsonNode room = event.get("session_id");
    if (user == null || room == null) return;
    Open v = open.computeIfAbsent(user.asText() + '\u0000' + room.asText(), k -> new Open());
    if (v.first != null && time(event) - time(v.last) > GAP_MS) close(v);
    if (v.first == null) v.first = event;
    v.last = event;
  }

  /** The enter_room and leave_room records of every visit followed, the open ones closed at their last event. */
  List<ObjectNode> records() {
    open.values().forEach(this::close);
    open.clear();
    return made;
  }

  private void close(Open v) {
    made.add(access(v.first, "enter_room"));
    if (time(v.last) > time(v.first)) made.add(access(v.last, "leave_room"));
    v.first = null;
    v.last = null;
  }

  /**
   * An access event at {@code at}'s time, traced to its input line; its id is that event's with the type's suffix,
   * unique since a visit that lasts starts and ends at different events.
   */
  private static ObjectNode access(ObjectNode at, String type) {
    ObjectNode a = at.objectNode();
    a.put("schema_version", 1).put("event_id", at.get("event_id").asText() + ":" + type).put("event_type", type)
        .set("event_time", at.get("event_time"));
    for (String f : List.of("platform", "user_id", "session_id", "anchor_id", Staging.FILE, Staging.LINE)) {
      a.set(f, at.get(f));
    }
    return a.put(SYNTHESIZED, "visit");
  }

  private static long time(ObjectNode e) { return e.get("event_time").longValue(); }
}
