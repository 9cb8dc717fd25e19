package io.livelake.ingestion.cleaning;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.cleaning.CleaningStore.Bucket;
import io.livelake.ingestion.validation.QuarantineReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.MapState;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessorWithInitialState;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The cleaning rules of {@link CleaningState} as a {@code transformWithState} processor: the state lives in
 * Spark's state store (RocksDB) on the executors, one key per source partition, so no event passes through
 * the driver. A partition's events are judged in arrival order against that partition's memory alone,
 * which is exact when each user's events stay in one partition (the topic is keyed by user, as the event
 * contract asks); it also means a quiet partition never holds another's eviction back.
 */
public final class CleaningProcessor extends StatefulProcessorWithInitialState<Integer, Row, Row, Row> {
  /** The columns {@link #judge} reads, in the order of {@link EventKey}'s fields. */
  public static final StructType INPUT = new StructType()
      .add("partition", DataTypes.IntegerType, false)
      .add("file", DataTypes.StringType)
      .add("offset", DataTypes.LongType)
      .add("line", DataTypes.LongType)
      .add("event_id", DataTypes.StringType, false)
      .add("event_type", DataTypes.StringType, false)
      .add("event_time_ms", DataTypes.LongType, false)
      .add("user_id", DataTypes.StringType, false)
      .add("session_id", DataTypes.StringType)
      .add("product_id", DataTypes.StringType)
      .add("order_key", DataTypes.StringType)
      .add("abnormal", DataTypes.BooleanType, false);

  /**
   * One row per rejected event (kind duplicate or quarantine, with its arrival position, rule or reason and
   * detail) and per retraction of earlier batches' rows (kind retraction, with the user, types, span and count).
   */
  public static final StructType OUTPUT = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("partition", DataTypes.IntegerType)
      .add("file", DataTypes.StringType)
      .add("offset", DataTypes.LongType)
      .add("line", DataTypes.LongType)
      .add("event_id", DataTypes.StringType)
      .add("code", DataTypes.StringType, false)
      .add("detail", DataTypes.StringType)
      .add("user_id", DataTypes.StringType)
      .add("types", DataTypes.createArrayType(DataTypes.StringType))
      .add("from_ms", DataTypes.LongType)
      .add("to_ms", DataTypes.LongType)
      .add("events", DataTypes.LongType);

  public static final String RETRACTION = "retraction";
  /**
   * The kind of a row {@link #judgeRows} passes on as it came in; its verdict, when it has one, follows as a row of
   * its own.
   */
  public static final String ROW = "row";

  /**
   * What {@link #judgeRows} gives: each row as it came in (kind {@link #ROW}), and after a partition's last row a
   * row per verdict (kind duplicate or quarantine, with the rule or reason, detail, whether a value rule rejected
   * the event already, and the event's arrival position as the columns {@code source_partition},
   * {@code source_file}, {@code source_offset} and {@code source_line}) and per retraction (the events it takes
   * back).
   */
  public static StructType judgedRows(StructType rows) {
    return new StructType().add("kind", DataTypes.StringType, false).add("code", DataTypes.StringType)
        .add("detail", DataTypes.StringType).add("retracted_events", DataTypes.LongType)
        .add("abnormal", DataTypes.BooleanType).add("source_partition", DataTypes.IntegerType)
        .add("source_file", DataTypes.StringType).add("source_offset", DataTypes.LongType)
        .add("source_line", DataTypes.LongType).add("row", rows);
  }

  /** The state variables that hold the rules' memory: event keys, cart-add series, rate buckets. */
  private static final String KEYS = "keys", CART_ADDS = "cart_adds", BUCKETS = "buckets";

