package io.livelake.ingestion.source;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The encoding of an input text file: UTF-8, or UTF-16 as Windows tools write it (PowerShell's {@code Out-File} and
 * {@code >} do, with a byte-order mark). UTF-16 is told by its byte-order mark, or without one by the zero byte
 * beside the first character, which in JSON and CSV is ASCII (RFC 4627's rule). Read as UTF-8, a UTF-16 file would
 * be every line quarantined as malformed, for a reason that does not say why.
 */
public final class TextEncoding {
  private static final int BUFFER = 1 << 16;
  private static final int CHUNK = 1 << 13;

  private TextEncoding() {}

  /** The charset of a text starting with {@code head} (its first bytes, any number) and the length of its BOM. */
  record Detected(Charset charset, int bomBytes) {}

  static Detected detect(byte[] head, int length) {
    if (length >= 2) {
      int a = head[0] & 0xff;
      int b = head[1] & 0xff;
      if (a == 0xff && b == 0xfe) return new Detected(StandardCharsets.UTF_16LE, 2);
      if (a == 0xfe && b == 0xff) return new Detected(StandardCharsets.UTF_16BE, 2);
      if (a != 0 && b == 0) return new Detected(StandardCharsets.UTF_16LE, 0);
      if (a == 0 && b != 0) return new Detected(StandardCharsets.UTF_16BE, 0);
    }
    return new Detected(StandardCharsets.UTF_8, 0);
  }

  /**
   * {@code content} as text, a UTF-16 byte-order mark left out (a UTF-8 one is kept: records skip it themselves). In
   * UTF-8, bytes that are not UTF-8 are kept as {@code \xHH} ({@link #utf8}), so that their records fail as not JSON
   * with their bytes kept, instead of passing with U+FFFD where their letters were.
   */
  public static String decode(byte[] content) {
    Detected d = detect(content, content.length);
    if (d.charset().equals(StandardCharsets.UTF_8)) return utf8(content);
    return new String(content, d.bomBytes(), content.length - d.bomBytes(), d.charset());
  }

  /**
   * {@code bytes} read as UTF-8, each byte of a sequence that is not UTF-8 written as {@code \xC4} (upper-case hex).
   * No JSON text holds a backslash followed by x, so such a record fails the JSON reader and keeps its bytes; a GBK
   * or GB18030 producer's Chinese text reads so. Null stays null; UTF-8 is checked in one pass and read as a String
   * is, bytes that are not take a second.
   */
  public static String utf8(byte[] bytes) {
    if (bytes == null) return null;
    if (validUtf8(bytes)) return new String(bytes, StandardCharsets.UTF_8);
    StringBuilder text = new StringBuilder(bytes.length + 64);
    decodeChunks(bytes, text);
    return text.toString();
  }

  private static boolean validUtf8(byte[] bytes) {
    return decodeChunks(bytes, null);
  }

  /**
   * Decodes {@code bytes} a chunk at a time, so that checking them needs no copy; into {@code text} when it is not
   * null, bad bytes escaped. Whether every byte was UTF-8.
   */
  private static boolean decodeChunks(byte[] bytes, StringBuilder text) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer chunk = CharBuffer.allocate(CHUNK);
    boolean valid = true;
    while (true) {
      CoderResult r = decoder.decode(in, chunk, true);
      if (text != null) text.append(chunk.flip());
      chunk.clear();
      if (r.isUnderflow()) break;
      if (r.isError()) {
        if (text == null) return false;
        valid = false;
        for (int i = 0; i < r.length(); i++) text.append(String.format("\\x%02X", in.get() & 0xff));
      }
    }
    decoder.flush(chunk);
    if (text != null) text.append(chunk.flip());
    return valid;
  }

  /** A text being read: its lines and the charset they are read in. */
  public record Opened(BufferedReader lines, Charset charset) {}

  /**
   * A reader of {@code in} in {@code given}, or when that is null in its detected encoding with a UTF-16 byte-order
   * mark skipped; bytes that do not decode read as U+FFFD, so that they fail their own line rather than the file.
   */
  public static Opened open(InputStream in, Charset given) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
    Charset charset = given;
    if (charset == null) {
      buffered.mark(2);
      byte[] head = buffered.readNBytes(2);
      buffered.reset();
      Detected d = detect(head, head.length);
      buffered.skipNBytes(d.bomBytes());
      charset = d.charset();
    }
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new Opened(new BufferedReader(new InputStreamReader(buffered, decoder), BUFFER), charset);
  }
}
