package io.livelake.ingestion.cleaning;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.TimerValues;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The cleaning processor in a real streaming query (RocksDB state store, a checkpoint): it must give the
 * driver-side state's verdicts and retractions, batch by batch, however the query is stopped and restarted.
 */
class CleaningProcessorTest {
  private static final long T = 1_793_491_200_000L;
  private static final CleaningRules RULES =
      new CleaningRules(600_000L, 3_600_000L, 3, 30, 120, 2, 20, 50, 10_000L, 0.5, 200_000, 100_000, 300_000L, 1 << 20);
  private static final String[] TYPES = {"heartbeat", "enter_room", "product_click", "product_click", "comment",
      "login", "cart_add", "order_paid", "like"};

  /**
   * {@code batches} micro-batches of two partitions (users split between them, as a topic keyed by user is),
   * {@code minutes} apart in event time: out-of-order and late events, redeliveries, access-log and order
   * re-sends, cart re-adds, other events under an earlier id, click bursts that cross batches.
   */
  static List<List<EventKey>> stream(int batches, long minutes, long seed) {
    Random r = new Random(seed);
    long[] offsets = new long[2];
    List<EventKey> sent = new ArrayList<>();
    List<List<EventKey>> out = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<EventKey> batch = new ArrayList<>();
      long now = T + b * minutes * 60_000L;
      for (int i = 0; i < 80; i++) {
        int u = r.nextInt(12);
        int p = u % 2;
        String user = "u" + u;
        long time = now + r.nextInt(90_000) - (r.nextInt(10) == 0 ? 12 * 60_000L : 0);
        String type = TYPES[r.nextInt(TYPES.length)];
        EventKey e;
        int copy = r.nextInt(10);
        EventKey earlier = sent.isEmpty() ? null : sent.get(sent.size() - 1 - r.nextInt(Math.min(sent.size(), 40)));
        if (copy == 0 && earlier != null) { // a redelivery: the same event id, again
          e = at(earlier, earlier.partition(), offsets[earlier.partition()]++, earlier.eventId(), earlier.time());
        } else if (copy == 1 && earlier != null) { // the same event, re-sent with another id
          e = at(earlier, earlier.partition(), offsets[earlier.partition()]++, "x" + b + "-" + i, earlier.time());
        } else if (copy == 2 && earlier != null && earlier.type().equals("cart_add")) { // added again seconds later
          e = at(earlier, earlier.partition(), offsets[earlier.partition()]++, "r" + b + "-" + i,
              earlier.time() + 4_000);
        } else if (copy == 3 && earlier != null) { // another event of a user of its partition under its id
          int other = 2 * r.nextInt(6) + earlier.partition();
          e = new EventKey(earlier.partition(), null, offsets[earlier.partition()]++, null, earlier.eventId(), type, time,
              "u" + other, "s" + (other % 3), "p" + r.nextInt(3), null, false);
        } else {
          String session = type.equals("login") ? null : "s" + (u % 3);
          String order = type.equals("order_paid") ? "o|" + user + b + i + "|order_paid|" + time + "|[]" : null;
          e = new EventKey(p, null, offsets[p]++, null, "e" + b + "-" + i, type, time, user, session,
              "p" + r.nextInt(3), order, r.nextInt(40) == 0);
        }
        batch.add(e);
        sent.add(e);
      }
      for (long at : new long[] {now + 30_000, now - minutes * 60_000L + 40_000}) { // u4's clicks: a burst over two batches
        for (int k = 0; k < 2; k++) {
          batch.add(new EventKey(0, null, offsets[0]++, null, "c" + b + "-" + at + "-" + k, "product_click", at, "u4",
              "s1", "p1", null, false));
        }
      }
      out.add(batch);
    }
    return out;
  }

  private static EventKey at(EventKey e, int partition, long offset, String id, long time) {
    return new EventKey(partition, null, offset, null, id, e.type(), time, e.userId(), e.sessionId(), e.productId(),
        e.orderKey(), e.abnormal());
  }

  /** The driver-side state's outcome of each batch, as the rows the processor writes. */
  static List<List<String>> expected(List<List<EventKey>> batches) {
    return expected(new CleaningState(RULES), batches);
  }

  /** As {@link #expected(List)}, {@code state} judging. */
  static List<List<String>> expected(CleaningState state, List<List<EventKey>> batches) {
    List<List<String>> out = new ArrayList<>();
    for (List<EventKey> batch : batches) {
      CleaningState.Judgement j = state.judge(batch, 0L);
      List<String> rows = new ArrayList<>();
      for (Verdict v : j.verdicts()) {
        rows.add(String.join(" ", v.kind(), v.code(), "p" + v.event().partition(), "@" + v.event().offset(),
            v.event().eventId(), String.valueOf(v.detail())));
      }
      for (Retraction t : j.retractions()) {
        rows.add(String.join(" ", CleaningProcessor.RETRACTION, t.reason(), t.userId(), t.types().toString(),
            t.fromMs() + "-" + t.toMs(), "n" + t.events(), t.detail()));
      }
      rows.sort(null);
      out.add(rows);
    }
    return out;
  }

  private static String describe(Row r) {
    if (r.getString(0).equals(CleaningProcessor.RETRACTION)) {
      return String.join(" ", r.getString(0), r.getString(6), r.getString(8),
          CollectionConverters.asJava(r.<scala.collection.Seq<String>>getAs("types")).toString(),
          r.getLong(10) + "-" + r.getLong(11), "n" + r.getLong(12), r.getString(7));
    }
    return String.join(" ", r.getString(0), r.getString(6), "p" + r.getInt(1), "@" + r.getLong(3), r.getString(5),
        String.valueOf(r.getString(7)));
  }

  /** Runs the processor over the batches, one micro-batch each, restarting the query before {@code restartAt}. */
  private static List<List<String>> judged(List<List<EventKey>> batches, int... restartAt) throws TimeoutException {
    return judged(batches, null, new ArrayList<>(), restartAt);
  }

  private static List<List<String>> judged(List<List<EventKey>> batches, StateLoader.Seed seed, List<Long> stateRows,
      int... restartAt) throws TimeoutException {
    return judged(batches, seed, stateRows, TestSpark.newDir("cleaning-processor").toString(), restartAt);
  }

  /**
   * As above, the state starting from {@code seed} (null: empty), noting the state store's rows after each batch
   * (from the query's progress) in {@code stateRows}, the query's checkpoint in {@code checkpoint}.
   */
  private static List<List<String>> judged(List<List<EventKey>> batches, StateLoader.Seed seed, List<Long> stateRows,
      String checkpoint, int... restartAt) throws TimeoutException {
    SparkSession spark = TestSpark.session();
    MemoryStream<Row> input = MemoryStream.apply(1, spark.sqlContext(), Option.apply(2),
        Encoders.row(CleaningProcessor.INPUT));
    var judged = CleaningProcessor.judge(input.toDF(), RULES, seed);
    // By batch id, so a batch replayed after a restart replaces its first try.
    Map<Long, List<String>> written = new java.util.concurrent.ConcurrentSkipListMap<>();
    List<List<String>> out = new ArrayList<>();
    StreamingQuery query = null;
    for (int b = 0; b < batches.size(); b++) {
      if (query == null || java.util.Arrays.stream(restartAt).anyMatch(Integer.valueOf(b)::equals)) {
        if (query != null) query.stop();
        query = judged.writeStream().option("checkpointLocation", checkpoint)
            .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (rows, id) -> {
              List<String> seen = new ArrayList<>();
              for (Row r : rows.collectAsList()) seen.add(describe(r));
              seen.sort(null);
              written.put(id, seen);
            }).start();
      }
      List<Row> rows = new ArrayList<>();
      for (EventKey e : batches.get(b)) rows.add(CleaningProcessor.input(e));
      input.addData(CollectionConverters.asScala(rows));
      query.processAllAvailable();
      stateRows.add(query.lastProgress().stateOperators()[0].numRowsTotal());
    }
    out.addAll(written.values());
    query.stop();
    return out;
  }

  @Test
  void givesTheDriverStatesVerdictsBatchByBatch() throws Exception {
    var batches = stream(8, 3, 1);
    var expected = expected(batches);
    Map<String, Integer> byRule = new TreeMap<>();
    for (List<String> rows : expected) for (String s : rows) byRule.merge(s.split(" ", 3)[0] + " " + s.split(" ")[1], 1, Integer::sum);
    // The stream exercises every rule, so agreeing is not agreeing on nothing.
    assertEquals(List.of("duplicate access_log", "duplicate cart_readd", "duplicate event_id", "duplicate order",
        "quarantine abnormal_login", "quarantine bot_burst", "quarantine event_id_reused", "quarantine late",
        "retraction abnormal_login",
        "retraction bot_burst"), List.copyOf(byRule.keySet()), byRule.toString());
    assertEquals(expected, judged(batches));
  }

  @Test
  void aStopAndRestartsGoOnFromTheCheckpointedState() throws Exception {
    var batches = stream(8, 3, 2);
    assertEquals(expected(batches), judged(batches, 3, 6));
  }

  @Test
  void stateStaysBoundedAndAQuietPartitionHoldsNothingBack() throws Exception {
    var batches = stream(50, 3, 3); // two and a half hours
    for (int b = 10; b < batches.size(); b++) batches.get(b).removeIf(e -> e.partition() == 1); // then quiet
    List<Long> rows = new ArrayList<>();
    String checkpoint = TestSpark.newDir("cleaning-processor").toString();
    assertEquals(expected(batches), judged(batches, null, rows, checkpoint));
    // Spark's state data source reads what the driver's state would keep with each partition on its own clock
    // (the driver's one clock is the slowest partition's, which the quiet one holds back).
    long held = 0;
    for (int p = 0; p < 2; p++) {
      CleaningState alone = new CleaningState(RULES);
      for (List<EventKey> batch : batches) {
        int partition = p;
        alone.judge(batch.stream().filter(e -> e.partition() == partition).toList(), 0L);
      }
      held += alone.size();
    }
    Map<String, Long> stored = CleaningProcessor.storedEntries(TestSpark.session(), checkpoint);
    assertEquals(List.of("event keys", "cart-add series", "rate buckets"), List.copyOf(stored.keySet()));
    assertTrue(stored.values().stream().allMatch(n -> n > 0), stored.toString());
    assertEquals(held, stored.values().stream().mapToLong(Long::longValue).sum(), stored.toString());
    long afterOneHour = rows.get(20);
    long max = rows.stream().mapToLong(Long::longValue).max().getAsLong();
    assertTrue(rows.get(49) <= afterOneHour * 11 / 10 && max < afterOneHour * 2, rows.toString());
  }

  @Test
  void aQueryStartedFromASeedJudgesAsTheDriversStateReloadedFromIt() throws Exception {
    var batches = stream(8, 3, 4);
    int k = 4;
    // What a restart reloads from the lake: the events the first batches accepted and those a rate rule quarantined.
    CleaningState before = new CleaningState(RULES);
    List<Row> kept = new ArrayList<>();
    for (List<EventKey> batch : batches.subList(0, k)) {
      Map<EventKey, Verdict> verdicts = new java.util.IdentityHashMap<>();
      for (Verdict v : before.judge(batch, 0L).verdicts()) verdicts.put(v.event(), v);
      for (EventKey e : batch) {
        Verdict v = verdicts.get(e);
        boolean rate = v != null && RateGroup.reasons().contains(v.code());
        if (v == null || rate) {
          kept.add(RowFactory.create(e.partition(), rate, e.eventId(), e.type(), e.time(), e.userId(), e.sessionId(),
              e.productId(), e.orderKey()));
        }
      }
    }
    assertTrue(kept.stream().anyMatch(r -> r.getBoolean(1)), "the seed holds rate-quarantined events");
    StateLoader.Seed seed = new StateLoader.Seed(before.partitionMax(), before.watermark(),
        TestSpark.session().createDataFrame(kept, StateLoader.SEED_EVENT));
    CleaningState reloaded = seed.clockedState(RULES);
    for (Row r : kept) StateLoader.remember(reloaded, r);

    var rest = batches.subList(k, batches.size());
    var expected = expected(reloaded, rest);
    assertNotEquals(expected(rest), expected, "what the seed holds changes verdicts");
    assertEquals(expected, judged(rest, seed, new ArrayList<>()));
  }

  /**
   * With its rows carried, the processor hands each row on before it reads the next: a task holds a batch's keys,
   * never its rows. (The judgement at the end needs the state store, so this stops before the last row.)
   */
  @Test
  void aCarriedRowPassesOnBeforeTheNextIsRead() {
    int[] read = {0};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Row in = CleaningProcessor.input(new EventKey(0, null, (long) i, null, "e" + i, "like", T + i, "u1", "s1", null,
          null, false));
      List<Object> values = new ArrayList<>(CollectionConverters.asJava(in.toSeq()));
      values.add(true);
      values.add(RowFactory.create("payload " + i));
      rows.add(RowFactory.create(values.toArray()));
    }
    java.util.Iterator<Row> counted = new java.util.Iterator<>() {
      private final java.util.Iterator<Row> it = rows.iterator();
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public Row next() { read[0]++; return it.next(); }
    };
    var out = new CleaningProcessor(RULES, true).handleInputRows(0, CollectionConverters.asScala(counted),
        new TimerValues() {
          @Override public long getCurrentProcessingTimeInMs() { return T; }
          @Override public long getCurrentWatermarkInMs() { return -1; }
        });
    for (int i = 0; i < 2; i++) {
      assertTrue(out.hasNext());
      Row r = out.next();
      assertEquals(i + 1, read[0], "rows read when row " + i + " came out");
      assertEquals(CleaningProcessor.ROW, r.getString(0));
      assertEquals("payload " + i, r.getStruct(9).getString(0));
    }
  }
}
