package io.livelake.privacy;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The redactor scans by hand for what these regular expressions describe (Java's engine backtracks
   * on them: quadratic time on long words, a stack overflow on long digit runs): the same output on
   * random texts built from the characters that matter to them, in several scripts, supplementary
   * characters included.
   */
  @Test
  void redactorReplacesExactlyWhatThePatternsMatch() {
    String[] pieces = {"a", "Z", "_", "é", "用户", "例子", "公司", "\u0301", "\uD835\uDC00", "\uD835\uDFCF", "1", "8", "0",
        "１", "٣", "@", "＠", ".", "。", "．", "-", "–", "(", ")", "（", "）", " ", "\u3000", "\u00A0", "\n", "+", "＋", "X",
        "x", "%", "com", "cn", "13812345678", "1101051949123100", "2X", "b@c.cn", ",", "\""};
    SplittableRandom r = new SplittableRandom(7);
    int replaced = 0;
    int mentions = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(20); k >= 0; k--) b.append(pieces[r.nextInt(pieces.length)]);
      String in = b.toString();
      String expected = redactByPatterns(in);
      assertEquals(expected, Redactor.redact(in), "for input " + in.replace("\n", "\\n"));
      if (!expected.equals(in)) replaced++;
      String expectedText = redactTextByPatterns(in);
      assertEquals(expectedText, Redactor.redactText(in), "as free text, for input " + in.replace("\n", "\\n"));
      if (!expectedText.equals(expected)) mentions++;
    }
    assertTrue(replaced > 50_000, "the inputs exercise replacements: " + replaced);
    assertTrue(mentions > 10_000, "the inputs exercise mentions: " + mentions);
  }

  private static final String LETTER_DIGIT_MARK = "\\p{L}\\p{Nd}\\p{M}";
  private static final Pattern EMAIL = Pattern.compile("[" + LETTER_DIGIT_MARK + "_.%+\\-]+[@＠]["
      + LETTER_DIGIT_MARK + ".。．｡\\-]+[.。．｡][\\p{L}\\p{M}]{2,}");
  // Java looks behind by code units unless the pattern's text holds a supplementary character: the
  // digit 𝟏 (U+1D7CF), already in \p{Nd}, is written out in the classes looked behind for that alone.
  private static final Pattern NATIONAL_ID = Pattern.compile("(?<![\\p{Nd}𝟏])\\p{Nd}{17}[\\p{Nd}XxＸｘ](?!\\p{Nd})");
  private static final String WORD = "[A-Za-z0-9_\\p{Nd}Ａ-Ｚａ-ｚ𝟏]";
  private static final String SEPARATOR = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\p{Z}\\p{Pd}.．()（）]";
  private static final Pattern PHONE = Pattern.compile("(?<!" + WORD + ")[+＋]?\\p{Nd}(?:" + SEPARATOR + "{0,3}\\p{Nd}){6,}(?!"
      + WORD + ")");

  private static final String JSON_BLANK = "[ \\t\\n\\x0B\\f\\r]";
  private static final Pattern KEPT_NUMBER = Pattern.compile("\"(?:schema_version|event_time|gift_value|rating|quantity|"
      + "amount|price)\"" + JSON_BLANK + "*:" + JSON_BLANK + "*(-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
      + "(?=[ \\t\\n\\x0B\\f\\r,:{}\\[\\]\"]|\\z)");

  private static final String HANDLE_END = "[" + LETTER_DIGIT_MARK + "_]";
  private static final Pattern MENTION = Pattern.compile("(?<![" + LETTER_DIGIT_MARK + "_.%+\\-𝐀𝟏])[@＠]" + HANDLE_END
      + "(?:[" + LETTER_DIGIT_MARK + "_.\\-]*" + HANDLE_END + ")?");

  private static String redactByPatterns(String s) {
    return redactAfterEmails(EMAIL.matcher(s).replaceAll("[email]"));
  }

  private static String redactTextByPatterns(String s) {
    return redactAfterEmails(MENTION.matcher(EMAIL.matcher(s).replaceAll("[email]")).replaceAll("[mention]"));
  }

  /** The text sanitizer's rule between user ids: contract numbers after their keys kept, the rest redacted as text. */
  private static String redactKeepingNumbers(String s) {
    StringBuilder out = new StringBuilder();
    int last = 0;
    Matcher m = KEPT_NUMBER.matcher(s);
    while (m.find()) {
      out.append(redactTextByPatterns(s.substring(last, m.start(1)))).append(m.group(1));
      last = m.end(1);
    }
    return out.append(redactTextByPatterns(s.substring(last))).toString();
  }

  private static String redactAfterEmails(String s) {
    return PHONE.matcher(NATIONAL_ID.matcher(s).replaceAll("[id]")).replaceAll("[phone]");
  }

  /**
   * The text sanitizer scans by hand for what these regular expressions describe: decode the JSON
   * escapes (an escaped quote marked as U+E000, which no input holds), find the user id values (a
   * bare one's pseudonym quoted), and redact the text between them. The same output on random records built from the characters that
   * matter to it: escaped and truncated keys and values, quotes escaped or not, bare values.
   */
  @Test
  void textSanitizerReplacesExactlyWhatTheValuePatternMatches() {
    String blank = "[ \\t\\n\\x0B\\f\\r]";
    String ends = " \\t\\n\\x0B\\f\\r,:{}\\[\\]\"\uE000";
    // \z, not $: $ also matches before a final line break, which ends no bare value.
    // user_id in any ASCII case, with one separator or none between user and id (userId, USER-ID).
    Pattern user = Pattern.compile("[\"\uE000](?i:user[_\\-. ]?id)[\"\uE000]" + blank + "*:" + blank + "*(?:\"([^\"]*)\"?"
        + "|\uE000([^\uE000]*)\uE000?|(?!(?:null|true|false)(?:[" + ends + "]|\\z))([^" + ends + "]+))");
    Pseudonymizer p = new Pseudonymizer(KEY);
    PayloadSanitizer s = new PayloadSanitizer(new Pseudonymizer(KEY));
    String[] pieces = {"\"user_id\"", "\"userId\"", "\"USER-ID\":", "\"user.Id\" : ", "\"usr_id\"", "\"user__id\"",
        "\"text\"", "\"user_id\":\"", "\"user_id\": ", "\\\"user_id\\\":\\\"",
        "\"user\\u005fid\"", "\"user_id\"\t: \"u42", ":", "\"", "\\\"", "\\\\", "\\", "\\u0022", "\\u0040", "\\u005c",
        "\\n", "\\u00", "\"text\" :\n \"", "\n", "\r", "\u2028", "\u0085", " ", "a", "u42", "12345", "1.5e3", "-0", "null", "true", ",", "{", "}", "[", "]",
        "13812345678", "b@c.cn", "x y", "te\\u0078t", "@小美", "\\uff20bo.b", "\"event_time\":", "\"amount\" :\t",
        "\"price\"", "\"even\\u0074_time\":", "1793494521669", "-1.5e3", "x"};
    SplittableRandom r = new SplittableRandom(42);
    int replaced = 0;
    int kept = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int k = r.nextInt(14); k >= 0; k--) b.append(pieces[r.nextInt(pieces.length)]);
      String in = b.toString();
      String marked = decodeMarkingEscapedQuotes(in);
      Matcher m = user.matcher(marked);
      StringBuilder expected = new StringBuilder();
      int last = 0;
      while (m.find()) {
        int g = m.group(1) != null ? 1 : m.group(2) != null ? 2 : 3;
        String value = unmark(m.group(g));
        expected.append(redactKeepingNumbers(unmark(marked.substring(last, m.start(g)))))
            .append(g == 3 ? "\"" + p.pseudonym(plainIfNumber(value)) + "\"" : p.pseudonym(value));
        last = m.end(g);
      }
      expected.append(redactKeepingNumbers(unmark(marked.substring(last))));
      assertEquals(expected.toString(), s.sanitizeText(in), "for input " + in.replace("\n", "\\n"));
      if (!expected.toString().equals(in)) replaced++;
      if (KEPT_NUMBER.matcher(unmark(marked)).find()) kept++;
    }
    assertTrue(replaced > 50_000, "the inputs exercise replacements: " + replaced);
    assertTrue(kept > 5_000, "the inputs exercise kept numbers: " + kept);
  }

  private static final Pattern ESCAPE = Pattern.compile("\\\\(?:u([0-9a-fA-F]{4})|([\"\\\\/bfnrt]))");

  private static String decodeMarkingEscapedQuotes(String s) {
    Matcher m = ESCAPE.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String c = m.group(1) != null ? String.valueOf((char) Integer.parseInt(m.group(1), 16)) : switch (m.group(2)) {
        case "b" -> "\b";
        case "f" -> "\f";
        case "n" -> "\n";
        case "r" -> "\r";
        case "t" -> "\t";
        default -> m.group(2);
      };
      m.appendReplacement(sb, Matcher.quoteReplacement(c.equals("\"") ? "\uE000" : c));
    }
    return m.appendTail(sb).toString();
  }

  private static String unmark(String s) { return s.replace('\uE000', '"'); }

  /** A JSON number as its plain decimal text (what Jackson reads it as), anything else unchanged. */
  private static String plainIfNumber(String token) {
    if (token.matches("-?(0|[1-9][0-9]*)")) return new BigInteger(token).toString();
    if (!token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) return token;
    double d = Double.parseDouble(token);
    return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : token;
  }
}
