package io.livelake.ingestion;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seeded hostile input for the ingestion, as raw lines of bytes (never a line break inside a
 * record): poison values, escapes that spell personal fields differently, random and invalid bytes,
 * deep nesting, huge strings and numbers, unknown types, byte-order marks, mixed with valid events.
 * It remembers every personal value it planted (raw user ids, e-mail addresses, phone numbers) so a
 * test can prove none is stored, and the ids of the valid "canary" events that follow poison records.
 */
final class HostileRecords {
  static final long T = 1_793_491_200_000L;

  final List<byte[]> lines = new ArrayList<>();
  /** Spellings that must not appear in any table: raw user ids, e-mail addresses, phone numbers. */
  final Set<String> planted = new TreeSet<>();
  /** Valid events placed right after a poison record; each must reach the OBT. */
  final Set<String> canaries = new TreeSet<>();
  private final Random r;
  private long clock = T;
  private int n;

  HostileRecords(long seed) { this.r = new Random(seed); }

  /** A valid event of a fresh user, every field spelled plainly; its raw user id is planted. */
  String valid(String id, String type, String extra) {
    String user = "rawuid" + (n++) + "x";
    planted.add(user);
    clock += 1 + r.nextInt(50);
    return "{\"schema_version\":1,\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_time\":" + clock
        + ",\"platform\":\"douyin\",\"user_id\":\"" + user + "\",\"session_id\":\"s" + r.nextInt(5) + "\",\"anchor_id\":\"a1\""
        + extra + "}";
  }

  /** Adds {@code count} records, drawn from every category. */
  HostileRecords generate(int count) {
    for (int i = 0; i < count; i++) {
      int category = r.nextInt(26);
      String line = hostile(category, i);
      if (line != null) add(line);
      if (category % 3 == 0) {
        String id = "canary-" + i;
        canaries.add(id);
        add(valid(id, "like", ""));
      }
    }
    return this;
  }

  void add(String line) { lines.add(line.getBytes(StandardCharsets.UTF_8)); }

  private String email(int i) {
    String e = "leakmail" + i + "@example.com";
    planted.add(e);
    return e;
  }

  private String planted(String value) {
    planted.add(value);
    return value;
  }

  private String phone(int i) {
    String p = "139" + String.format("%08d", i);
    planted.add(p);
    return p;
  }

