package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrivacyTest {
  private static final byte[] KEY = "test-key-0123456789".getBytes(StandardCharsets.UTF_8);

  @Test
  void pseudonymIsTheTruncatedHmacSha256OfTheRawId() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = "p" + HexFormat.of().formatHex(mac.doFinal("u0000042".getBytes(StandardCharsets.UTF_8))).substring(0, 24);
    Pseudonymizer p = new Pseudonymizer(KEY);
    assertEquals(expected, p.pseudonym("u0000042"));
    assertEquals(expected, p.pseudonym("u0000042"), "stable across calls (and its cache)");
    assertNotEquals(expected, new Pseudonymizer("another-key-0123456".getBytes(StandardCharsets.UTF_8)).pseudonym("u0000042"));
    assertNull(p.pseudonym(null));
    assertThrows(IllegalArgumentException.class, () -> new Pseudonymizer("short".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void redactsEmailsPhonesAndIdNumbersButNotOrdinaryText() {
    assertEquals("mail [email] now", Redactor.redact("mail buyer.li@example.com now"));
    assertEquals("add me on wechat [phone] for wholesale", Redactor.redact("add me on wechat 13812345678 for wholesale"));
    assertEquals("my phone is [phone] call me", Redactor.redact("my phone is +86 139 1234 5678 call me"));
    assertEquals("id [id]", Redactor.redact("id 11010519491231002X"));
    assertEquals("666 size 42, 2 pieces for 99", Redactor.redact("666 size 42, 2 pieces for 99"));
    assertNull(Redactor.redact(null));
  }

  @Test
  void sanitizerPseudonymizesUserIdsAndRedactsTextEvenInBrokenRecords() {
    Pseudonymizer p = new Pseudonymizer(KEY);
    PayloadSanitizer s = new PayloadSanitizer(p);
    String in = "{\"event_time\":1793494434669,\"user_id\":\"u0000042\",\"text\":\"call 13812345678\",\"amount\":12.5}";
    assertEquals("{\"event_time\":1793494434669,\"user_id\":\"" + p.pseudonym("u0000042")
        + "\",\"text\":\"call [phone]\",\"amount\":12.5}", s.sanitize(in));
    String broken = "{\"user_id\" : \"u0000042\", \"text\":\"mail a@b.cn";
    assertEquals("{\"user_id\" : \"" + p.pseudonym("u0000042") + "\", \"text\":\"mail [email]", s.sanitize(broken),
        "a record cut inside its text still has the text redacted and the user id replaced");
    assertEquals("{\"event_id\":\"e1\",\"user_id\":\"" + p.pseudonym("u00000"),
        s.sanitize("{\"event_id\":\"e1\",\"user_id\":\"u00000"), "a record cut inside the user id");
    assertEquals("{\"other\":1}", s.sanitize("{\"other\":1}"));
  }
}
