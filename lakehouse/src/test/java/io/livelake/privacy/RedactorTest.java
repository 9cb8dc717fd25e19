package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the redactor catches and leaves, and inputs that were a denial of service for the regular
 * expressions it replaced. No timing is asserted: speed is measured by RedactionBench.
 */
class RedactorTest {
  private static final int MB = 1 << 20;

  @Test
  void phonesWithSeparatorsPlusAndDigitsOfAnyScript() {
    assertEquals("call [phone] or ([phone] or [phone]", Redactor.redact("call 138.0013.8000 or (010) 6552-9988 or +86 (10) 6552 9988"));
    assertEquals("打[phone]或[phone]", Redactor.redact("打１３８００１３８０００或١٣٨٠٠١٣٨٠٠٠"));
    assertEquals("电话[phone]", Redactor.redact("电话13800138000"), "an ideograph is no word character");
    assertEquals("sku1234567 a_7654321 1234567x", Redactor.redact("sku1234567 a_7654321 1234567x"), "parts of codes");
    assertEquals("[phone] 890a", Redactor.redact("1234567 890a"), "the number stops where a letter would join it");
    assertEquals("12 345 6", Redactor.redact("12 345 6"), "six digits are no phone");
    assertEquals("[phone] . . . 5", Redactor.redact("1234567 . . . 5"), "four separators end the number");
  }

  @Test
  void idNumbersOfEighteenCharacters() {
    assertEquals("ID [id], [id]", Redactor.redact("ID 11010519491231002X, 110105194912310021"));
    assertEquals("11010519491231002X5", Redactor.redact("11010519491231002X5"), "a code: neither ID nor phone");
    assertEquals("[phone]", Redactor.redact("1101051949123100215"), "19 digits are a phone, not an ID");
  }

  @Test
  void addressesOfAnyScriptAndTheirLimits() {
    assertEquals("[email], [email], [email]", Redactor.redact("用户@例子.公司, josé@correo.es, john_doe@mail.example.co.uk"));
    assertEquals("[email]", Redactor.redact("bob＠例子。公司"), "full-width at sign and ideographic full stop");
    assertEquals("[email]-x", Redactor.redact("a@b.com-x"), "the top-level domain ends at a non-letter");
    assertEquals("a@b and a@b.c and a at b dot com", Redactor.redact("a@b and a@b.c and a at b dot com"), "not caught");
  }

  @Test
  void mentionsOfUsersInFreeTextOnly() {
    assertEquals("[mention] 谢谢, [mention]. [mention]", Redactor.redactText("@小美 谢谢, ＠lucy.w_88. @小美主播好"),
        "a handle ends before a final dot, and takes ideographs written straight after it along");
    assertEquals("[email] 2@5 @ 10 @.x a@b", Redactor.redactText("bob@example.com 2@5 @ 10 @.x a@b"),
        "an address's or a word's at sign, and one before a blank or dot, is no mention");
    assertEquals("@小美 thanks", Redactor.redact("@小美 thanks"), "identifiers and keys are not free text");
    assertEquals("[mention] ".repeat(MB / 3), Redactor.redactText("@a ".repeat(MB / 3)));
    String glued = "@a".repeat(MB / 2);
    assertEquals("[mention]" + glued.substring(2), Redactor.redactText(glued), "the at signs after the first follow a letter");
    String dashes = "@" + "a-".repeat(MB / 2);
    assertEquals("[mention]-", Redactor.redactText(dashes));
  }

  @Test
  void whatIsNotCaught() {
    String kept = "一三八零零一三八零零零, one three eight double-oh 13 8000, 123-456, Li Wei of 5 Main Street";
    assertEquals(kept, Redactor.redact(kept));
  }

  @Test
  void oneMegabyteOfHostileInput() {
    String letters = "a".repeat(MB);
    assertSame(letters, Redactor.redact(letters), "nothing to redact: the same string back");
    assertEquals("[phone]", Redactor.redact("7".repeat(MB)));
    String atSigns = "a@".repeat(MB / 2);
    assertEquals(atSigns, Redactor.redact(atSigns));
    assertEquals("[phone]-", Redactor.redact("1-".repeat(MB / 2)));
    String dots = "x@" + "a.".repeat(MB / 2);
    assertEquals(dots, Redactor.redact(dots), "no top-level domain of two letters anywhere");
    assertEquals("[email]", Redactor.redact("x@" + "a.".repeat(MB / 2) + "cn"));
    assertEquals("[email] [phone]", Redactor.redact("b".repeat(MB) + "@example.com " + "8".repeat(MB)));
  }

  @Test
  void theTextSanitizerTakesOneMegabyteOfHostileInput() {
    PayloadSanitizer s = new PayloadSanitizer(new Pseudonymizer("test-key-0123456789".getBytes(StandardCharsets.UTF_8)));
    assertEquals("{\"text\":\"[phone]", s.sanitizeText("{\"text\":\"" + "9".repeat(MB)));
    assertEquals("\"user_id\":\"" + new Pseudonymizer("test-key-0123456789".getBytes(StandardCharsets.UTF_8))
        .pseudonym("\\" + "u".repeat(MB)), s.sanitizeText("\"user_id\":\"\\\\" + "u".repeat(MB)));
    String escapes = "\\u0040".repeat(MB / 6);
    assertEquals("@".repeat(MB / 6), s.sanitizeText(escapes));
    String keys = "\"user_id\" ".repeat(MB / 10);
    assertEquals(keys, s.sanitizeText(keys), "keys without a colon hold no value");
    String times = "\"event_time\":".repeat(MB / 13);
    assertEquals(times, s.sanitizeText(times));
    assertEquals("\"amount\":" + "9".repeat(MB), s.sanitizeText("\"amount\":" + "9".repeat(MB)));
    assertEquals("\"amount\":[phone]-x", s.sanitizeText("\"amount\":" + "9".repeat(MB) + "-x"));
  }
}
