package io.livelake.ingestion.kpis;

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

  private static final class Window {
    String platform;
    String anchorId;
    final Set<String> viewers = new HashSet<>();
    final Set<String> buyers = new HashSet<>();
    long comments, likes, shares, gifts, productClicks, orders;
    BigDecimal giftValue = BigDecimal.ZERO;
    BigDecimal gmv = BigDecimal.ZERO;

    void add(KpiEvent e) {
      // Events of one session agree on platform and anchor; if not, the smallest wins, whatever the order.
      platform = smaller(platform, e.platform());
      anchorId = smaller(anchorId, e.anchorId());
      viewers.add(e.userId());
      switch (e.type()) {
        case "comment" -> comments++;
        case "like" -> likes++;
        case "share" -> shares++;
        case "gift" -> {
          gifts++;
          if (e.giftValue() != null) giftValue = giftValue.add(BigDecimal.valueOf(e.giftValue()));
        }
        case "product_click" -> productClicks++;
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
        long viewers = w.viewers.size();
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
