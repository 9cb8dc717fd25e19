package io.livelake.ingestion.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.events.EventContract;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class EventValidatorTest {
  private static final ObjectMapper JSON = EventValidator.mapper(1 << 20);
  private static final String COMMON =
      "\"schema_version\":1,\"event_id\":\"e1\",\"event_time\":1793494434669,\"platform\":\"douyin\",\"user_id\":\"u1\"";

  private static EventValidator.Result check(String payload) { return EventValidator.check(JSON, payload); }

  private static void rejected(String payload, String reason, String detail) {
    EventValidator.Result r = check(payload);
    assertEquals(reason, r.reason(), payload);
    assertEquals(detail, r.detail(), payload);
  }

  @Test
  void acceptsEveryShapeOfTheContract() {
    assertTrue(check("{" + COMMON + ",\"event_type\":\"login\"}").valid());
    assertTrue(check("{" + COMMON + ",\"event_type\":\"comment\",\"session_id\":\"s1\",\"anchor_id\":\"a1\",\"text\":\"hi\"}").valid());
    assertTrue(check("{" + COMMON + ",\"event_type\":\"order_paid\",\"order_id\":\"o1\",\"lines\":[{\"product_id\":\"p1\","
        + "\"quantity\":2,\"price\":9.5}],\"amount\":19.0,\"currency\":\"CNY\",\"extra\":\"ignored\"}").valid());
  }

  private static Object value(EventValidator.Result r, String field) {
    return r.values()[EventContract.SCHEMA.fieldIndex(field)];
  }

  @Test
  void readsTheContractsNumbersWrittenAsJsonStringsAsExportsWriteDecimals() {
    EventValidator.Result r = check("{\"schema_version\":\"1\",\"event_id\":\"e1\",\"event_time\":\"1793494434669\","
        + "\"platform\":\"douyin\",\"user_id\":\"u1\",\"event_type\":\"order_paid\",\"order_id\":\"o1\","
        + "\"lines\":[{\"product_id\":\"p1\",\"quantity\":\"2\",\"price\":\"9.90\"},{\"product_id\":\"p2\",\"quantity\":1,"
        + "\"price\":\"0.5\"}],\"amount\":\"20.30\",\"currency\":\"CNY\"}");
    assertNull(r.reason(), r.detail());
    assertEquals(1, value(r, "schema_version"));
    assertEquals(1_793_494_434_669L, value(r, "event_time"));
    assertEquals(20.30, value(r, "amount"));
    assertEquals(List.of(RowFactory.create("p1", 2, 9.90), RowFactory.create("p2", 1, 0.5)),
        CollectionConverters.asJava((scala.collection.Seq<?>) value(r, "lines")));
    EventValidator.Result gift = check("{" + COMMON + ",\"event_type\":\"gift\",\"session_id\":\"s\",\"anchor_id\":\"a\","
        + "\"gift_value\":\"-0\"}");
    assertEquals(0.0, value(gift, "gift_value"));

    // Text that is not a decimal as JSON spells it stays text, and is named.
    String cart = "{" + COMMON + ",\"event_type\":\"cart_add\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"product_id\":\"p\",";
    for (String q : List.of("2.0", "1e3", " 2", "2 ", "02", "0x10", "2,5", "+2", "", "1" + "0".repeat(40))) {
      String shown = q.equals("2.0") ? "2.0" : "\"" + q + "\"";
      rejected(cart + "\"quantity\":\"" + q + "\"}", "schema_violation", "field quantity: expected an integer, got "
          + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown));
    }
    rejected("{" + COMMON + ",\"event_type\":\"order_paid\",\"order_id\":\"o1\",\"lines\":[{\"product_id\":\"p1\","
        + "\"quantity\":1,\"price\":9.5}],\"amount\":\"19,00\",\"currency\":\"CNY\"}", "schema_violation",
        "field amount: expected a finite number, got \"19,00\"");
  }

  @Test
  void aFieldNamedInCamelCaseIsNamedInTheDetail() {
    rejected("{\"schemaVersion\":1,\"eventId\":\"e1\",\"eventType\":\"like\",\"eventTime\":1793494434669,\"userId\":\"u1\"}",
        "schema_violation", "missing field schema_version (the record has schemaVersion: the contract's field names are "
            + "snake_case, lower case with underscores)");
    rejected("{" + COMMON + ",\"event_type\":\"like\",\"Session-Id\":\"s1\",\"anchor_id\":\"a1\"}", "schema_violation",
        "missing field session_id (required for like; the record has Session-Id: the contract's field names are "
            + "snake_case, lower case with underscores)");
  }

  @Test
  void anEventTimeWithoutItsOffsetIsQuotedWithWhatToWrite() {
    for (String time : List.of("2026-11-01 08:00:00", "2026-11-01T08:00:00.5")) {
      rejected("{" + COMMON.replace("1793494434669", "\"" + time + "\"") + ",\"event_type\":\"login\"}", "schema_violation",
          "field event_time: expected UTC epoch milliseconds or an ISO-8601 time with its offset (2026-11-01T08:53:54+08:00), "
              + "got \"" + time + "\", a time without an offset, whose zone would be a guess: write it with the offset of its "
              + "zone, or Z for UTC");
    }
  }

  @Test
  void namesTheProblemOfEachBadRecord() {
    rejected("{not json", "malformed_json", "payload is not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name (line 1, column 2)");
    rejected("[1,2]", "malformed_json", "payload is a JSON array of 2 values, not an event object: the contract is one event per record (per line of a file), so a producer that batches events sends each as its own record");
    rejected("", "malformed_json", "payload is empty (a blank line or an empty record), not an event");
    rejected("{" + COMMON.replace("1793494434669", "\"yesterday\"") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_time: expected UTC epoch milliseconds or an ISO-8601 time with its offset "
            + "(2026-11-01T08:53:54+08:00), got \"yesterday\"");
    rejected("{" + COMMON + ",\"event_type\":\"cart_add\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"product_id\":\"p\",\"quantity\":2.5}",
        "schema_violation", "field quantity: expected an integer, got 2.5");
    rejected("{" + COMMON.replace(",\"user_id\":\"u1\"", "") + ",\"event_type\":\"login\"}", "schema_violation",
        "missing field user_id");
    rejected("{" + COMMON + ",\"event_type\":\"like\",\"anchor_id\":\"a1\"}", "schema_violation",
        "missing field session_id (required for like)");
    rejected("{" + COMMON + ",\"event_type\":\"teleport\"}", "unknown_event_type", "event_type 'teleport' is not in the "
        + "contract; its types: login, logout, enter_room, leave_room, heartbeat, product_impression, product_click, "
        + "comment, like, share, gift, follow, unfollow, rating, game_join, ad_impression, ad_click, cart_add, "
        + "cart_remove, order_paid, order_refunded");
    // Other producers' names for the contract's events: the types that share a word with them.
    rejected("{" + COMMON + ",\"event_type\":\"add_to_cart\"}", "unknown_event_type",
        "event_type 'add_to_cart' is not in the contract; its types with a word of it: cart_add, cart_remove");
    rejected("{" + COMMON + ",\"event_type\":\"addToCart\"}", "unknown_event_type",
        "event_type 'addToCart' is not in the contract; its types with a word of it: cart_add, cart_remove");
    rejected("{" + COMMON + ",\"event_type\":\"Likes\"}", "unknown_event_type",
        "event_type 'Likes' is not in the contract; its types with a word of it: like");
    rejected("{" + COMMON + ",\"event_type\":\"OrderCreated\"}", "unknown_event_type",
        "event_type 'OrderCreated' is not in the contract; its types with a word of it: order_paid, order_refunded");
    rejected("{" + COMMON + ",\"event_type\":\"Order-Paid\"}", "unknown_event_type",
        "event_type 'Order-Paid' is not in the contract (its types are lower case with underscores: order_paid)");
    rejected("{" + COMMON.replace("\"schema_version\":1", "\"schema_version\":9") + ",\"event_type\":\"login\"}",
        "unsupported_schema_version", "schema_version 9 is not supported (this build reads 1..1)");
    rejected("{" + COMMON + ",\"event_type\":\"rating\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"rating\":7,\"target\":\"anchor\"}",
        "schema_violation", "field rating: must be 1..5, got 7");
    rejected("{" + COMMON + ",\"event_type\":\"rating\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"rating\":4,\"target\":\"product\"}",
        "schema_violation", "missing field product_id (required for rating)");
    rejected("{" + COMMON + ",\"event_type\":\"order_paid\",\"order_id\":\"o1\",\"lines\":[{\"product_id\":\"p1\","
        + "\"quantity\":\"two\",\"price\":9.5}],\"amount\":19.0,\"currency\":\"CNY\"}", "schema_violation",
        "field lines: expected a list of order lines (product_id, integer quantity, numeric price), got [{\"product_id\":\"p1\",\"quantity\":\"two\",\"pr...");
    rejected("{" + COMMON + ",\"event_type\":\"order_paid\",\"order_id\":\"o1\",\"lines\":[],\"amount\":0,\"currency\":\"CNY\"}",
        "schema_violation", "field lines: an order needs at least one line");
  }

  /**
   * Values as Confluent's serializers write them (a 0 byte, the schema id in 4 bytes big-endian, the value), decoded
   * as Spark's cast of the Kafka value to a string decodes them: JSON Schema's read as the JSON after the framing,
   * whatever characters the id's bytes make (123 is '{'; 0x00A9 0x7B... form no character of their own), Avro's named.
   */
  @Test
  void confluentSchemaRegistryFramingIsTakenOffJsonAndNamedBeforeAvro() {
    String event = "{" + COMMON + ",\"event_type\":\"login\"}";
    for (int id : List.of(1, 100, 123, 0xC3A9, 100_000, 0x7B7B7B7B, Integer.MAX_VALUE)) {
      String value = kafkaValue(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array(), event.getBytes(UTF_8));
      EventValidator.Result r = check(value);
      assertTrue(r.valid(), "schema id " + id + ": " + r.detail());
      assertEquals("u1", r.values()[EventContract.SCHEMA.fieldIndex("user_id")], "schema id " + id);
    }
    // Avro's binary encoding of a record {"user_id": "u1", "n": 2} (a string as its zig-zag length and bytes, a long).
    byte[] avro = {0x04, 'u', '1', 0x04};
    rejected(kafkaValue(new byte[] {0, 0, 0, 0, 7}, avro), "malformed_json", RegistryFraming.NOT_JSON);
    rejected(kafkaValue(new byte[] {0, 0, 0, 0, 7}, "[1]".getBytes(UTF_8)), "malformed_json", RegistryFraming.NOT_JSON);
    // A value without the framing is judged as before.
    rejected("x{" + COMMON + "}", "malformed_json", "payload is not valid JSON: Unrecognized token: was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 2)");
  }

  /** Producers that are not LiveLake's write times as ISO-8601 text: one with its offset is that instant. */
  @Test
  void anEventTimeMayBeAnIso8601TimeWithItsOffset() {
    long ms = 1_793_494_434_669L;  // 2026-11-01T00:53:54.669Z
    // Also as PostgreSQL prints a timestamptz, and with the offset's other spellings.
    for (String t : List.of("2026-11-01T00:53:54.669Z", "2026-11-01T08:53:54.669+08:00", "2026-10-31T19:53:54.669-05:00",
        "2026-11-01 08:53:54.669+08", "2026-11-01 08:53:54.669+0800", "2026-11-01 00:53:54.669Z")) {
      EventValidator.Result r = check("{" + COMMON.replace("1793494434669", "\"" + t + "\"") + ",\"event_type\":\"login\"}");
      assertTrue(r.valid(), t + ": " + r.detail());
      assertEquals(ms, r.values()[EventContract.SCHEMA.fieldIndex("event_time")], t);
    }
    String expected = "field event_time: expected UTC epoch milliseconds or an ISO-8601 time with its offset "
        + "(2026-11-01T08:53:54+08:00), got ";
    // Without an offset the zone would be a guess (the detail says so); a date alone is no instant.
    for (String t : List.of("2026-11-01T00:53:54", "2026-11-01 00:53:54")) {
      rejected("{" + COMMON.replace("1793494434669", "\"" + t + "\"") + ",\"event_type\":\"login\"}", "schema_violation",
          expected + "\"" + t + "\", a time without an offset, whose zone would be a guess: write it with the offset of its "
              + "zone, or Z for UTC");
    }
    for (String t : List.of("2026-11-01", "2026-13-01T00:53:54Z", "2026-11-01T00:53:54+25:00", "2026-11-01T00:53:54 CET")) {
      rejected("{" + COMMON.replace("1793494434669", "\"" + t + "\"") + ",\"event_type\":\"login\"}", "schema_violation",
          expected + "\"" + t + "\"");
    }
    rejected("{" + COMMON.replace("1793494434669", "\"1999-12-31T23:59:59Z\"") + ",\"event_type\":\"login\"}",
        "schema_violation", "field event_time: 946684799000 ms is not a time from 2000-01-01 to 9999-12-31 UTC");
  }

  /**
   * Kafka Connect's JsonConverter wraps each value in {"schema": ..., "payload": ...} unless schemas.enable=false, as
   * in the Connect documentation's example: the payload is the event. Only that exact envelope is unwrapped.
   */
  @Test
  void kafkaConnectsJsonEnvelopeIsUnwrapped() {
    String event = "{" + COMMON + ",\"event_type\":\"login\"}";
    String schema = "{\"type\":\"struct\",\"optional\":false,\"fields\":[{\"field\":\"event_id\",\"type\":\"string\"}]}";
    EventValidator.Result r = check("{\"schema\":" + schema + ",\"payload\":" + event + "}");
    assertTrue(r.valid(), r.detail());
    assertEquals("u1", r.values()[EventContract.SCHEMA.fieldIndex("user_id")]);
    rejected("{\"schema\":" + schema + ",\"payload\":" + event + ",\"extra\":1}", "schema_violation",
        "missing field schema_version");
    rejected("{\"schema\":null,\"payload\":" + event + "}", "schema_violation", "missing field schema_version");
  }

  /**
   * Debezium's change events of an outbox table of events (PostgreSQL connector, JsonConverter with its schema), in
   * the form of Debezium's own test resource debezium-connector-common/src/test/resources/json/serde-with-schema.json
   * (github.com/debezium/debezium, Apache-2.0): the row in "after" is the event, decoded by the schema. The numbers
   * are worked out by hand: "AdTA" is the bytes 01 D4 C0, the unscaled 120000, so 1200.00 at scale 2 (120.000 at
   * scale 3); "/5w=" is
   * FF 9C, -100, so -1.00; 1793494434669123 microseconds are 1793494434669 ms.
   */
  @Test
  void debeziumChangeEventsReadAsTheRowTheyAddedWithItsColumnsDecoded() {
    String row = "{\"schema_version\":1,\"event_id\":\"o-1\",\"event_type\":\"order_paid\",\"event_time\":1793494434669123,"
        + "\"platform\":\"douyin\",\"user_id\":\"u1\",\"order_id\":\"o1\",\"lines\":\"[{\\\"product_id\\\":\\\"p1\\\","
        + "\\\"quantity\\\":2,\\\"price\\\":600.00}]\",\"amount\":\"%s\",\"currency\":\"CNY\"}";
    String columns = "[{\"type\":\"int32\",\"optional\":false,\"field\":\"schema_version\"},"
        + "{\"type\":\"string\",\"optional\":false,\"field\":\"event_id\"},"
        + "{\"type\":\"int64\",\"optional\":false,\"name\":\"io.debezium.time.MicroTimestamp\",\"version\":1,"
        + "\"field\":\"event_time\"},"
        + "{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Json\",\"version\":1,\"field\":\"lines\"},"
        + "{\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
        + "\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"12\"},\"field\":\"amount\"}]";
    String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"fields\":" + columns + ",\"optional\":true,"
        + "\"name\":\"shop.public.live_events.Value\",\"field\":\"before\"},{\"type\":\"struct\",\"fields\":" + columns
        + ",\"optional\":true,\"name\":\"shop.public.live_events.Value\",\"field\":\"after\"},{\"type\":\"string\","
        + "\"optional\":false,\"field\":\"op\"}],\"optional\":false,\"name\":\"shop.public.live_events.Envelope\"}";
    String source = "{\"version\":\"2.5.4.Final\",\"connector\":\"postgresql\",\"name\":\"shop\",\"ts_ms\":1793494434700,"
        + "\"db\":\"shop\",\"schema\":\"public\",\"table\":\"live_events\",\"txId\":742,\"lsn\":26843720}";
    String change = "{\"before\":%s,\"after\":%s,\"source\":" + source + ",\"op\":\"%s\",\"ts_ms\":1793494434701}";
    String created = String.format(change, "null", String.format(row, "AdTA"), "c");

    EventValidator.Result r = check("{\"schema\":" + schema + ",\"payload\":" + created + "}");
    assertTrue(r.valid(), r.detail());
    assertEquals(1_793_494_434_669L, r.values()[EventContract.SCHEMA.fieldIndex("event_time")]);
    assertEquals(1200.0, r.values()[EventContract.SCHEMA.fieldIndex("amount")]);
    List<Row> lines = CollectionConverters.asJava(
        (scala.collection.Seq<Row>) r.values()[EventContract.SCHEMA.fieldIndex("lines")]);
    assertEquals(List.of(RowFactory.create("p1", 2, 600.0)), lines);
    // A PostgreSQL NUMERIC without a scale of its own carries it beside the bytes.
    String variable = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\","
        + "\"name\":\"io.debezium.data.VariableScaleDecimal\",\"fields\":[{\"type\":\"int32\",\"field\":\"scale\"},"
        + "{\"type\":\"bytes\",\"field\":\"value\"}],\"field\":\"amount\"}],\"field\":\"after\"}]}";
    r = check("{\"schema\":" + variable + ",\"payload\":" + String.format(change, "null",
        String.format(row, "AdTA").replace("\"AdTA\"", "{\"scale\":3,\"value\":\"AdTA\"}")
            .replace("1793494434669123", "1793494434669").replaceFirst("\"\\[.*\\]\"", "[{\"product_id\":\"p1\",\"quantity\":1,\"price\":120}]"),
        "c") + "}");
    assertTrue(r.valid(), r.detail());
    assertEquals(120.0, r.values()[EventContract.SCHEMA.fieldIndex("amount")]);
    // The sign of the two's complement is kept: a negative amount is refused as such.
    rejected("{\"schema\":" + schema + ",\"payload\":" + String.format(change, "null", String.format(row, "/5w="), "r") + "}",
        "schema_violation", "field amount: must not be negative");
    // Without the schema (schemas.enable=false) the change event is read, its encoded columns not: the check names them.
    rejected(created, "schema_violation", "field lines: expected a list of order lines (product_id, integer quantity, "
        + "numeric price), got \"[{\\\"product_id\\\":\\\"p1\\\",\\\"quantity\\\":2,...");
    // An update's row is read (its event_id repeats, which the cleaning rules judge); other operations add no event.
    assertTrue(check("{\"schema\":" + schema + ",\"payload\":" + String.format(change, String.format(row, "AdTA"),
        String.format(row, "AdTA"), "u") + "}").valid());
    rejected(String.format(change, String.format(row, "AdTA"), "null", "d"), "schema_violation",
        "a Debezium change event of op 'd' (a row deleted), which is no event: events are only ever added, and a refund "
            + "is an event of its own");
    rejected(String.format(change, "null", "null", "t"), "schema_violation",
        "a Debezium change event of op 't' (a table truncated), which is no event: events are only ever added, and a "
            + "refund is an event of its own");
    rejected(String.format(change, "null", "\"{\\\"_id\\\": 1}\"", "c"), "schema_violation", "a Debezium change event of "
        + "op 'c' without its row in 'after' (a MongoDB connector writes the document as text there: add its "
        + "ExtractNewDocumentState transform)");
    // ExtractNewRecordState's row of a delete, with delete.handling.mode=rewrite.
    rejected("{" + COMMON + ",\"event_type\":\"login\",\"__deleted\":\"true\"}", "schema_violation",
        "a Debezium change event of op 'd' (a row deleted), which is no event: events are only ever added, and a refund "
            + "is an event of its own");
    assertTrue(check("{" + COMMON + ",\"event_type\":\"login\",\"__deleted\":\"false\"}").valid());
    // A JSON column whose text is no JSON, and a decimal that is not base64, are named.
    rejected("{\"schema\":" + schema + ",\"payload\":" + created.replace("\"lines\":\"[{", "\"lines\":\"[{{") + "}",
        "schema_violation", "column lines: a JSON column whose text is not valid JSON");
    rejected("{\"schema\":" + schema + ",\"payload\":" + created.replace("AdTA", "A*TA") + "}", "schema_violation",
        "field amount: expected a finite number, got \"A*TA\"");
    // Bounds: a scale beyond any database's or bytes beyond any amount are not decoded (their cost would not be bounded).
    rejected("{\"schema\":" + schema.replace("\"scale\":\"2\"", "\"scale\":\"99999\"") + ",\"payload\":" + created + "}",
        "schema_violation", "field amount: expected a finite number, got \"AdTA\"");
    String huge = "A".repeat(400);
    rejected("{\"schema\":" + schema + ",\"payload\":" + created.replace("AdTA", huge) + "}", "schema_violation",
        "field amount: expected a finite number, got \"" + huge.substring(0, 39) + "...");
  }

  /** A database numbers its rows and orders: an id that is a JSON integer reads as its decimal text. */
  @Test
  void anIdThatIsAnIntegerReadsAsItsDecimalText() {
    EventValidator.Result r = check("{\"schema_version\":1,\"event_id\":9007199254740993123,\"event_type\":\"order_paid\","
        + "\"event_time\":1793494434669,\"platform\":\"douyin\",\"user_id\":\"u1\",\"session_id\":-7,\"anchor_id\":0,"
        + "\"order_id\":42,\"lines\":[{\"product_id\":1001,\"quantity\":1,\"price\":9.5}],\"amount\":9.5,\"currency\":\"CNY\"}");
    assertTrue(r.valid(), r.detail());
    assertEquals("9007199254740993123", r.values()[EventContract.SCHEMA.fieldIndex("event_id")]);
    assertEquals("-7", r.values()[EventContract.SCHEMA.fieldIndex("session_id")]);
    assertEquals("0", r.values()[EventContract.SCHEMA.fieldIndex("anchor_id")]);
    assertEquals("42", r.values()[EventContract.SCHEMA.fieldIndex("order_id")]);
    assertEquals(List.of(RowFactory.create("1001", 1, 9.5)), CollectionConverters.asJava(
        (scala.collection.Seq<Row>) r.values()[EventContract.SCHEMA.fieldIndex("lines")]));
    // A fraction is no id, and an enumeration is a string.
    rejected("{" + COMMON.replace("\"e1\"", "4.5") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_id: expected a string or an integer, got 4.5");
    rejected("{" + COMMON.replace("\"douyin\"", "3") + ",\"event_type\":\"login\"}", "schema_violation",
        "field platform: expected a string, got 3");
  }

  /**
   * JSON encoded twice: a string holding the event, as Debezium's outbox event router writes a payload column of text
   * (with JsonConverter's schema, {"schema": {"type": "string"}, "payload": "..."}) and some producers write any event.
   */
  @Test
  void anEventEncodedTwiceAsAJsonStringIsRead() {
    String twice = "\"" + ("{" + COMMON + ",\"event_type\":\"login\"}").replace("\"", "\\\"") + "\"";
    assertTrue(check(twice).valid(), check(twice).detail());
    EventValidator.Result r = check("{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":" + twice + "}");
    assertTrue(r.valid(), r.detail());
    assertEquals("u1", r.values()[EventContract.SCHEMA.fieldIndex("user_id")]);
    // Once only: a string holding a string is no object, nor is a string of other JSON.
    rejected("\"" + twice.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", "malformed_json",
        "payload is a JSON string, not an event object");
    rejected("\"[1]\"", "malformed_json", "payload is a JSON string, not an event object");
    rejected("\"{not json\"", "malformed_json", "payload is a JSON string, not an event object");
  }

  /**
   * The producers' usual mistakes are named: events batched into an array, a JSON file printed over several lines
   * (each line of which reaches the check alone), a CSV file in the input directory.
   */
  @Test
  void aPayloadThatIsNoEventSaysWhatItLooksLike() {
    String event = "{" + COMMON + ",\"event_type\":\"login\"}";
    rejected("[" + event + "," + event + "]", "malformed_json", "payload is a JSON array of 2 values, not an event object: the contract is one event per record (per line of a file), so a producer that batches events sends each as its own record");
    rejected("[" + event + "]", "malformed_json", "payload is a JSON array of 1 value, not an event object: the contract is "
        + "one event per record (per line of a file), so a producer that batches events sends each as its own record");
    rejected("42", "malformed_json", "payload is a JSON number, not an event object");
    rejected("true", "malformed_json", "payload is a JSON boolean, not an event object");
    rejected("null", "malformed_json", "payload is JSON null, not an event object");
    String pretty = "; it reads as one line of a JSON document printed over several lines, and each line of a file is a "
        + "record of its own: write one event object per line (JSON Lines), e.g. jq -c . FILE > events.jsonl (jq -c '.[]' "
        + "for a file that is one array of events)";
    rejected("{", "malformed_json", "payload is not valid JSON: Unexpected end-of-input: expected close marker for Object "
        + "(line 1, column 2)" + pretty);
    rejected("  \"event_id\": \"e1\",", "malformed_json", "payload is not valid JSON: Unexpected character (':' (code 58)): "
        + "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true'... (line 1, column 13)"
        + pretty);
    // Two events without a line break between them were read as the first, and the second was lost.
    rejected(event + event, "malformed_json", "payload holds more after its JSON value ends (line 1, column "
        + (event.length() + 1) + "): another JSON object, as when events are written one after another without a line "
        + "break; write each event on a line of its own (in Kafka, as a record of its own): none of them is read from "
        + "this record");
    rejected(event + " 42", "malformed_json", "payload holds more after its JSON value ends (line 1, column "
        + (event.length() + 2) + "): anything after the event object but white space is refused rather than dropped");
    rejected(event + " trailing words", "malformed_json", "payload is not valid JSON: Unrecognized token: was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column " + (event.length() + 10)
        + ")");
    assertTrue(check(" " + event + " \r\n\t").valid(), "white space around the event is no content");
    assertTrue(check(event + "\u0000").valid(), "nor is the NUL a C producer sends after its string");
    rejected("},", "malformed_json", "payload is not valid JSON: Unexpected close marker '}': expected ']' (line 1, column 1)"
        + pretty);
    rejected("{\"text\":\"\\xC4\\xE3 hi\"}", "malformed_json", "payload is not valid JSON: Unrecognized character escape 'x' "
        + "(code 120) (line 1, column 11); it holds bytes that are not UTF-8, kept here as \\xHH: JSON is UTF-8, and text in "
        + "another encoding (GBK, GB18030 or Big5 for Chinese, Shift_JIS, Latin-1) reads so; produce the events in UTF-8");
    String csv = "; it reads as a line of comma-, semicolon- or tab-separated values: this input takes JSON events, one "
        + "object per line or record; bin/livelake import reads CSV files of the public formats (docs/import.md)";
    rejected("1,2268318,2520377,pv,1511544070", "malformed_json",
        "payload is not valid JSON: Unexpected character (',' (code 44)): Expected space separating root-level values "
        + "(line 1, column 2)" + csv);
    rejected("user_id;item_id;behavior", "malformed_json", "payload is not valid JSON: Unrecognized token: was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 8)" + csv);
    rejected("\"536365\",\"85123A\",\"WHITE HANGING HEART\"", "malformed_json", "payload is not valid JSON: Unexpected "
        + "character (',' (code 44)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true'... "
        + "(line 1, column 9)" + csv);
    // JSON gone wrong is not taken for CSV, whatever commas it holds, nor is a word.
    rejected("{\"a\":1,\"b\":2,", "malformed_json", "payload is not valid JSON: Unexpected end-of-input within/between "
        + "Object entries (line 1, column 14)");
    rejected("hello", "malformed_json", "payload is not valid JSON: Unrecognized token: was expecting (JSON String, Number, "
        + "Array, Object or token 'null', 'true' or 'false') (line 1, column 6)");
    EventValidator.Result commas = check("x" + ",".repeat(1 << 20));
    assertTrue(commas.detail().endsWith(csv), "a megabyte of commas is read once: " + commas.detail());
  }

  /** A record without a value is a Kafka tombstone. */
  @Test
  void aRecordWithoutAValueIsNamedATombstone() {
    rejected(null, "malformed_json",
        "the record has no value (a Kafka tombstone, as a compacted topic or Debezium after a delete writes it)");
  }

  /** The framing and the value as one Kafka value, as Spark's cast of the value to a string reads it. */
  private static String kafkaValue(byte[] framing, byte[] value) {
    byte[] all = ByteBuffer.allocate(framing.length + value.length).put(framing).put(value).array();
    return UTF8String.fromBytes(all).toString();
  }

  @Test
  void anOrderLineOfNoGoodsOrNoPriceIsAnInvalidOrderLineNamingItsIndexAndField() {
    String order = "{" + COMMON + ",\"event_type\":\"%s\",\"order_id\":\"o1\",\"lines\":[{\"product_id\":\"p1\","
        + "\"quantity\":1,\"price\":9.5},{\"product_id\":\"p2\",\"quantity\":%s,\"price\":%s}],\"amount\":9.5,"
        + "\"currency\":\"CNY\"}";
    rejected(String.format(order, "order_paid", "0", "3"), "invalid_order_line", "field lines[1].quantity: must be positive, got 0");
    rejected(String.format(order, "order_paid", "-2", "3"), "invalid_order_line", "field lines[1].quantity: must be positive, got -2");
    rejected(String.format(order, "order_paid", "1", "0"), "invalid_order_line", "field lines[1].price: must be positive, got 0.0");
    rejected(String.format(order, "order_refunded", "1", "-4.25"), "invalid_order_line",
        "field lines[1].price: must be positive, got -4.25");
    assertTrue(check(String.format(order, "order_paid", "1", "0.01")).valid());
  }

  @Test
  void boundsNumbersTimesIdsAndNestingWithoutEchoingPersonalValues() {
    String order = ",\"event_type\":\"order_paid\",\"order_id\":\"o1\",\"lines\":[{\"product_id\":\"p1\",\"quantity\":1,"
        + "\"price\":9.5}],\"currency\":\"CNY\"";
    rejected("{" + COMMON + order + ",\"amount\":1e309}", "schema_violation", "field amount: expected a finite number, got \"Infinity\"");
    rejected("{" + COMMON + ",\"event_type\":\"gift\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"gift_value\":-1e309}",
        "schema_violation", "field gift_value: expected a finite number, got \"-Infinity\"");
    rejected("{" + COMMON.replace("1793494434669", "9223372036854775807") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_time: 9223372036854775807 ms is not a time from 2000-01-01 to 9999-12-31 UTC");
    // The units producers send by mistake are named with the time they would be.
    rejected("{" + COMMON.replace("1793494434669", "1793494434") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_time: 1793494434 ms is not a time from 2000-01-01 to 9999-12-31 UTC (as seconds it would be "
            + "2026-11-01T00:53:54Z: event_time is in milliseconds)");
    rejected("{" + COMMON.replace("1793494434669", "1793494434669123") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_time: 1793494434669123 ms is not a time from 2000-01-01 to 9999-12-31 UTC (as microseconds it would "
            + "be 2026-11-01T00:53:54.669Z: event_time is in milliseconds)");
    rejected("{" + COMMON.replace("1793494434669", "1793494434669123456") + ",\"event_type\":\"login\"}",
        "schema_violation", "field event_time: 1793494434669123456 ms is not a time from 2000-01-01 to 9999-12-31 UTC "
            + "(as nanoseconds it would be 2026-11-01T00:53:54.669Z: event_time is in milliseconds)");
    rejected("{" + COMMON.replace("1793494434669", "5") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_time: 5 ms is not a time from 2000-01-01 to 9999-12-31 UTC");
    assertNull(check("{" + COMMON.replace("1793494434669", "-9223372036854775808") + ",\"event_type\":\"login\"}")
        .values()[3], "an event time out of range is not kept, so no conversion of it can overflow");
    rejected("{" + COMMON.replace("\"e1\"", "\" \"") + ",\"event_type\":\"login\"}", "schema_violation",
        "field event_id: must not be empty");
    rejected("{" + COMMON.replace("\"u1\"", "[\"pii.arr08@example.com\"]") + ",\"event_type\":\"login\"}", "schema_violation",
        "field user_id: expected a string, got an array");
    rejected("{" + COMMON + ",\"event_type\":\"comment\",\"session_id\":\"s\",\"anchor_id\":\"a\",\"text\":{\"a\":\"x@y.com\"}}",
        "schema_violation", "field text: expected a string, got an object");
    rejected("{" + COMMON + ",\"user_id\":\"u2\",\"event_type\":\"login\"}", "malformed_json",
        "payload is not valid JSON: Duplicate field 'user_id' (line 1, column 108)");
    rejected("{\"user_id\": alice.smith, \"event_type\":\"login\"}", "malformed_json",
        "payload is not valid JSON: Unrecognized token: was expecting (JSON String, Number, Array, Object or token 'null', "
            + "'true' or 'false') (line 1, column 18)");
    String deep = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertEquals("malformed_json", check(deep).reason());
    assertTrue(check(deep).detail().startsWith("payload is not valid JSON: Document nesting depth (65) exceeds"), check(deep).detail());
  }
}
