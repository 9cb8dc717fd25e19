package io.livelake.ingestion.kpis;

import static org.apache.spark.sql.functions.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.ExpiredTimerInfo;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one-minute windows of gold.realtime_kpis kept up to date from the One Big Table's change feed in
 * Spark's state store, one key per minute: each window's figures and each of its users' rows and paid
 * orders, so an insert or a delete updates the distinct viewers and buyers exactly without reading the
 * OBT back. A minute's state is dropped once the input's watermark (the OBT's commit times) passes
 * {@code retention} after the batch of its last change, and the minute marked: a later change to it (a
 * late retraction, an erasure) has it recounted from the OBT by the caller, as has a delete of a row
 * the state never held.
 */
final class KpiWindowsProcessor extends StatefulProcessor<Long, Row, Row> {
  static final DataType SUM = DataTypes.createDecimalType(38, 10);

  /**
   * Per minute a batch changed, one row without a session (with {@code recount} when the OBT must give
   * that minute's windows, and the number of changes), then, unless recounted, one row per window the
   * minute has now.
   */
  static final StructType OUTPUT = new StructType()
      .add("minute_ms", DataTypes.LongType, false)
      .add("recount", DataTypes.BooleanType, false)
      .add("changes", DataTypes.LongType)
      .add("session_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType)
      .add("anchor_id", DataTypes.StringType)
      .add("viewers", DataTypes.LongType)
      .add("comments", DataTypes.LongType)
      .add("likes", DataTypes.LongType)
      .add("shares", DataTypes.LongType)
      .add("gifts", DataTypes.LongType)
      .add("gift_value", SUM)
      .add("product_clicks", DataTypes.LongType)
      .add("orders", DataTypes.LongType)
      .add("buyers", DataTypes.LongType)
      .add("gmv", SUM);

  private final long retentionMs;
  /** Each window's {@link WindowTotals}, by session. */
  private transient MapState<String, byte[]> windows;
  /** Rows and paid orders of a user in a window, packed high and low, by session and user. */
  private transient MapState<String, Long> members;
  /** The minute's state was dropped (or found wrong): the OBT gives its windows from now on. */
  private transient ValueState<Boolean> recounted;
  private transient ValueState<Long> expiry;

  KpiWindowsProcessor(Duration retention) { this.retentionMs = retention.toMillis(); }

  /**
   * The windows of the changes given as a stream of {@link #OUTPUT} rows. A change has the columns sign
   * (+1 for a row inserted or an update's new image, -1 for one deleted or an update's old image),
   * minute_ms, session_id (not null), user_id, event_type, gift_value, amount, platform and anchor_id.
   */
  static Dataset<Row> windows(Dataset<Row> changes, Duration retention) {
    return changes.select(col("sign"), col("minute_ms"), col("session_id"), col("user_id"), col("event_type"),
            col("gift_value").cast(SUM), col("amount").cast(SUM), col("platform"), col("anchor_id"))
        .groupByKey((MapFunction<Row, Long>) r -> r.getLong(1), Encoders.LONG())
        .transformWithState(new KpiWindowsProcessor(retention), TimeMode.EventTime(), OutputMode.Append(),
            Encoders.row(OUTPUT));
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    var h = getHandle();
    windows = h.getMapState("windows", Encoders.STRING(), Encoders.BINARY(), TTLConfig.NONE());
    members = h.getMapState("members", Encoders.STRING(), Encoders.LONG(), TTLConfig.NONE());
    recounted = h.getValueState("recounted", Encoders.BOOLEAN(), TTLConfig.NONE());
    expiry = h.getValueState("expiry", Encoders.LONG(), TTLConfig.NONE());
  }

  @Override
  public Iterator<Row> handleInputRows(Long minute, Iterator<Row> rows, TimerValues timerValues) {
    Map<String, WindowTotals> touched = new HashMap<>();
    Map<String, Map<String, long[]>> memberChanges = new HashMap<>();
    long changes = 0;
    boolean recount = recounted.exists();
    while (rows.hasNext()) {
      Row r = rows.next();
      changes++;
      if (recount) continue;
      int sign = r.getInt(0);
      String session = r.getString(2);
      String type = r.getString(4);
      touched.computeIfAbsent(session, s -> WindowTotals.of(windows.getValue(s)))
          .add(sign, type, (BigDecimal) r.get(5), (BigDecimal) r.get(6), r.getString(7), r.getString(8));
      if (!r.isNullAt(3)) {
        long[] d = memberChanges.computeIfAbsent(session, s -> new HashMap<>())
            .computeIfAbsent(r.getString(3), u -> new long[2]);
        d[0] += sign;
        if ("order_paid".equals(type)) d[1] += sign;
      }
    }
    if (recount) return CollectionConverters.asScala(List.of(marker(minute, true, changes)).iterator());
    if (!apply(touched, memberChanges)) {
      dropState();
      return CollectionConverters.asScala(List.of(marker(minute, true, changes)).iterator());
    }
    if (expiry.exists()) getHandle().deleteTimer(expiry.get());
    long at = timerValues.getCurrentProcessingTimeInMs() + retentionMs;
    getHandle().registerTimer(at);
    expiry.update(at);
    List<Row> out = new ArrayList<>();
    out.add(marker(minute, false, changes));
    var all = windows.iterator();
    while (all.hasNext()) {
      var w = all.next();
      Object[] values = new Object[OUTPUT.size()];
      values[0] = minute;
      values[1] = false;
      values[3] = w._1();
      System.arraycopy(WindowTotals.of(w._2()).figures(), 0, values, 4, OUTPUT.size() - 4);
      out.add(RowFactory.create(values));
    }
    return CollectionConverters.asScala(out.iterator());
  }

  /**
   * Writes the batch's changes into the minute's state: each user's counts, the viewers and buyers they
   * join or leave, the windows. False when a count would go below zero, which the state then cannot say.
   */
  private boolean apply(Map<String, WindowTotals> touched, Map<String, Map<String, long[]>> memberChanges) {
    for (var bySession : memberChanges.entrySet()) {
      WindowTotals w = touched.get(bySession.getKey());
      for (var e : bySession.getValue().entrySet()) {
        // The session's length first, so no two (session, user) pairs share a key.
        String key = bySession.getKey().length() + ":" + bySession.getKey() + e.getKey();
        Long packed = members.getValue(key);
        long rowsBefore = packed == null ? 0 : packed >>> 32;
        long paidBefore = packed == null ? 0 : packed & 0xffffffffL;
        long rowsAfter = rowsBefore + e.getValue()[0];
        long paidAfter = paidBefore + e.getValue()[1];
        if (rowsAfter < 0 || paidAfter < 0 || paidAfter > rowsAfter) return false;
        w.viewers += Long.signum(rowsAfter) - Long.signum(rowsBefore);
        w.buyers += Long.signum(paidAfter) - Long.signum(paidBefore);
        if (rowsAfter == 0) members.removeKey(key); else members.updateValue(key, rowsAfter << 32 | paidAfter);
      }
    }
    for (var e : touched.entrySet()) {
      WindowTotals w = e.getValue();
      if (w.isInconsistent()) return false;
      if (w.isEmpty()) windows.removeKey(e.getKey()); else windows.updateValue(e.getKey(), w.bytes());
    }
    return true;
  }

  @Override
  public Iterator<Row> handleExpiredTimer(Long minute, TimerValues timerValues, ExpiredTimerInfo expired) {
    expiry.clear(); // Spark has removed the timer that fired
    dropState();
    return CollectionConverters.asScala(List.<Row>of().iterator());
  }

  /** Forgets the minute's windows for good: the OBT gives them from now on. */
  private void dropState() {
    windows.clear();
    members.clear();
    if (expiry.exists()) {
      getHandle().deleteTimer(expiry.get());
      expiry.clear();
    }
    recounted.update(true);
  }

  private static Row marker(long minute, boolean recount, long changes) {
    Object[] values = new Object[OUTPUT.size()];
    values[0] = minute;
    values[1] = recount;
    values[2] = changes;
    return RowFactory.create(values);
  }
}
