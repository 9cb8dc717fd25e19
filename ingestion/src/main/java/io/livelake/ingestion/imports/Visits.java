package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The visits an imported log implies, woven into its records. A shop's log has no access events, yet the indicators
 * count a session's viewers (and so its conversion, growth, watch time and outcome) by enter_room and heartbeat:
 * without them every imported room had no viewer. A user's events in one room with no gap longer than {@link #GAP_MS}
 * make one visit, an {@code enter_room} at its first event and a {@code leave_room} at its last. A visit within one
 * millisecond (most often of one event) gets no leave_room: with an enter_room alone a viewer watched 0 s, as with
 * both at one time, and a log of scattered single events stages a record fewer per row.
 *
 * <p>It follows the records of a whole import in time order (one file's, or several files' merged), so a visit is
 * the user's whatever file its rows are in, and passes them on with the visits among them: a visit's enter before the
 * events of its first millisecond, its leave after those of its last. A leave is known only once its user has been
 * away for {@link #GAP_MS}, so the records of that last stretch of time wait in memory.
 */
final class Visits {
  /** The inactivity that ends a visit: web analytics' usual session timeout. */
  static final long GAP_MS = 30 * 60_000L;
  /** The field that marks a synthesized record in its payload. */
  static final String SYNTHESIZED = "import_synthesized";

  /** Where the records go, in order: {@code text} is the record as it was read, or null for one to write. */
  interface Sink {
    void accept(ObjectNode record, String text) throws IOException;
  }

  private static final int ENTER = 0;
  private static final int EVENT = 1;
  private static final int LEAVE = 2;

  /**
   * A record on its way out: time, then enter before the events of a millisecond and leave after them, then the order
   * the events came in (a visit's enter and leave take their first and last event's place).
   */
  private record Waiting(long time, int rank, long seq, ObjectNode record, String text) {
    static final Comparator<Waiting> ORDER = Comparator.comparingLong(Waiting::time).thenComparingInt(Waiting::rank)
        .thenComparingLong(Waiting::seq);
  }

  private static final class Open {
    final ObjectNode first;
    ObjectNode last;
    long lastSeq;

    Open(ObjectNode first) { this.first = first; }
  }

  private final Sink out;
  private final PriorityQueue<Waiting> waiting = new PriorityQueue<>(Waiting.ORDER);
  /** Open visits by user and room, the least recently active first (records come in time order). */
  private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true);
  private long seq;
  private long made;

  Visits(Sink out) { this.out = out; }

  /** Visits made so far: an enter_room each, and a leave_room if it lasts. */
  long made() { return made; }

  /**
   * Follows {@code record} ({@code text}: as it was read, or null), the next in time order; a row that did not convert
   * has no time and comes first, and an event without a user or a room (ingestion quarantines it) is no one's visit.
   */
  void add(ObjectNode record, String text) throws IOException {
    long s = seq++;
    JsonNode time = record.get("event_time");
    if (time == null) {
      waiting.add(new Waiting(Long.MIN_VALUE, EVENT, s, record, text));
      return;
    }
    long t = time.longValue();
    // Every visit idle for longer than the gap has ended: its leave is known, and nothing can come before it any more.
    for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
      Open v = it.next();
      if (t - time(v.last) <= GAP_MS) break;
      close(v);
      it.remove();
    }
    JsonNode user = record.get("user_id");
    JsonNode room = record.get("session_id");
    if (user != null && room != null) {
      String key = user.asText() + '\u0000' + room.asText();
      Open v = open.get(key);
      if (v == null) {
        v = new Open(record);
        open.put(key, v);
        waiting.add(new Waiting(t, ENTER, s, access(record, "enter_room"), null));
        made++;
      }
      v.last = record;
      v.lastSeq = s;
    }
    waiting.add(new Waiting(t, EVENT, s, record, text));
    // Open visits were active within the gap, so a leave still to come is at t - GAP_MS or later.
    while (!waiting.isEmpty() && waiting.peek().time() < t - GAP_MS) pass(waiting.poll());
  }

  /** Ends the visits still open at their last event and passes on every record still waiting. */
  void end() throws IOException {
    open.values().forEach(this::close);
    open.clear();
    while (!waiting.isEmpty()) pass(waiting.poll());
  }

  private void close(Open v) {
    if (time(v.last) > time(v.first)) waiting.add(new Waiting(time(v.last), LEAVE, v.lastSeq, access(v.last, "leave_room"), null));
  }

  private void pass(Waiting w) throws IOException { out.accept(w.record(), w.text()); }

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
