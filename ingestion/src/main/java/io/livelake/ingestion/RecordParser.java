package io.livelake.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.events.EventContract;
import io.livelake.ingestion.cleaning.AbnormalValues;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.ingestion.validation.EventValidator;
import io.livelake.ingestion.validation.QuarantineReason;
import io.livelake.privacy.ErasedPeople;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.privacy.Redactor;
import io.livelake.spark.LocalFiles;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a batch's source records into parsed events in one pass per record: the record read as
 * JSON within bounds, made safe to store (pseudonymized, redacted, on the parsed values), checked
 * against the event contract and the ingest time, its amount converted into the reporting
 * currency (one that cannot be converted is quarantined, never stored unconverted) and its
 * values checked for plausibility. A record of a person erased before its event time is kept out, with nothing
 * of it stored (see {@link #erased(ErasedPeople)}). Every step is linear in the record's size, and any record,
 * however hostile, becomes a row: an accepted event or one with a reason, never an exception that
 * would stop the batch.
 */
public final class RecordParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final StructField[] FIELDS = EventContract.SCHEMA.fields();
  private static final int TYPE = EventContract.SCHEMA.fieldIndex("event_type");
  private static final int TIME = EventContract.SCHEMA.fieldIndex("event_time");
  private static final int QUANTITY = EventContract.SCHEMA.fieldIndex("quantity");
  private static final int LINES = EventContract.SCHEMA.fieldIndex("lines");
  private static final int GIFT = EventContract.SCHEMA.fieldIndex("gift_value");
  private static final int AMOUNT = EventContract.SCHEMA.fieldIndex("amount");
  private static final int CURRENCY = EventContract.SCHEMA.fieldIndex("currency");

  private final PayloadSanitizer sanitizer;
  private final FxRates fx;
  private final CleaningRules rules;
  /**
   * The people erased when the batch began. Read by the tasks from this object as serialized when each batch's
   * stages are submitted, so a streaming plan made once (the state store's path) sees what {@link #erased} set
   * before the batch ran.
   */
  private volatile ErasedPeople erased = ErasedPeople.NONE;
  /** Configured once per JVM: a mapper is safe to share once configured, and costly to build. */
  private transient ObjectMapper json;

  public RecordParser(PayloadSanitizer sanitizer, FxRates fx, CleaningRules rules) {
    this.sanitizer = sanitizer;
    this.fx = fx;
    this.rules = rules;
  }

  /** Sets the people whose records to keep out from the next batch on (ops.erasure_log as read now). */
  public void erased(ErasedPeople people) { this.erased = people; }

  /** One record's outcome: the payload to store, the contract's values, the reporting amount and the problem. */
  public record Parsed(String payload, Object[] values, Double amountReporting, String reason, String detail) {}

  /**
   * Source records (a {@code payload} column, an optional {@code source_error} naming why the source
   * could not read them, and any others) → the same columns with the payload sanitized, then
   * ingest_batch_id, ingest_time, the contract's fields, amount_reporting, and reason and detail
   * naming the first problem (null for a valid, plausible event).
   */
  public Dataset<Row> parse(Dataset<Row> records, long batchId, Timestamp ingestTime) {
    return parse(records, batchId, ingestTime.getTime());
  }

  /**
   * As {@link #parse(Dataset, long, Timestamp)} for a streaming plan, where the batch is not known yet: the
   * ingest time is each task's clock when it starts, and ingest_batch_id is null until the batch sets both.
   */
  public Dataset<Row> parseStream(Dataset<Row> records) {
    return parse(records, null, null);
  }

  private Dataset<Row> parse(Dataset<Row> records, Long batchId, Long batchIngestMs) {
    StructType in = records.schema();
    StructType out = in.add("ingest_batch_id", DataTypes.LongType).add("ingest_time", DataTypes.TimestampType);
    for (StructField f : FIELDS) out = out.add(f);
    out = out.add("amount_reporting", DataTypes.DoubleType)
        .add("reason", DataTypes.StringType).add("detail", DataTypes.StringType);
    int payload = in.fieldIndex("payload");
    int error = java.util.Arrays.asList(in.fieldNames()).indexOf("source_error");
    int width = in.size();
    int size = out.size();
    MapPartitionsFunction<Row, Row> f = rows -> new Iterator<>() {
      final long ingestMs = batchIngestMs != null ? batchIngestMs : System.currentTimeMillis();
      final Timestamp ingestTime = new Timestamp(ingestMs);

      @Override public boolean hasNext() { return rows.hasNext(); }

      @Override public Row next() {
        Row r = rows.next();
        Object[] v = new Object[size];
        for (int i = 0; i < width; i++) v[i] = r.get(i);
        Parsed p = parse(r.getString(payload), error < 0 ? null : r.getString(error), ingestMs);
        v[payload] = p.payload();
        v[width] = batchId;
        v[width + 1] = ingestTime;
        System.arraycopy(p.values(), 0, v, width + 2, FIELDS.length);
        v[size - 3] = p.amountReporting();
        v[size - 2] = p.reason();
        v[size - 1] = p.detail();
        return RowFactory.create(v);
      }
    };
    return records.mapPartitions(f, Encoders.row(out));
  }

  /**
   * One record as a batch parses it ({@code sourceError}: why the source could not read it, or null;
   * {@code ingestMs}: the batch's ingest time). A failure of any step is kept as the record's reason:
   * a defect or an input no rule foresaw costs one record, never the batch.
   */
  public Parsed parse(String raw, String sourceError, long ingestMs) {
    if (json == null) json = EventValidator.mapper(rules.maxRecordBytes());
    Parsed p;
    try {
      p = parseOne(raw, sourceError, ingestMs);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      String stored;
      try {
        stored = raw == null ? null : sanitizer.sanitizeText(raw);
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError again) {
        stored = null;  // never store what could not be made safe
      }
      p = new Parsed(stored, new Object[FIELDS.length], null, QuarantineReason.UNPROCESSABLE,
          "parsing failed: " + e.getClass().getSimpleName());
    }
    return keptOutIfErased(p);
  }

  /**
   * A record of an erased person (its stored payload carries the pseudonym) whose event time is not after the
   * erasure, or unknown, becomes a row with the reason and nothing else: no payload, no values, no user, so the
   * accounting still counts it and no table holds the person again.
   */
  private Parsed keptOutIfErased(Parsed p) {
    ErasedPeople people = erased;
    if (people.isEmpty()) return p;
    ErasedPeople.Erasure e = people.covering(p.payload(), p.values()[TIME] instanceof Long t ? t : null);
    return e == null ? p : new Parsed(null, new Object[FIELDS.length], null, QuarantineReason.ERASED, e.detail());
  }

  private Parsed parseOne(String raw, String sourceError, long ingestMs) {
    if (sourceError != null) {
      return new Parsed(null, new Object[FIELDS.length], null, QuarantineReason.UNREADABLE_FILE, sourceError);
    }
    // A byte-order mark is an artefact of the file, not part of the first record.
    String text = LocalFiles.withoutBom(raw);
    if (text != null && text.length() > rules.maxRecordBytes() / 3) {
      long bytes = utf8Length(text);
      if (bytes > rules.maxRecordBytes()) {
        return new Parsed(sanitizer.sanitizeText(text), new Object[FIELDS.length], null, QuarantineReason.TOO_LARGE,
            "record of " + bytes + " bytes exceeds ingest.max.record.bytes = " + rules.maxRecordBytes());
      }
    }
    EventValidator.Parsed read = EventValidator.read(json, text);
    if (read.event() == null) {
      EventValidator.Result bad = EventValidator.unread(read.reason(), Redactor.redactText(read.problem()));
      return new Parsed(text == null ? null : sanitizer.sanitizeText(text), bad.values(), null, bad.reason(),
          bad.detail());
    }
    sanitizer.sanitize(read.event());
    String stored;
    try {
      stored = json.writeValueAsString(read.event());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed event could not be written back", e);
    }
    EventValidator.Result checked = EventValidator.check(read.event());
    Object[] e = checked.values();
    if (!checked.valid()) return new Parsed(stored, e, null, checked.reason(), checked.detail());
    long time = (Long) e[TIME];
    if (time > ingestMs + rules.futureSkewMs()) {
      return new Parsed(stored, e, null, QuarantineReason.FUTURE, "event_time " + Instant.ofEpochMilli(time)
          + " is more than ingest.future.skew = " + rules.futureSkewMs() + " ms after the ingest time "
          + Instant.ofEpochMilli(ingestMs));
    }
    String unconvertible = e[AMOUNT] == null ? null : fx.unconvertible((String) e[CURRENCY]);
    if (unconvertible != null) return new Parsed(stored, e, null, QuarantineReason.UNKNOWN_CURRENCY, unconvertible);
    Double reporting = fx.toReporting((Double) e[AMOUNT], (String) e[CURRENCY]);
    AbnormalValues.Flag flag = AbnormalValues.check(rules, (String) e[TYPE], (Integer) e[QUANTITY], lines(e[LINES]),
        (Double) e[AMOUNT], reporting, (Double) e[GIFT]);
    Double reportingStored = reporting == null || Double.isFinite(reporting) ? reporting : null;
    return flag == null ? new Parsed(stored, e, reportingStored, null, null)
        : new Parsed(stored, e, reportingStored, flag.reason(), flag.detail());
  }

  /** UTF-8 length of {@code s} without encoding it. */
  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  private static List<Row> lines(Object lines) {
    return lines == null ? null : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Row>) lines);
  }
}
