package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livelake.events.EventContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** Each bypass of the raw-text sanitizer, and what the tree and text sanitizers keep. */
class PayloadSanitizerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Pseudonymizer pseudonymizer = new Pseudonymizer("test-key-0123456789".getBytes(StandardCharsets.UTF_8));
  private final PayloadSanitizer sanitizer = new PayloadSanitizer(pseudonymizer);

  private String p(String rawId) { return pseudonymizer.pseudonym(rawId); }

  /** The record parsed as the ingestion parses it, sanitized, written back as JSON. */
  private String tree(String record) throws Exception {
    ObjectNode event = (ObjectNode) JSON.readTree(record);
    sanitizer.sanitize(event);
    return event.toString();
  }

  @Test
  void anEscapedUserIdKeyIsStillPseudonymized() throws Exception {
    assertEquals("{\"user_id\":\"" + p("u0000042") + "\"}", tree("{\"user\\u005fid\":\"u0000042\"}"));
  }

  @Test
  void anEscapedAtSignInTextIsStillAnAddress() throws Exception {
    assertEquals("{\"text\":\"mail [email] now\"}", tree("{\"text\":\"mail bob\\u0040example.com now\"}"));
  }

  @Test
  void anEscapedTextKeyIsStillRedacted() throws Exception {
    assertEquals("{\"text\":\"call [phone]\"}", tree("{\"te\\u0078t\":\"call 13812345678\"}"));
  }

  @Test
  void dottedAndFullWidthPhonesAreRedacted() throws Exception {
    assertEquals("{\"text\":\"call [phone] or [phone]\"}",
        tree("{\"text\":\"call 138.0013.8000 or １３８００１３８０００\"}"));
  }

  @Test
  void internationalizedAddressesAreRedacted() throws Exception {
    assertEquals("{\"text\":\"write [email] or [email]\"}", tree("{\"text\":\"write 用户@例子.公司 or josé@correo.es\"}"));
  }

  /** A barrage names viewers by handle; a log shipper's "@version" key is no one's and stays readable. */
  @Test
  void mentionsInTheTextAreRedactedButNotKeysStartingWithAnAtSign() throws Exception {
    assertEquals("{\"text\":\"[mention] thanks for the gift, [mention]! mail [email]\",\"@version\":\"1\"}",
        tree("{\"text\":\"@小美 thanks for the gift, ＠lucy.w_88! mail bob@example.com\",\"@version\":\"1\"}"));
    PayloadSanitizer s = new PayloadSanitizer(new Pseudonymizer("k".repeat(16).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("not json [mention] hi", s.sanitizeText("not json @bob hi"), "a record that is not JSON is free text");
  }

  @Test
  void anAddressInAnUnknownNestedFieldIsRedacted() throws Exception {
    assertEquals("{\"extra\":{\"contact\":[{\"mail\":\"[email]\",\"note\":\"call [phone]\"}]}}",
        tree("{\"extra\":{\"contact\":[{\"mail\":\"bob@example.com\",\"note\":\"call 13812345678\"}]}}"));
  }

  @Test
  void anAddressAsAKeyOfAnUnknownObjectIsRedacted() throws Exception {
    assertEquals("{\"extra\":{\"[email]\":1},\"[phone]\":true}",
        tree("{\"extra\":{\"bob@example.com\":1},\"13812345678\":true}"));
  }

  @Test
  void aNumberInAnUnknownFieldThatIsAPhoneBecomesTheRedactedText() throws Exception {
    assertEquals("{\"extra\":\"[phone]\",\"size\":42,\"price\":99.9}",
        tree("{\"extra\":13812345678,\"size\":42,\"price\":99.9}"));
  }

  @Test
  void aNumericUserIdHasThePseudonymOfItsDecimalText() throws Exception {
    String expected = "{\"user_id\":\"" + p("12345") + "\"}";
    assertEquals(expected, tree("{\"user_id\":12345}"));
    assertEquals(expected, tree("{\"user_id\":\"12345\"}"));
    assertEquals(expected, tree("{\"user_id\":12345.0}"));
    assertEquals(expected, tree("{\"user_id\":1.2345e4}"));
    assertEquals("{\"user_id\":\"" + p("123456789012345678901234567890") + "\"}",
        tree("{\"user_id\":123456789012345678901234567890}"));
  }

  /** Another person's id inside the event is pseudonymized too, as the text sanitizer does for a malformed record. */
  @Test
  void aUserIdNestedAtAnyDepthIsPseudonymized() throws Exception {
    assertEquals("{\"gift_to\":{\"user_id\":\"" + p("u7") + "\",\"note\":\"[phone]\"},\"lines\":[{\"product_id\":\"p1\","
        + "\"user_id\":\"" + p("42") + "\"}],\"extra\":[{\"user_id\":[\"" + p("u8") + "\"]}]}",
        tree("{\"gift_to\":{\"user\\u005fid\":\"u7\",\"note\":\"13812345678\"},\"lines\":[{\"product_id\":\"p1\","
            + "\"user_id\":42}],\"extra\":[{\"user_id\":[\"u8\"]}]}"));
  }

  @Test
  void aBlankUserIdStaysBlankForValidationToRefuse() throws Exception {
    assertEquals("{\"user_id\":\"\"}", tree("{\"user_id\":\"\"}"));
    assertEquals("{\"user_id\":\" \\t\"}", tree("{\"user_id\":\" \\t\"}"));
    assertEquals("{\"user_id\":\" \"}", tree("{\"user\\u005fid\":\"\\u0020\"}"));
    assertEquals("{\"user_id\":\"" + p(" u1 ") + "\"}", tree("{\"user_id\":\" u1 \"}"), "only a blank id is kept");
  }

  @Test
  void everyKeyStringAndNumberInsideAnArrayOrObjectUserIdIsPseudonymized() throws Exception {
    assertEquals("{\"user_id\":[\"" + p("u1") + "\",{\"" + p("u2") + "\":\"" + p("7") + "\"},[\"" + p("3") + "\"],null,true]}",
        tree("{\"user_id\":[\"u1\",{\"u2\":7},[3],null,true]}"));
  }

  @Test
  void identifiersKeepTheirDigitsAndLoseOnlyAddresses() throws Exception {
    String in = "{\"order_id\":\"ord-20231130123456789\",\"session_id\":\"s000123456789\",\"event_id\":\"20231130123456789\","
        + "\"anchor_id\":\"bob@example.com\",\"lines\":[{\"product_id\":\"13812345678\",\"quantity\":1234567,\"price\":99.5,"
        + "\"note\":\"13812345678\"},\"13812345678\"],\"text\":\"order ord-20231130123456789\"}";
    assertEquals("{\"order_id\":\"ord-20231130123456789\",\"session_id\":\"s000123456789\",\"event_id\":\"20231130123456789\","
        + "\"anchor_id\":\"[email]\",\"lines\":[{\"product_id\":\"13812345678\",\"quantity\":1234567,\"price\":99.5,"
        + "\"note\":\"[phone]\"},\"[phone]\"],\"text\":\"order ord-[phone]\"}", tree(in));
  }

  @Test
  void contractFieldsHoldingAnotherJsonTypeAreRedactedLikeUnknownOnes() throws Exception {
    assertEquals("{\"order_id\":[\"[phone]\"],\"amount\":\"[phone]\",\"text\":\"[phone]\",\"event_time\":{\"[email]\":\"[phone]\"}}",
        tree("{\"order_id\":[\"13812345678\"],\"amount\":\"13812345678\",\"text\":13812345678,"
            + "\"event_time\":{\"a@b.cn\":13812345678}}"));
  }

  /**
   * Every field of the contract, with a value of its type that a full redaction would change, comes
   * out unchanged but user_id and text: a field added to the contract fails here until the sanitizer
   * knows how to treat it.
   */
  @Test
  void everyContractFieldIsKnownToTheSanitizer() {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    for (StructField f : EventContract.SCHEMA.fields()) {
      if (f.dataType() instanceof ArrayType) {
        ObjectNode line = event.putArray(f.name()).addObject();
        line.put("product_id", "13812345678");
        line.put("quantity", 1234567);
        line.put("price", 12345678.5);
      } else if (f.dataType().equals(DataTypes.StringType)) {
        event.put(f.name(), "13812345678");
      } else if (f.dataType().equals(DataTypes.DoubleType)) {
        event.put(f.name(), 12345678.5);
      } else {
        event.put(f.name(), 1234567);
      }
    }
    ObjectNode before = event.deepCopy();
    sanitizer.sanitize(event);
    before.put("user_id", p("13812345678"));
    before.put("text", "[phone]");
    assertEquals(before, event);
  }

  /** The parser bounds nesting, but the sanitizer's own stack must not depend on it. */
  @Test
  void deepNestingCostsNoStack() {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    JsonNode inner = event;
    for (int i = 0; i < 200_000; i++) inner = i % 2 == 0 ? ((ObjectNode) inner).putArray("a") : ((ArrayNode) inner).addObject();
    ((ObjectNode) inner).put("bob@example.com", "mail bob@example.com");
    sanitizer.sanitize(event);
    JsonNode n = event;
    for (int i = 0; i < 200_000; i++) n = i % 2 == 0 ? n.get("a") : n.get(0);
    assertEquals("mail [email]", n.get("[email]").textValue());
  }

  @Test
  void aMalformedRecordIsSanitizedByWhatItMeans() {
    assertEquals("{\"user_id\":\"" + p("u0000042") + "\",\"text\":\"mail [email], call [phone]",
        sanitizer.sanitizeText("{\"user\\u005fid\":\"u0000042\",\"te\\u0078t\":\"mail a\\u0040b.cn, call 138.0013.8000"));
    assertEquals("{\"user_id\": \"" + p("12345") + "\", \"user_id\":\"" + p("u\"42") + "\",\"k\":\"{\"user_id\":\"" + p("u42")
        + "\"}\"",
        sanitizer.sanitizeText("{\"user_id\": 12345, \"user_id\":\"u\\\"42\",\"k\":\"{\\\"user_id\\\":\\\"u42\\\"}\""),
        "a bare number, an escaped quote inside a value, a record held in a string");
    assertEquals("[\"user_id\":null,\"user_id\":\"" + p("1500") + "\"", sanitizer.sanitizeText("[\"user_id\":null,\"user_id\":1.5e3"));
    assertNull(sanitizer.sanitizeText(null));
    // Two events on one line: the contract's numbers stay, as in the tree, so the quarantined record keeps its time.
    assertEquals("{\"event_time\":1793494521669,\"amount\" : 13812345678,\"note\":[phone],\"user_id\":\"" + p("u1")
        + "\"}{\"event_time\":\"[phone]\",\"lines\":[{\"price\":1.5e3}],\"rating\":01,\"event_time\":[phone]-x}",
        sanitizer.sanitizeText("{\"event_time\":1793494521669,\"amount\" : 13812345678,\"note\":13812345678,\"user_id\":"
            + "\"u1\"}{\"event_time\":\"1793494521669\",\"lines\":[{\"price\":1.5e3}],\"rating\":01,\"event_time\":1793494521669-x}"),
        "a number in quotes, with a leading zero or followed by other than a blank or JSON punctuation is no bare number: redacted as text");
  }

  @Test
  void theRawPayloadSanitizerSendsObjectsToTheTreeAndAnythingElseToTheText() {
    assertEquals("{\"user_id\":\"" + p("u1") + "\",\"event_time\":1793494434669}",
        sanitizer.sanitize("{\"user\\u005fid\" : \"u1\", \"event_time\" : 1793494434669}"));
    assertEquals("{\"user_id\":\"" + p("u1") + "\",\"event_time\":1793494434669,\"n\":[phone]} trailing",
        sanitizer.sanitize("{\"user_id\":\"u1\",\"event_time\":1793494434669,\"n\":1793494434669} trailing"),
        "one object and more is not an event: read as text, its time kept");
    assertNull(sanitizer.sanitize((String) null));
  }

  @Test
  void userIdSpelledAsOtherProducersSpellItIsPseudonymizedAllTheSame() {
    for (String key : List.of("user_id", "userId", "UserID", "userid", "USER-ID", "user id", "user.id")) {
      assertTrue(PayloadSanitizer.isUserIdKey(key), key);
    }
    for (String key : List.of("usr_id", "user__id", "user/id", "users_id", "user_ids", "userıd", "uid", "user")) {
      assertFalse(PayloadSanitizer.isUserIdKey(key), key);
    }
    assertEquals("{\"eventId\":\"e1\",\"userId\":\"" + p("alice") + "\",\"extra\":{\"USER-ID\":\"" + p("42")
        + "\"},\"usr_id\":\"bob\"}",
        sanitizer.sanitize("{\"eventId\":\"e1\",\"userId\":\"alice\",\"extra\":{\"USER-ID\":42},\"usr_id\":\"bob\"}"),
        "a camelCase producer's record, quarantined for its field names, keeps no raw user id");
    assertEquals("{\"userId\":\"" + p("alice") + "\",\"text\":\"hi",
        sanitizer.sanitizeText("{\"userId\":\"alice\",\"text\":\"hi"), "nor a record cut short");
  }

  @Test
  void anEventTimeWrittenAsADateAndTimeIsKeptAnyOtherTextThereIsRedacted() {
    for (String time : List.of("2026-11-01 08:00:00", "2026-11-01T08:00:00.5+08:00", "2026-11-01 08:00:00+08")) {
      assertEquals("{\"event_time\":\"" + time + "\"}", sanitizer.sanitize("{\"event_time\":\"" + time + "\"}"), time);
    }
    assertEquals("{\"event_time\":\"[phone]\",\"note\":\"[phone]:00:00\"}",
        sanitizer.sanitize("{\"event_time\":\"+86 138 0013 8000\",\"note\":\"2026-11-01 08:00:00\"}"),
        "a phone number is no time; a time outside event_time is text like any other");
  }

  @Test
  void personalFieldsAreUserIdAndText() {
    assertTrue(PayloadSanitizer.isPersonal("user_id"));
    assertTrue(PayloadSanitizer.isPersonal("text"));
    assertFalse(PayloadSanitizer.isPersonal("order_id"));
    assertFalse(PayloadSanitizer.isPersonal(null));
  }
}