  /**
   * What the processor's state holds in the checkpoint {@code checkpoint} as of its last committed batch, read
   * with Spark's state data source: entries by kind ("event keys", "cart-add series", "rate buckets"; their sum is
   * what {@link CleaningState#size()} counts on the driver). The checkpoint must be of a query that ran the processor.
   */
  public static Map<String, Long> storedEntries(SparkSession spark, String checkpoint) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    String[][] kinds = {{KEYS, "event keys"}, {CART_ADDS, "cart-add series"}, {BUCKETS, "rate buckets"}};
    for (String[] v : kinds) {
      out.put(v[1], spark.read().format("statestore").option("stateVarName", v[0]).load(checkpoint).count());
    }
    return out;
  }

  private final CleaningRules rules;
  /** Whether every input row comes out with its verdict ({@link #judgeRows}), or only the rejections ({@link #judge}). */
  private final boolean carry;
  private transient ValueState<Long> partitionMax;
  private transient ValueState<Long> evictedTo;
  private transient MapState<String, Long> keys;
  /** Cart add times and rate buckets as packed longs: Spark's binary columns cost far less than Java serialization. */
  private transient MapState<String, byte[]> carts;
  private transient MapState<String, byte[]> buckets;
  /** How many chunks of entries to look at when the watermark passes a minute, by minute. */
  private transient MapState<Long, Integer> expiryChunks;
  /** The entries (a kind letter and a key) of chunk i of minute m, under "m|i"; one chunk per batch and minute. */
  private transient MapState<String, byte[]> expiry;

  /** Package-private for the test that drives {@link #handleInputRows} by hand. */
  CleaningProcessor(CleaningRules rules, boolean carry) {
    this.rules = rules;
    this.carry = carry;
  }

  /**
   * The verdicts and retractions of {@code events} (columns {@link #INPUT}) as a stream of {@link #OUTPUT}
   * rows, each partition's state starting from {@code seed} (null: empty). The session must use the RocksDB
   * state store provider.
   */
  public static Dataset<Row> judge(Dataset<Row> events, CleaningRules rules, StateLoader.Seed seed) {
    Dataset<Row> input = events.select(Arrays.stream(INPUT.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
    return withState(input, new CleaningProcessor(rules, false), Encoders.row(OUTPUT), seed);
  }

  /**
   * Every row of a parsed stream (the ingestion's {@code RecordParser} columns), then the verdicts and retractions,
   * as {@link #judgedRows} of the stream's schema: the rows an earlier step quarantined (other than for an
   * abnormal value, which still counts for the rules) pass unjudged. A row passes on as it comes, since a verdict
   * can still change after later rows of the batch (a rate bucket that goes over quarantines what it accepted);
   * while a batch is judged a task holds only its source partition's keys, not its rows. A query's first batch
   * starts each partition's state from {@code seed} (null: empty), as the driver's state starts from it after a
   * restart.
   */
  public static Dataset<Row> judgeRows(Dataset<Row> parsed, CleaningRules rules, StateLoader.Seed seed) {
    Column reason = col("reason");
    Column abnormal = coalesce(abnormalValue(reason), lit(false));
    Column[] all = Arrays.stream(parsed.columns()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> keyed = parsed.select(col("source_partition").cast("int").alias("partition"),
        col("source_file").alias("file"), col("source_offset").cast("long").alias("offset"),
        col("source_line").cast("long").alias("line"), col("event_id"), col("event_type"),
        col("event_time").cast("long").alias("event_time_ms"), col("user_id"), col("session_id"), col("product_id"),
        StateLoader.orderKey(col("event_time"), col("lines")).alias("order_key"), abnormal.alias("abnormal"),
        judged(reason).alias("judged"), struct(all).alias("row"));
    return withState(keyed, new CleaningProcessor(rules, true), Encoders.row(judgedRows(parsed.schema())), seed);
  }

  /** {@code processor} over {@code rows} keyed by their first column, the source partition, from {@code seed}. */
  private static Dataset<Row> withState(Dataset<Row> rows, CleaningProcessor processor, Encoder<Row> out,
      StateLoader.Seed seed) {
    // A seed without events is one of a pipeline without earlier batches: nothing to start from.
    if (seed == null || seed.events() == null) {
      return byPartition(rows).transformWithState(processor, TimeMode.None(), OutputMode.Append(), out);
    }
    return byPartition(rows).transformWithState(processor, TimeMode.None(), OutputMode.Append(),
        initialState(rows.sparkSession(), seed), out, Encoders.row(INITIAL));
  }

  /** {@code rows} grouped by their first column, the source partition. */
  private static KeyValueGroupedDataset<Integer, Row> byPartition(Dataset<Row> rows) {
    return rows.groupByKey((MapFunction<Row, Integer>) r -> r.getInt(0), Encoders.INT());
  }

  /**
   * A row of a partition's initial state: its newest event time and where it was evicted to (one row per
   * partition), or the seed's events of one second, so that a row stays small at any event rate (each call of
   * {@link #handleInitialState} adds a chunk to its minute's expiry list, as a batch does).
   */
  private static final StructType INITIAL = new StructType()
      .add("partition", DataTypes.IntegerType)
      .add("partition_max", DataTypes.LongType)
      .add("evicted_to", DataTypes.LongType)
      .add("events", DataTypes.createArrayType(StateLoader.SEED_EVENT));

  private static KeyValueGroupedDataset<Integer, Row> initialState(SparkSession spark, StateLoader.Seed seed) {
    List<Row> partitions = new ArrayList<>();
    seed.partitionMax().forEach((p, max) -> partitions.add(RowFactory.create(p, max, seed.evictedTo(), null)));
    Dataset<Row> events = seed.events()
        .groupBy(col("partition"), floor(col("time_ms").divide(1_000L)))
        .agg(collect_list(struct(Arrays.stream(StateLoader.SEED_EVENT.fieldNames()).map(c -> col(c)).toArray(Column[]::new)))
            .alias("events"))
        .select(col("partition"), lit(null).cast("long"), lit(null).cast("long"), col("events"));
    return byPartition(spark.createDataFrame(partitions, INITIAL).union(events.toDF(INITIAL.fieldNames())));
  }

  @Override
  public void handleInitialState(Integer partition, Row initial, TimerValues timerValues) {
    StateStore store = new StateStore(partition);
    CleaningState state = new CleaningState(rules, store);
    if (!initial.isNullAt(1)) state.partitionMax(partition, initial.getLong(1));
    if (!initial.isNullAt(2)) state.evictedTo(initial.getLong(2));
    if (!initial.isNullAt(3)) for (Row e : initial.<Row>getList(3)) StateLoader.remember(state, e);
    store.commit();
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    var h = getHandle();
    partitionMax = h.getValueState("partition_max", Encoders.LONG(), TTLConfig.NONE());
    evictedTo = h.getValueState("evicted_to", Encoders.LONG(), TTLConfig.NONE());
    keys = h.getMapState(KEYS, Encoders.STRING(), Encoders.LONG(), TTLConfig.NONE());
    carts = h.getMapState(CART_ADDS, Encoders.STRING(), Encoders.BINARY(), TTLConfig.NONE());
    buckets = h.getMapState(BUCKETS, Encoders.STRING(), Encoders.BINARY(), TTLConfig.NONE());
    expiryChunks = h.getMapState("expiry_chunks", Encoders.LONG(), Encoders.INT(), TTLConfig.NONE());
    expiry = h.getMapState("expiry", Encoders.STRING(), Encoders.BINARY(), TTLConfig.NONE());
  }

  @Override
  public Iterator<Row> handleInputRows(Integer partition, Iterator<Row> rows, TimerValues timerValues) {
    return CollectionConverters.asScala(new Judging(partition, rows, timerValues.getCurrentProcessingTimeInMs()));
  }

  /**
   * One partition's batch: with {@link #carry}, its rows passed on as they come, keeping only their keys; once the
   * last is in, the judgement of the keys, as verdict and retraction rows. Lazy, so that a row is gone from the
   * task's memory once the next operator has taken it (Spark commits the state when the iterator is done).
   */
  private final class Judging implements java.util.Iterator<Row> {
    private final int partition;
    private final Iterator<Row> rows;
    private final long now;
    private final List<EventKey> events = new ArrayList<>();
    /** The judgement's rows, once every input row is in. */
    private java.util.Iterator<Row> judged;

    Judging(int partition, Iterator<Row> rows, long now) {
      this.partition = partition;
      this.rows = rows;
      this.now = now;
    }

    @Override
    public boolean hasNext() {
      if (judged != null) return judged.hasNext();
      if (carry && rows.hasNext()) return true;
      while (rows.hasNext()) events.add(eventKey(rows.next()));
      CleaningState.Judgement j = new CleaningState(rules, new StateStore(partition)).judge(events, now);
      events.clear();
      judged = (carry ? verdictRows(partition, j) : rejections(partition, j)).iterator();
      return judged.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) throw new NoSuchElementException();
      if (judged != null) return judged.next();
      Row r = rows.next();
      if (r.getBoolean(JUDGED)) events.add(eventKey(r));
      return RowFactory.create(ROW, null, null, null, null, null, null, null, null, r.get(ROW_STRUCT));
    }
  }

  /** {@link #judge}'s rows: one of {@link #OUTPUT} per rejected event and per retraction. */
  private static List<Row> rejections(int partition, CleaningState.Judgement j) {
    List<Row> out = new ArrayList<>(j.verdicts().size() + j.retractions().size());
    for (Verdict v : j.verdicts()) {
      EventKey e = v.event();
      out.add(RowFactory.create(v.kind(), e.partition(), e.file(), e.offset(), e.line(), e.eventId(), v.code(),
          v.detail(), null, null, null, null, null));
    }
    for (Retraction r : j.retractions()) {
      out.add(RowFactory.create(RETRACTION, partition, null, null, null, null, r.reason(), r.detail(), r.userId(),
          CollectionConverters.asScala(r.types()).toSeq(), r.fromMs(), r.toMs(), r.events()));
    }
    return out;
  }

  /** {@link #judgeRows}' rows after a partition's last row: one per verdict and per retraction. */
  private static List<Row> verdictRows(int partition, CleaningState.Judgement j) {
    List<Row> out = new ArrayList<>(j.verdicts().size() + j.retractions().size());
    for (Verdict v : j.verdicts()) {
      EventKey e = v.event();
      out.add(RowFactory.create(v.kind(), v.code(), v.detail(), null, e.abnormal(), e.partition(), e.file(), e.offset(),
          e.line(), null));
    }
    for (Retraction r : j.retractions()) {
      out.add(RowFactory.create(RETRACTION, r.reason(), r.detail(), r.events(), null, partition, null, null, null,
          null));
    }
    return out;
  }

  /** Whether the rules judge a row quarantined while parsing for {@code reason} (null: valid): only for an abnormal value. */
  public static Column judged(Column reason) { return reason.isNull().or(abnormalValue(reason)); }

  private static Column abnormalValue(Column reason) {
    return reason.isin(QuarantineReason.ABNORMAL_VALUES.toArray());
  }

  /** Where {@link #judgeRows}' input holds whether a row is judged, and the row itself (after {@link #INPUT}'s columns). */
  private static final int JUDGED = 12, ROW_STRUCT = 13;

  /** The {@link #INPUT} row of an event. */
  public static Row input(EventKey e) {
    return RowFactory.create(e.partition(), e.file(), e.offset(), e.line(), e.eventId(), e.type(), e.time(),
        e.userId(), e.sessionId(), e.productId(), e.orderKey(), e.abnormal());
  }

  private static EventKey eventKey(Row r) {
    return new EventKey(r.getInt(0), r.getString(1), r.isNullAt(2) ? null : r.getLong(2),
        r.isNullAt(3) ? null : r.getLong(3), r.getString(4), r.getString(5), r.getLong(6), r.getString(7),
        r.getString(8), r.getString(9), r.getString(10), r.getBoolean(11));
  }

  /**
   * One partition's cleaning memory in the state store. Eviction needs no scan: every key, cart series and
   * bucket is also listed under the minute it can expire in, and a batch looks only at the minutes the
   * watermark has passed, checking each entry again (an event id seen again has moved on to a later minute).
   */
  private final class StateStore implements CleaningStore {
    private final int partition;
    private final Map<Integer, Long> max = new HashMap<>();
    private long evicted;
    private final Map<Long, List<String>> toIndex = new HashMap<>();

    StateStore(int partition) {
      this.partition = partition;
      if (partitionMax.exists()) max.put(partition, partitionMax.get());
      evicted = evictedTo.exists() ? evictedTo.get() : Long.MIN_VALUE;
    }

    @Override public Map<Integer, Long> partitionMax() { return max; }

    @Override public long evictedTo() { return evicted; }

    @Override public void evictedTo(long watermark) { evicted = watermark; }

    @Override public Long stampOf(String key) { return keys.getValue(key); }

    @Override
    public void putKey(String key, long stamp) {
      keys.updateValue(key, stamp);
      index(CleaningStore.minuteOfStamp(stamp), "k" + key);
    }

    @Override
    public List<Long> cartAdds(String userProduct) {
      List<Long> times = new ArrayList<>();
      for (long t : longs(carts.getValue(userProduct))) times.add(t);
      return times;
    }

    @Override
    public void addCart(String userProduct, long time) {
      long[] before = longs(carts.getValue(userProduct));
      long[] after = Arrays.copyOf(before, before.length + 1);
      after[before.length] = time;
      carts.updateValue(userProduct, bytes(after));
      index(CleaningStore.minute(time), "c" + userProduct);
    }

    @Override public Bucket bucket(String key) { return bucket(key, buckets.getValue(key)); }

    /** A bucket from its key and its packed count and whether it is over; null if none. */
    private Bucket bucket(String key, byte[] packed) {
      if (packed == null) return null;
      long[] v = longs(packed);
      Bucket b = Bucket.ofKey(key);
      b.count = v[0];
      b.over = v[1] != 0;
      return b;
    }

    @Override
    public void putBucket(String key, Bucket bucket) {
      if (!buckets.containsKey(key)) index(CleaningStore.minute(bucket.end()), "b" + key);
      buckets.updateValue(key, bytes(new long[] {bucket.count, bucket.over ? 1 : 0}));
    }

    @Override
    public Iterable<Bucket> buckets() {
      List<Bucket> all = new ArrayList<>();
      var it = buckets.iterator();
      while (it.hasNext()) {
        var kv = it.next();
        all.add(bucket(kv._1(), kv._2()));
      }
      return all;
    }

    @Override
    public void evict(long edge) {
      long edgeMinute = CleaningStore.minute(edge);
      List<Long> passed = new ArrayList<>();
      var minutes = expiryChunks.keys(); // a few hundred at most: the minutes of the horizon and of open hour buckets
      while (minutes.hasNext()) {
        long m = minutes.next();
        if (m < edgeMinute) passed.add(m);
      }
      for (long m : passed) {
        for (int i = 0; i < expiryChunks.getValue(m); i++) {
          String chunk = m + "|" + i;
          for (String entry : strings(expiry.getValue(chunk))) forget(entry.charAt(0), entry.substring(1), edge);
          expiry.removeKey(chunk);
        }
        expiryChunks.removeKey(m);
      }
    }

    private void forget(char kind, String key, long edge) {
      switch (kind) {
        case 'k' -> {
          Long stamp = keys.getValue(key);
          if (stamp != null && CleaningStore.minuteOfStamp(stamp) < CleaningStore.minute(edge)) keys.removeKey(key);
        }
        case 'c' -> {
          byte[] packed = carts.getValue(key);
          if (packed == null) return;
          long[] left = Arrays.stream(longs(packed)).filter(t -> t >= edge).toArray();
          if (left.length == 0) carts.removeKey(key); else carts.updateValue(key, bytes(left));
        }
        case 'b' -> {
          Bucket b = bucket(key);
          if (b != null && b.end() < edge) buckets.removeKey(key);
        }
        default -> throw new IllegalStateException("unknown expiry entry kind " + kind);
      }
    }

    @Override
    public long size() {
      return count(keys.keys()) + count(carts.keys()) + count(buckets.keys());
    }

    private long count(Iterator<String> it) {
      long n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      return n;
    }

    private void index(long minute, String entry) { toIndex.computeIfAbsent(minute, m -> new ArrayList<>()).add(entry); }

    @Override
    public void commit() {
      Long newest = max.get(partition);
      if (newest != null) partitionMax.update(newest);
      evictedTo.update(evicted);
      toIndex.forEach((minute, entries) -> {
        int chunks = expiryChunks.containsKey(minute) ? expiryChunks.getValue(minute) : 0;
        expiry.updateValue(minute + "|" + chunks, bytes(entries));
        expiryChunks.updateValue(minute, chunks + 1);
      });
    }
  }

  private static long[] longs(byte[] packed) {
    if (packed == null) return new long[0];
    long[] out = new long[packed.length / 8];
    java.nio.ByteBuffer.wrap(packed).asLongBuffer().get(out);
    return out;
  }

  private static byte[] bytes(long[] values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 8);
    b.asLongBuffer().put(values);
    return b.array();
  }

  /** Strings packed as length-prefixed UTF-8: keys may hold any character, separators included. */
  private static byte[] bytes(List<String> values) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream data = new java.io.DataOutputStream(out)) {
      data.writeInt(values.size());
      for (String v : values) {
        byte[] utf8 = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        data.writeInt(utf8.length);
        data.write(utf8);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static List<String> strings(byte[] packed) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(packed);
    int n = b.getInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] utf8 = new byte[b.getInt()];
      b.get(utf8);
      out.add(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }
}
