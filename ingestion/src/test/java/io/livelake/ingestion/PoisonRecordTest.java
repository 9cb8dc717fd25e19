package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.privacy.Pseudonymizer;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each record that used to stop the ingestion for good, or to pass it silently wrong, through the
 * real batch function: it now becomes an OBT row or a quarantine row with a reason, and the valid
 * event beside it lands. Every
 * test takes the next batch id and its own event ids, so the tests run in any order.
 */
@IntegrationTest
class PoisonRecordTest {
  private static final long T = 1_793_491_200_000L;
  private static final AtomicLong batchIds = new AtomicLong();
  private static final AtomicLong offsets = new AtomicLong();
  private static final AtomicLong clock = new AtomicLong(T);
  private static Lake lake;
  private static IngestBatch batch;
  private static Pseudonymizer pseudonyms;
  private static final List<BatchOutcome> outcomes = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    LiveLakeConfig config = TestSpark.config(TestSpark.newDir("poison"), Map.of());
    lake = new Lake(TestSpark.session(), LakePaths.of(config));
    lake.ensure(IngestBatch.tables());
    pseudonyms = HmacKeys.pseudonymizer(config);
    batch = new IngestBatch(lake, "poison", CleaningRules.from(config), FxRates.from(config),
        new PayloadSanitizer(pseudonyms), outcomes::add);
  }

  /** An event of user {@code user} a few ms after the previous one. */
  private static String event(String id, String type, String user, String extra) {
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":"
        + clock.addAndGet(7) + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\",\"session_id\":\"s1\","
        + "\"anchor_id\":\"a1\"" + extra + "}";
  }

  /** Runs one batch of {@code payloads} (each test's own batch) and returns its outcome. */
  private static synchronized BatchOutcome run(String... payloads) {
    Dataset<Row> records = SourceRecords.kafka(offsets.getAndAdd(payloads.length), new Timestamp(T), payloads);
    batch.call(records, batchIds.getAndIncrement());
    return outcomes.get(outcomes.size() - 1);
  }

  /** event id → "obt" or the quarantine reason, for the ids starting with {@code prefix}. */
  private static Map<String, String> where(String prefix) {
    Map<String, String> m = new TreeMap<>();
    for (Row r : lake.read(Tables.EVENTS_OBT).where("event_id LIKE '" + prefix + "%'").select("event_id").collectAsList()) {
      m.put(r.getString(0), "obt");
    }
    for (Row r : lake.read(Tables.QUARANTINE).where("event_id LIKE '" + prefix + "%'").select("event_id", "reason")
        .collectAsList()) {
      m.merge(r.getString(0), r.getString(1), (a, b) -> a + "+" + b);
    }
    return m;
  }

  private static String detail(String eventId) {
    return lake.read(Tables.QUARANTINE).where("event_id = '" + eventId + "'").select("detail").first().getString(0);
  }

  private static String obtText(String eventId) {
    return lake.read(Tables.EVENTS_OBT).where("event_id = '" + eventId + "'").select("text").first().getString(0);
  }

  @Test
  void aCommentOf40000LettersIsKeptWholeAndOneOf5000DigitsIsRedacted() {
    String letters = "a".repeat(40_000);
    run(event("txt-letters", "comment", "u-t1", ",\"text\":\"" + letters + "\""),
        event("txt-digits", "comment", "u-t2", ",\"text\":\"" + "5".repeat(5_000) + "\""),
        event("txt-after", "like", "u-t3", ""));
    assertEquals(Map.of("txt-letters", "obt", "txt-digits", "obt", "txt-after", "obt"), where("txt-"));
    assertEquals(letters, obtText("txt-letters"));
    assertEquals("[phone]", obtText("txt-digits"));
  }

  @Test
  void infiniteAndOverflowingAmountsAndGiftsAreQuarantinedBeforeAnyConversion() {
    String lines = ",\"order_id\":\"o-%s\",\"lines\":[{\"product_id\":\"p1\",\"quantity\":1,\"price\":%s}],\"amount\":%s,"
        + "\"currency\":\"EUR\"";
    run(event("num-amount-inf", "order_paid", "u-n1", String.format(lines, "1", "1e308", "1e309")),
        event("num-amount-eur", "order_paid", "u-n2", String.format(lines, "2", "1e308", "1e308")),
        event("num-gift-inf", "gift", "u-n3", ",\"gift_value\":1e309"),
        event("num-gift-big", "gift", "u-n4", ",\"gift_value\":1e308"),
        event("num-after", "gift", "u-n5", ",\"gift_value\":520"));
    assertEquals(Map.of("num-amount-inf", "schema_violation", "num-amount-eur", "abnormal_order_amount",
        "num-gift-inf", "schema_violation", "num-gift-big", "abnormal_gift_value", "num-after", "obt"), where("num-"));
    assertEquals("field amount: expected a finite number, got \"Infinity\"", detail("num-amount-inf"));
    assertEquals("amount beyond 1.7976931348623157E308 exceeds cleaning.order.max.amount = 200000.0",
        detail("num-amount-eur"));
    assertTrue(detail("num-gift-big").startsWith("gift_value 100,000,000,"), detail("num-gift-big"));
    assertTrue(detail("num-gift-big").endsWith(" exceeds cleaning.gift.max.value = 100000.0"), detail("num-gift-big"));
  }

  @Test
  void anAmountInACurrencyWithoutARateIsQuarantinedNeverStoredUnconverted() {
    String order = ",\"order_id\":\"o-%s\",\"lines\":[{\"product_id\":\"p1\",\"quantity\":2,\"price\":%s}],"
        + "\"amount\":%s,\"currency\":\"%s\"";
    BatchOutcome o = run(event("fx-gbp", "order_paid", "u-c1", String.format(order, "1", "50", "100", "GBP")),
        event("fx-big-gbp", "order_paid", "u-c2", String.format(order, "2", "5e6", "1e7", "GBP")),
        event("fx-refund", "order_refunded", "u-c3", String.format(order, "3", "50", "100", "gbp")),
        event("fx-none", "like", "u-c4", ",\"amount\":5"),
        event("fx-usd", "order_paid", "u-c5", String.format(order, "5", "50", "100", "USD")));
    assertEquals(Map.of("fx-gbp", "unknown_currency", "fx-big-gbp", "unknown_currency", "fx-refund", "unknown_currency",
        "fx-none", "unknown_currency", "fx-usd", "obt"), where("fx-"));
    assertEquals(Map.of("unknown_currency", 4L), o.quarantinedByReason());
    assertEquals(1L, o.accepted());
    String rates = " (reporting.fx.rates has rates for CNY, EUR, IDR, USD)";
    assertEquals("currency 'GBP' has no rate in reporting.fx.rates, so the amount cannot be converted into CNY" + rates,
        detail("fx-gbp"));
    assertEquals(detail("fx-gbp"), detail("fx-big-gbp"), "unconvertible, so never judged against cleaning.order.max.amount");
    assertEquals("currency 'gbp' has no rate in reporting.fx.rates, so the amount cannot be converted into CNY" + rates,
        detail("fx-refund"));
    assertEquals("amount without a currency, so it cannot be converted into CNY" + rates, detail("fx-none"));
    Row usd = lake.read(Tables.EVENTS_OBT).where("event_id = 'fx-usd'").select("amount", "amount_reporting").first();
    assertEquals(100.0, usd.getDouble(0));
    assertEquals(710.0, usd.getDouble(1));
  }

  @Test
  void anOrderWithALineOfNoGoodsOrNoPriceIsQuarantinedAsAnInvalidOrderLine() {
    String order = ",\"order_id\":\"o-%s\",\"lines\":[{\"product_id\":\"p1\",\"quantity\":1,\"price\":20},"
        + "{\"product_id\":\"p2\",\"quantity\":%s,\"price\":%s}],\"amount\":20,\"currency\":\"CNY\"";
    BatchOutcome o = run(event("line-q0", "order_paid", "u-l1", String.format(order, "1", "0", "10")),
        event("line-qneg", "order_paid", "u-l2", String.format(order, "2", "-3", "10")),
        event("line-p0", "order_paid", "u-l3", String.format(order, "3", "1", "0")),
        event("line-pneg", "order_refunded", "u-l4", String.format(order, "4", "1", "-10")),
        event("line-ok", "order_paid", "u-l5", String.format(order, "5", "1", "0.5").replace("\"amount\":20", "\"amount\":20.5")));
    assertEquals(Map.of("line-q0", "invalid_order_line", "line-qneg", "invalid_order_line", "line-p0", "invalid_order_line",
        "line-pneg", "invalid_order_line", "line-ok", "obt"), where("line-"));
    assertEquals(Map.of("invalid_order_line", 4L), o.quarantinedByReason());
    assertEquals("field lines[1].quantity: must be positive, got 0", detail("line-q0"));
    assertEquals("field lines[1].quantity: must be positive, got -3", detail("line-qneg"));
    assertEquals("field lines[1].price: must be positive, got 0.0", detail("line-p0"));
    assertEquals("field lines[1].price: must be positive, got -10.0", detail("line-pneg"));
    assertEquals(0, lake.read(Tables.EVENTS_OBT).where("event_id LIKE 'line-%' AND event_id <> 'line-ok'").count(),
        "no buyer of a write-off");
  }

  @Test
  void anEventTimeBeyondLongArithmeticIsASchemaViolationWithoutATime() {
    String max = event("time-max", "like", "u-m1", "").replaceFirst("\"event_time\":\\d+", "\"event_time\":9223372036854775807");
    run(max, event("time-after", "like", "u-m2", ""));
    assertEquals(Map.of("time-max", "schema_violation", "time-after", "obt"), where("time-"));
    assertEquals("field event_time: 9223372036854775807 ms is not a time from 2000-01-01 to 9999-12-31 UTC",
        detail("time-max"));
    assertTrue(lake.read(Tables.QUARANTINE).where("event_id = 'time-max'").first().isNullAt(
        Tables.QUARANTINE.schema().fieldIndex("event_time")));
  }

  @Test
  void anEventOfYear9999IsFutureAndNeverMovesTheWatermark() {
    String future = event("fut-9999", "like", "u-f1", "").replaceFirst("\"event_time\":\\d+", "\"event_time\":253402300000000");
    run(future);
    BatchOutcome next = run(event("fut-after", "like", "u-f2", ""));
    assertEquals(Map.of("fut-9999", "future", "fut-after", "obt"), where("fut-"));
    assertEquals(0L, next.late());
    assertTrue(detail("fut-9999").startsWith("event_time 9999-12-31T"), detail("fut-9999"));
    assertTrue(detail("fut-9999").contains("is more than ingest.future.skew = 300000 ms after the ingest time"));
  }

  @Test
  void aRecordOverTheSizeLimitIsQuarantinedAsTooLargeWithItsPayload() {
    String huge = event("big-1", "comment", "u-b1", ",\"text\":\"" + "z".repeat(1_100_000) + "\"");
    run(huge, event("big-after", "like", "u-b2", ""));
    Row q = lake.read(Tables.QUARANTINE).where("reason = 'too_large'").select("payload", "detail", "event_id").first();
    assertTrue(q.getString(0).length() > 1_100_000 && q.getString(0).contains("\"event_id\":\"big-1\""));
    assertFalse(q.getString(0).contains("u-b1"), "the user id is pseudonymized even in a record that is never parsed");
    assertEquals("record of " + (huge.length()) + " bytes exceeds ingest.max.record.bytes = 1048576", q.getString(1));
    assertEquals(Map.of("big-after", "obt"), where("big-after"));
  }

  @Test
  void aByteOrderMarkBeforeARecordIsNoReasonToRejectIt() {
    run("\uFEFF" + event("bom-1", "like", "u-bom", ""));
    assertEquals(Map.of("bom-1", "obt"), where("bom-"));
  }

  @Test
  void escapedSpellingsOfPersonalFieldsArePseudonymizedAndRedactedInEveryTable() {
    String escapedKey = event("esc-key", "like", "u-x", "").replace("\"user_id\":\"u-x\"", "\"user\\u005fid\":\"raw-x1\"");
    String escapedText = event("esc-text", "comment", "raw-x2", ",\"te\\u0078t\":\"mail a.b\\u0040example.com now\"");
    String arrayId = event("esc-array", "login", "raw-x3", "").replace("\"user_id\":\"raw-x3\"",
        "\"user_id\":[\"pii.arr08@example.com\"]");
    String unknown = event("esc-extra", "like", "raw-x4", ",\"contact\":{\"mail\":\"c.d@example.com\"}");
    run(escapedKey, escapedText, arrayId, unknown);
    assertEquals(Map.of("esc-key", "obt", "esc-text", "obt", "esc-array", "schema_violation", "esc-extra", "obt"),
        where("esc-"));
    Row key = lake.read(Tables.EVENTS_OBT).where("event_id = 'esc-key'").select("user_id").first();
    assertEquals(pseudonyms.pseudonym("raw-x1"), key.getString(0), "the escaped key is user_id, so erase finds it");
    assertEquals("mail [email] now", obtText("esc-text"));
    assertEquals("field user_id: expected a string, got an array", detail("esc-array"));
    for (var t : List.of(Tables.EVENTS_RAW, Tables.QUARANTINE, Tables.EVENTS_OBT)) {
      long leaks = lake.read(t).selectExpr("to_json(struct(*)) AS row")
          .where("row RLIKE 'raw-x|@example\\\\.com|u005f|u0040'").count();
      assertEquals(0, leaks, t.fullName());
    }
  }

  @Test
  void anEventIdIsADuplicateEvenWithAnotherTimeAndAnEmptyIdIsRejected() {
    String first = event("dup-1", "like", "u-d1", "");
    String again = event("dup-1", "like", "u-d1", "");  // the same id, 7 ms later
    String empty = event("dup-x", "like", "u-d2", "").replace("\"event_id\":\"dup-x\"", "\"event_id\":\"\"");
    BatchOutcome o = run(first, again, empty);
    assertEquals(Map.of("dup-1", "obt"), where("dup-"));
    assertEquals(Map.of("event_id", 1L), o.duplicatesByRule());
    assertEquals(Map.of("schema_violation", 1L), o.quarantinedByReason());
    assertEquals(1, lake.read(Tables.QUARANTINE).where("detail = 'field event_id: must not be empty'").count());
  }

  @Test
  void anEmptyUserIdIsRejectedNotCountedAsOnePersonUnderItsPseudonym() {
    String empty = event("nouser-1", "like", "u-e", "").replace("\"user_id\":\"u-e\"", "\"user_id\":\"\"");
    String blank = event("nouser-2", "enter_room", "u-e", "").replace("\"user_id\":\"u-e\"", "\"user_id\":\" \\t \"");
    String escaped = event("nouser-3", "like", "u-e", "").replace("\"user_id\":\"u-e\"", "\"user\\u005fid\":\"\\u0020\"");
    String someone = event("nouser-4", "like", "u-e", "");
    BatchOutcome o = run(empty, blank, escaped, someone);
    assertEquals(Map.of("nouser-1", "schema_violation", "nouser-2", "schema_violation", "nouser-3", "schema_violation",
        "nouser-4", "obt"), where("nouser-"));
    assertEquals(Map.of("schema_violation", 3L), o.quarantinedByReason());
    assertEquals(3, lake.read(Tables.QUARANTINE).where("event_id LIKE 'nouser-%' AND detail = 'field user_id: must not be empty'")
        .count());
  }
}