  private String hostile(int category, int i) {
    String id = "h-" + i;
    return switch (category) {
      // The largest records only now and then: their count adds time, not coverage.
      case 0 -> valid(id, "comment", ",\"text\":\"" + "a".repeat(big(i) ? 40_000 + r.nextInt(1000) : 2_000) + "\"");
      case 1 -> valid(id, "comment", ",\"text\":\"" + "7".repeat(5_000) + "\"");
      case 2 -> valid(id, "order_paid", ",\"order_id\":\"o" + i + "\",\"lines\":[{\"product_id\":\"p1\",\"quantity\":1,"
          + "\"price\":1e308}],\"amount\":" + (r.nextBoolean() ? "1e309" : "1e308") + ",\"currency\":\"EUR\"");
      case 3 -> valid(id, "gift", ",\"gift_value\":" + (r.nextBoolean() ? "1e309" : "1e308"));
      case 4 -> valid(id, "like", "").replaceFirst("\"event_time\":\\d+", "\"event_time\":9223372036854775807");
      case 5 -> valid(id, "like", "").replaceFirst("\"event_time\":\\d+", "\"event_time\":253402300799000");
      case 6 -> {
        String raw = "rawuid-esc" + i;
        planted.add(raw);
        yield valid(id, "like", "").replaceFirst("\"user_id\":\"[^\"]+\"", "\"user\\\\u005fid\":\"" + raw + "\"");
      }
      case 7 -> {
        String mail = email(i);
        yield valid(id, "comment", ",\"te\\u0078t\":\"mail me: " + mail.replace("@", "\\u0040") + " or call "
            + phone(i).replaceAll("(\\d{3})(\\d{4})(\\d{4})", "$1.$2.$3") + "\"");
      }
      case 8 -> {
        String p = phone(i);
        StringBuilder wide = new StringBuilder();
        for (char c : p.toCharArray()) wide.append((char) ('\uFF10' + (c - '0')));
        planted.add(wide.toString());
        yield valid(id, "comment", ",\"text\":\"call " + wide + "\"");
      }
      case 9 -> {
        String idn = "用户" + i + "@例子.公司";
        planted.add(idn);
        yield valid(id, "comment", ",\"text\":\"write to " + idn + "\"");
      }
      case 10 -> valid(id, "like", ",\"profile\":{\"contact\":[\"" + email(i) + "\"],\"" + email(i + 1_000_000) + "\":1}");
      case 11 -> valid(id, "login", "").replaceFirst("\"user_id\":\"[^\"]+\"", "\"user_id\":[\"" + email(i) + "\"]");
      case 12 -> {
        String raw = "rawuid-cut" + i;
        planted.add(raw);
        yield "{\"schema_version\":1,\"user\\u005fid\":\"" + raw + "\",\"text\":\"" + email(i);
      }
      case 13 -> randomBytes();
      case 14 -> valid(id, "comment", ",\"text\":\"nul\u0000inside\"");
      case 15 -> "{\"x\":" + "[".repeat(1000 + r.nextInt(5000)) + "]".repeat(10) + "}";
      case 16 -> valid(id, "comment", ",\"text\":\"" + "b".repeat(big(i) ? 70_000 : 3_000) + "\"");  // 70,000: too large in the test
      case 17 -> valid(id, "like", ",\"big\":" + "9".repeat(5_000));
      case 18 -> valid(id, "teleport", "");
      case 19 -> "\uFEFF" + valid(id, "like", "");
      case 20 -> valid(id, "like", "").replaceFirst("\"user_id\":\"([^\"]+)\"", "\"user_id\":\"$1\",\"user_id\":\"$1\"");
      case 21 -> valid(id, "like", "").replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"\"");
      case 22 -> invalidUtf8(valid(id, "comment", ",\"text\":\"bad bytes here\""));
      case 24 -> {
        // A row Debezium captured, with the statement that wrote it (MySQL's binlog_rows_query_log_events) and a JSON
        // column in the envelope's schema: the row is read, the envelope is not stored.
        String canary = "canary-dbz-" + i;
        canaries.add(canary);
        yield "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"field\":\"after\",\"fields\":["
            + "{\"type\":\"string\",\"name\":\"io.debezium.data.Json\",\"field\":\"profile\"}]}]},\"payload\":{\"before\":null,"
            + "\"after\":" + valid(canary, "like", ",\"profile\":\"{\\\"mail\\\":\\\"" + email(i) + "\\\"}\"")
            + ",\"source\":{\"connector\":\"mysql\",\"query\":\"INSERT INTO live_events (user_id, mail) VALUES ('"
            + planted("rawuid-sql" + i) + "', '" + email(i + 2_000_000) + "')\"},\"op\":\"c\",\"ts_ms\":1}}";
      }
      case 25 -> "{\"before\":" + valid(id, "like", "") + ",\"after\":null,\"source\":{\"connector\":\"postgresql\"},"
          + "\"op\":\"d\",\"ts_ms\":1}";
      default -> valid(id, "like", "").substring(0, 30 + r.nextInt(40));
    };
  }

  private static boolean big(int i) { return i % 240 < 24; }

  /** Random bytes without a line break (a line break would make it two records). */
  private String randomBytes() {
    byte[] b = new byte[1 + r.nextInt(300)];
    r.nextBytes(b);
    for (int k = 0; k < b.length; k++) if (b[k] == '\n') b[k] = ' ';
    lines.add(b);
    return null;
  }

  /** The record with bytes that are not UTF-8 in its text; the source keeps them as \xHH, so it is not JSON. */
  private String invalidUtf8(String record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = record.getBytes(StandardCharsets.UTF_8);
    int at = record.indexOf("bad bytes");
    out.write(b, 0, at);
    out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE}, 0, 4);
    out.write(b, at, b.length - at);
    lines.add(out.toByteArray());
    return null;
  }
}
