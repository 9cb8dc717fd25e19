package io.livelake.ingestion.kpis;

import io.livelake.ingestion.cleaning.RateGroup;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The open real-time KPI windows, held by the driver across micro-batches: per live session per
 * one-minute window the distinct viewers and buyers and the running counts and sums, so a batch
 * updates its windows without reading the One Big Table again.
 *
 * <p>The state holds every window from {@link #completeFrom()} on; windows before it (evicted behind
 * the watermark, or never loaded) must be rebuilt from the OBT with {@link #replaceMinutes}. Sums are
 * exact decimals of the values as they print (19.99 + 5.01 is 25.00), so a window's figures do not
 * depend on how its events were cut into batches.
 */
public final class KpiState {
  public static final long WINDOW_MS = 60_000L;

  private final NavigableMap<Long, Map<String, Window>> byMinute = new TreeMap<>();
  private long completeFrom;

  /** The event types a retraction can take out of a window (those of the rate rules). */
  private static final List<String> RETRACTABLE = RateGroup.allTypes();

  private static final class Window {
    String platform;
    String anchorId;
    /**
     * Each user's events in the window: all of them, then one count per {@link #RETRACTABLE} type,
     * so a retraction can take a user's events out, and the user with them when nothing is left.
     */
    final Map<String, int[]> users = new HashMap<>();
    final Set<String> buyers = new HashSet<>();
    long comments, likes, shares, gifts, productClicks, orders;
    BigDecimal giftValue = BigDecimal.ZERO;
    BigDecimal gmv = BigDecimal.ZERO;

    void add(KpiEvent e) {
      // Events of one session agree on platform and anchor; if not, the smallest wins, whatever the order.
      platform = smaller(platform, e.platform());
      anchorId = smaller(anchorId, e.anchorId());
      int[] user = users.computeIfAbsent(e.userId(), u -> new int[1 + RETRACTABLE.size()]);
      user[0]++;
      int t = RETRACTABLE.indexOf(e.type());
      if (t >= 0) user[1 + t]++;
      count(e.type(), 1);
      switch (e.type()) {
        case "gift" -> {
          gifts++;
          if (e.giftValue() != null) giftValue = giftValue.add(BigDecimal.valueOf(e.giftValue()));
        }
        case "order_paid" -> {
          orders++;
          buyers.add(e.userId());
          if (e.amount() != null) gmv = gmv.add(BigDecimal.valueOf(e.amount()));
        }
        case "order_refunded" -> {
          if (e.amount() != null) gmv = gmv.subtract(BigDecimal.valueOf(e.amount()));
        }
        default -> { }
      }
    }

    /** Takes {@code userId}'s events of {@code types} out (rate-rule types only, which carry no values). */
    void retract(String userId, Collection<String> types) {
      int[] user = users.get(userId);
      if (user == null) return;
      for (String type : types) {
        int t = RETRACTABLE.indexOf(type);
        int n = user[1 + t];
        user[1 + t] = 0;
        user[0] -= n;
        count(type, -n);
      }
      if (user[0] == 0) users.remove(userId);
    }

    private void count(String type, long n) {
      switch (type) {
        case "comment" -> comments += n;
        case "like" -> likes += n;
        case "share" -> shares += n;
        case "product_click" -> productClicks += n;
        default -> { }
      }
    }

    private static String smaller(String held, String seen) {
      return seen == null ? held : held == null || seen.compareTo(held) < 0 ? seen : held;
    }
  }

  /** Start (epoch ms) of the one-minute window holding the instant {@code ms}. */
  public static long windowStart(long ms) { return Math.floorDiv(ms, WINDOW_MS) * WINDOW_MS; }

  /** An empty state that holds every window from {@code completeFromMs} on (Long.MIN_VALUE: all of them). */
  public KpiState(long completeFromMs) { this.completeFrom = completeFromMs; }

  /** Windows starting at or after this time (epoch ms) are all held. */
  public long completeFrom() { return completeFrom; }

  /** Whether the state holds every window of the minute starting at {@code minuteMs}. */
  public boolean holds(long minuteMs) { return minuteMs >= completeFrom; }

  /** Counts an event into its window; events without a session have no window. */
  public void add(KpiEvent e) {
    if (e.sessionId() == null) return;
    byMinute.computeIfAbsent(e.minute(), m -> new HashMap<>()).computeIfAbsent(e.sessionId(), s -> new Window()).add(e);
  }

  /**
   * Takes {@code userId}'s events of {@code types} in [fromMs, toMs) out of their windows, as a
   * retraction takes them out of the OBT; a window left without users is gone. Only for held minutes.
   */
  public void retract(String userId, Collection<String> types, long fromMs, long toMs) {
    for (Map<String, Window> windows : byMinute.subMap(fromMs, toMs).values()) {
      windows.values().removeIf(w -> {
        w.retract(userId, types);
        return w.users.isEmpty();
      });
    }
  }

  /** Replaces every window of {@code minutes} with those of {@code events}, all the OBT holds for them. */
  public void replaceMinutes(Collection<Long> minutes, List<KpiEvent> events) {
    for (long m : minutes) byMinute.remove(m);
    for (KpiEvent e : events) {
      if (minutes.contains(e.minute())) add(e);
    }
  }

  /**
   * Forgets the windows no on-time event can reach any more: those ending at or before the
   * watermark (epoch ms). Later changes to them (a retraction) come through {@link #replaceMinutes}.
   */
  public void forgetBefore(long watermarkMs) {
    long minute = windowStart(watermarkMs);
    if (minute <= completeFrom) return;
    byMinute.headMap(minute).clear();
    completeFrom = minute;
  }

  /** Rows of gold.realtime_kpis (in its column order) for every held window of {@code minutes}. */
  public List<Row> rows(Collection<Long> minutes, Timestamp updatedAt) {
    List<Row> rows = new ArrayList<>();
    for (long m : minutes) {
      Map<String, Window> windows = byMinute.get(m);
      if (windows == null) continue;
      for (Map.Entry<String, Window> s : windows.entrySet()) {
        Window w = s.getValue();
        long viewers = w.users.size();
        long buyers = w.buyers.size();
        rows.add(RowFactory.create(s.getKey(), new Timestamp(m), new Timestamp(m + WINDOW_MS), w.platform, w.anchorId,
            viewers, w.comments, w.likes, w.shares, w.gifts, w.giftValue.doubleValue(), w.productClicks, w.orders,
            buyers, w.gmv.setScale(2, RoundingMode.HALF_UP).doubleValue(),
            viewers > 0 ? (double) buyers / viewers : 0.0, updatedAt));
      }
    }
    return rows;
  }

  /** Windows held (for --verbose and tests). */
  public int size() { return byMinute.values().stream().mapToInt(Map::size).sum(); }
}
