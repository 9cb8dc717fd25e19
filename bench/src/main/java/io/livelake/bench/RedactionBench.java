package io.livelake.bench;

import io.livelake.config.ConfigLoader;
import io.livelake.config.LiveLakeConfig;
import io.livelake.ingestion.RecordParser;
import io.livelake.ingestion.cleaning.CleaningRules;
import io.livelake.ingestion.obt.FxRates;
import io.livelake.privacy.ErasedPeople;
import io.livelake.privacy.PayloadSanitizer;
import io.livelake.privacy.Pseudonymizer;
import io.livelake.privacy.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Redactor.redactText (what a comment's text gets) and PayloadSanitizer.sanitizeText on large hostile texts: comment-like text (words
 * of letters with an e-mail address and a phone number about every kilobyte) of 100 KB, 1 MB and 4 MB
 * to show the time is linear; 1 MB of one word of letters and 1 MB of digits, which cost the regular
 * expressions the scanners replaced quadratic time and a stack overflow; 1 MB of {@code a@a@...}, an
 * address start at every other character; 1 MB of {@code @ab @ab ...}, a mention every four characters. The sanitizer gets each text
 * as a malformed record cut inside its text field; the ingestion's parser ({@code parse_}) gets it as the
 * text of a valid comment event and does all a batch does to one record (read, sanitize, write back,
 * validate), with the record size limit raised to 8 MB; {@code parse_10k_small_events} parses a short comment
 * event 10,000 times, and the {@code _10k_erased} cases do the same with 10,000 people erased (each payload
 * scanned for their pseudonyms, none found). The cases run in rounds, {@value #WARMUPS} untimed,
 * then {@value #RUNS} timed; a case's figure is its median time. MB here is 2^20 characters.
 * Usage: RedactionBench.
 */
public final class RedactionBench {
  private static final int MB = 1 << 20;
  static final int WARMUPS = 5;
  static final int RUNS = 9;

  private RedactionBench() {}

  public static void main(String[] args) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("text_100kb", comments(MB / 10));
    texts.put("text_1mb", comments(MB));
    texts.put("text_4mb", comments(4 * MB));
    texts.put("letters_1mb", "a".repeat(MB));
    texts.put("digits_1mb", "7".repeat(MB));
    texts.put("at_signs_1mb", "a@".repeat(MB / 2));
    texts.put("mentions_1mb", "@ab ".repeat(MB / 4));
    PayloadSanitizer sanitizer = new PayloadSanitizer(new Pseudonymizer("bench-key-0123456789".getBytes(StandardCharsets.UTF_8)));
    LiveLakeConfig config = new ConfigLoader().file(null).environment(Map.of())
        .flag("ingest.max.record.bytes", String.valueOf(8 * MB), "bench").load();
    RecordParser parser = new RecordParser(sanitizer, FxRates.from(config), CleaningRules.from(config));
    long now = System.currentTimeMillis();
    Map<String, Case> cases = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : texts.entrySet()) {
      String text = t.getValue();
      String record = "{\"user_id\":\"u0000042\",\"text\":\"" + text;
      cases.put("redact_" + t.getKey(), new Case(text.length(), () -> Redactor.redactText(text)));
      cases.put("sanitize_text_" + t.getKey(), new Case(record.length(), () -> sanitizer.sanitizeText(record)));
      String event = "{\"schema_version\":1,\"event_id\":\"e1\",\"event_type\":\"comment\",\"event_time\":" + (now - 1000)
          + ",\"platform\":\"douyin\",\"user_id\":\"u0000042\",\"session_id\":\"s1\",\"anchor_id\":\"a1\",\"text\":\""
          + text + "\"}";
      cases.put("parse_" + t.getKey(), new Case(event.length(), () -> {
        RecordParser.Parsed p = parser.parse(event, null, now);
        if (p.reason() != null) throw new IllegalStateException(t.getKey() + ": " + p.reason() + " " + p.detail());
        return p.payload();
      }));
    }
    // The same parse with 10,000 people erased: each record's payload is scanned for their pseudonyms. A small
    // event (one batch's typical record) costs microseconds, so its case parses 10,000 of them.
    RecordParser erasing = new RecordParser(sanitizer, FxRates.from(config), CleaningRules.from(config));
    erasing.erased(tenThousandErased());
    String comment = "{\"schema_version\":1,\"event_id\":\"e1\",\"event_type\":\"comment\",\"event_time\":" + (now - 1000)
        + ",\"platform\":\"douyin\",\"user_id\":\"u0000042\",\"session_id\":\"s1\",\"anchor_id\":\"a1\",\"text\":\"";
    String small = comment + "so pretty, link please\"}";
    String big = comment + texts.get("text_1mb") + "\"}";
    cases.put("parse_10k_small_events", new Case(10_000 * small.length(), () -> parseAll(parser, small, now)));
    cases.put("parse_10k_small_events_10k_erased", new Case(10_000 * small.length(), () -> parseAll(erasing, small, now)));
    cases.put("parse_text_1mb_10k_erased", new Case(big.length(), () -> parseAll(erasing, big, now).substring(0, 1)));
    // Rounds over every case, so all of them run with the code the JIT compiled for the sizes of all.
    long[][] nanos = new long[cases.size()][RUNS];
    long sink = 0;
    for (int round = 0; round < WARMUPS + RUNS; round++) {
      int c = 0;
      for (Case k : cases.values()) {
        long t0 = System.nanoTime();
        // The output's length is used, so the JIT cannot drop the work.
        sink += k.work().get().length();
        if (round >= WARMUPS) nanos[c][round - WARMUPS] = System.nanoTime() - t0;
        c++;
      }
    }
    StringBuilder json = new StringBuilder("{\"bench\":\"redaction\"");
    int c = 0;
    for (Map.Entry<String, Case> k : cases.entrySet()) {
      Arrays.sort(nanos[c]);
      double ms = nanos[c++][RUNS / 2] / 1e6;
      System.err.printf(Locale.ROOT, "bench: %s %.1f ms%n", k.getKey(), ms);
      json.append(String.format(Locale.ROOT, ",\"%s_ms\":%.1f,\"%s_mb_s\":%.1f", k.getKey(), ms, k.getKey(),
          k.getValue().chars() / (double) MB / (ms / 1e3)));
    }
    System.err.println("bench: output characters of all runs " + sink);
    json.append(String.format(Locale.ROOT, ",\"runs\":%d,\"cores\":%d}", RUNS, Runtime.getRuntime().availableProcessors()));
    System.out.println(json);
  }

  private record Case(int chars, Supplier<String> work) {}

  /** Parses {@code event} (10,000 times when under 1 KB), which must be accepted; returns the last payload. */
  private static String parseAll(RecordParser parser, String event, long now) {
    RecordParser.Parsed p = null;
    for (int i = event.length() < 1024 ? 10_000 : 1; i > 0; i--) {
      p = parser.parse(event, null, now);
      if (p.reason() != null) throw new IllegalStateException(p.reason() + " " + p.detail());
    }
    return p.payload();
  }

  /** 10,000 pseudonyms erased, none of them the bench's user: every record is scanned, none kept out. */
  private static ErasedPeople tenThousandErased() {
    SplittableRandom r = new SplittableRandom(11);
    Map<String, ErasedPeople.Erasure> people = new java.util.HashMap<>();
    while (people.size() < 10_000) {
      StringBuilder p = new StringBuilder("p");
      for (int i = 0; i < 24; i++) p.append(Character.forDigit(r.nextInt(16), 16));
      people.put(p.toString(), new ErasedPeople.Erasure(System.currentTimeMillis(), "bench-" + people.size()));
    }
    return ErasedPeople.of(people);
  }

  /** About {@code chars} characters of words, with an address and a phone number about every kilobyte. */
  static String comments(int chars) {
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder b = new StringBuilder(chars + 64);
    while (b.length() < chars) {
      int k = r.nextInt(200);
      if (k == 0) {
        b.append("buyer").append(r.nextInt(1000)).append("@example.com");
      } else if (k == 1) {
        b.append("+86 138 ").append(1000 + r.nextInt(9000)).append(' ').append(1000 + r.nextInt(9000));
      } else {
        for (int i = 1 + r.nextInt(8); i > 0; i--) b.append((char) ('a' + r.nextInt(26)));
      }
      b.append(' ');
    }
    b.setLength(chars);
    return b.toString();
  }
}
