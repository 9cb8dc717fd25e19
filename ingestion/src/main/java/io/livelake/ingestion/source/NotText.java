package io.livelake.ingestion.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * File formats that are not text, told by their first bytes (magic numbers), which no JSON text starts with: a table
 * exported as Parquet or Avro, a spreadsheet, a compressed file under a name that does not say so. Read as lines,
 * such a file was hundreds of quarantine rows of binary fragments, their reasons misleading ("payload is in
 * Confluent Schema Registry's wire format" for a fragment that began with a zero byte).
 */
public final class NotText {
  private record Format(byte[] magic, String name, String advice) {
    boolean starts(byte[] head) {
      return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
  }

  private static final String WRITE_JSON_LINES =
      ", not JSON Lines: write the events as JSON Lines (one JSON object per line, UTF-8) into the input directory";
  private static final List<Format> FORMATS = List.of(
      new Format(ascii("PAR1"), "a Parquet file", WRITE_JSON_LINES),
      new Format(ascii("Obj\u0001"), "an Avro data file", WRITE_JSON_LINES),
      new Format(ascii("ORC"), "an ORC file", WRITE_JSON_LINES),
      new Format(ascii("PK\u0003\u0004"), "a ZIP archive (an Excel workbook, .xlsx, is one)",
          ", which the file ingestion does not open: unzip JSON Lines files into the input directory"),
      new Format(bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), "an Excel 97-2003 workbook (.xls)",
          WRITE_JSON_LINES),
      new Format(ascii("%PDF-"), "a PDF document", WRITE_JSON_LINES),
      new Format(ascii("SQLite format 3\u0000"), "an SQLite database", WRITE_JSON_LINES),
      new Format(bytes(0x1F, 0x8B), "gzip-compressed", " under a name that does not end in .gz: give it a name ending "
          + "in .gz, and it is read decompressed"));
  /** The length of the longest magic number: the bytes of a file's head that {@link #name} needs. */
  public static final int HEAD = FORMATS.stream().mapToInt(f -> f.magic().length).max().orElseThrow();

  private NotText() {}

  /** What the file whose (decompressed) content is {@code content} is and what to do, or null when it may be text. */
  static String describe(byte[] content) {
    Format f = format(content);
    return f == null ? null : "file is " + f.name() + f.advice();
  }

  /**
   * The format, in a few words ("a Parquet file"), of a file whose first bytes (up to {@link #HEAD}) are
   * {@code head}, or null when it may be text.
   */
  public static String name(byte[] head) {
    Format f = format(head);
    return f == null ? null : f.name();
  }

  private static Format format(byte[] head) {
    for (Format f : FORMATS) {
      if (f.starts(head)) return f;
    }
    return null;
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
    return b;
  }
}
