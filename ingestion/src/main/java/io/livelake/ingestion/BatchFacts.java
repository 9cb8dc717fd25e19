package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.ingestion.cleaning.EventKey;
import io.livelake.ingestion.cleaning.StateLoader;
import io.livelake.ingestion.validation.QuarantineReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.reflect.ClassTag$;

/**
 * What the driver needs of a parsed batch, collected in one Spark job: the number of records, the
 * records quarantined while parsing (invalid or abnormal-valued) by reason, and for every event the
 * cleaning rules judge, its key.
 */
record BatchFacts(long records, Map<String, Long> parseReasons, List<EventKey> keys) {

  /**
   * Each partition sends its facts as one compact block, the values that repeat (users, sessions,
   * types, ...) said once per block, and the driver decodes the blocks side by side. Collected as
   * rows instead, the driver spent seconds of a large batch on one core making a Java string of
   * every field of every record.
   */
  static BatchFacts collect(Dataset<Row> parsed) {
    Column[] columns = {col("reason"), col("source_partition").cast("int"), col("source_file"),
        col("source_offset").cast("long"), col("source_line").cast("long"), col("event_id"), col("event_type"),
        col("event_time").cast("long"), col("user_id"), col("product_id"),
        StateLoader.orderKey(col("event_time"), col("lines")), col("session_id")};
    JavaRDD<InternalRow> rows = JavaRDD.fromRDD(parsed.select(columns).queryExecution().toRdd(),
        ClassTag$.MODULE$.apply(InternalRow.class));
    List<byte[]> blocks = rows.mapPartitions(Block::encode).collect();
    List<Block> decoded = blocks.parallelStream().map(Block::decode).toList();
    Map<String, Long> reasons = new TreeMap<>();
    int events = decoded.stream().mapToInt(b -> b.keys.size()).sum();
    List<EventKey> keys = new ArrayList<>(events);
    long records = 0;
    for (Block b : decoded) {
      records += b.records;
      b.reasons.forEach((r, n) -> reasons.merge(r, n, Long::sum));
      keys.addAll(b.keys);
    }
    return new BatchFacts(records, reasons, keys);
  }

  /**
   * One partition's facts. A string that repeats is written once, then named by its number in the
   * block; event ids and order keys, unique by nature, are written in full.
   */
  private static final class Block {
    private static final int NULL = -1;
    private static final int NEW = -2;
    private static final int REASON = 0, PARTITION = 1, FILE = 2, OFFSET = 3, LINE = 4, EVENT_ID = 5, TYPE = 6,
        TIME = 7, USER = 8, PRODUCT = 9, ORDER_KEY = 10, SESSION = 11;

    long records;
    final Map<String, Long> reasons = new HashMap<>();
    final List<EventKey> keys = new ArrayList<>();

    static Iterator<byte[]> encode(Iterator<InternalRow> rows) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
      DataOutputStream out = new DataOutputStream(bytes);
      Map<UTF8String, Integer> seen = new HashMap<>();
      while (rows.hasNext()) {
        InternalRow r = rows.next();
        out.writeBoolean(true);
        UTF8String reason = string(r, REASON);
        repeated(out, seen, reason);
        if (reason != null && !QuarantineReason.abnormalValue(reason.toString())) continue;
        out.writeInt(r.getInt(PARTITION));
        repeated(out, seen, string(r, FILE));
        nullableLong(out, r, OFFSET);
        nullableLong(out, r, LINE);
        unique(out, string(r, EVENT_ID));
        repeated(out, seen, string(r, TYPE));
        out.writeLong(r.getLong(TIME));
        repeated(out, seen, string(r, USER));
        repeated(out, seen, string(r, PRODUCT));
        unique(out, string(r, ORDER_KEY));
        repeated(out, seen, string(r, SESSION));
      }
      out.writeBoolean(false);
      out.flush();
      return List.of(bytes.toByteArray()).iterator();
    }

    static Block decode(byte[] block) {
      Block b = new Block();
      List<String> strings = new ArrayList<>();
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(block))) {
        while (in.readBoolean()) {
          b.records++;
          String reason = repeated(in, strings);
          if (reason != null) b.reasons.merge(reason, 1L, Long::sum);
          boolean abnormal = QuarantineReason.abnormalValue(reason);
          if (reason != null && !abnormal) continue;
          int partition = in.readInt();
          String file = repeated(in, strings);
          Long offset = in.readBoolean() ? in.readLong() : null;
          Long line = in.readBoolean() ? in.readLong() : null;
          String eventId = unique(in);
          String type = repeated(in, strings);
          long time = in.readLong();
          String user = repeated(in, strings);
          String product = repeated(in, strings);
          String orderKey = unique(in);
          String session = repeated(in, strings);
          b.keys.add(new EventKey(partition, file, offset, line, eventId, type, time, user, session, product, orderKey,
              abnormal));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return b;
    }

    private static UTF8String string(InternalRow r, int i) { return r.isNullAt(i) ? null : r.getUTF8String(i); }

    private static void repeated(DataOutputStream out, Map<UTF8String, Integer> seen, UTF8String s) throws IOException {
      if (s == null) {
        out.writeInt(NULL);
        return;
      }
      Integer n = seen.get(s);
      if (n != null) {
        out.writeInt(n);
        return;
      }
      // The row's buffer is reused for the next row: the dictionary keeps a copy.
      seen.put(s.copy(), seen.size());
      out.writeInt(NEW);
      unique(out, s);
    }

    private static String repeated(DataInputStream in, List<String> strings) throws IOException {
      int n = in.readInt();
      if (n == NULL) return null;
      if (n != NEW) return strings.get(n);
      String s = unique(in);
      strings.add(s);
      return s;
    }

    private static void unique(DataOutputStream out, UTF8String s) throws IOException {
      if (s == null) {
        out.writeInt(NULL);
        return;
      }
      out.writeInt(s.numBytes());
      s.writeTo(out);
    }

    private static String unique(DataInputStream in) throws IOException {
      int n = in.readInt();
      if (n == NULL) return null;
      byte[] b = new byte[n];
      in.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }

    private static void nullableLong(DataOutputStream out, InternalRow r, int i) throws IOException {
      out.writeBoolean(!r.isNullAt(i));
      if (!r.isNullAt(i)) out.writeLong(r.getLong(i));
    }
  }
}
