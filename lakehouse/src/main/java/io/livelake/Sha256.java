package io.livelake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every JVM must provide (so its absence is no error a caller could handle). */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest, for content read in pieces. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code s}'s UTF-8, in hex: a short stable name for it. */
  public static String hex(String s, int bytes) {
    return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)), 0, bytes);
  }
}
