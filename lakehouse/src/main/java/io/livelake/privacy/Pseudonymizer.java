package io.livelake.privacy;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for user identifiers: HMAC-SHA256 of the raw id, first 96 bits in hex, prefixed
 * "p". The same key gives the same pseudonym everywhere, so joins keep working; without the key the
 * raw id cannot be recovered or confirmed.
 */
public final class Pseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final int CACHE_SIZE = 100_000;

  private final byte[] key;
  private transient Mac mac;
  /** Users recur in every batch; remembering recent pseudonyms saves most HMAC computations. */
  private transient java.util.LinkedHashMap<String, String> recent;

  public Pseudonymizer(byte[] key) {
    if (key.length < 16) throw new IllegalArgumentException("the pseudonymization key must have at least 16 bytes");
    this.key = key.clone();
  }

  /** The pseudonym of {@code rawId}; null stays null. */
  public String pseudonym(String rawId) {
    if (rawId == null) return null;
    if (recent == null) {
      recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override protected boolean removeEldestEntry(java.util.Map.Entry<String, String> e) { return size() > CACHE_SIZE; }
      };
    }
    return recent.computeIfAbsent(rawId, this::compute);
  }

  /** Whether {@code s} has the form of a pseudonym ("p" and 24 lower-case hex digits). */
  public static boolean isPseudonym(String s) {
    return s != null && s.matches("p[0-9a-f]{24}");
  }

  private String compute(String rawId) {
    byte[] h = mac().doFinal(rawId.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[25];
    out[0] = 'p';
    for (int i = 0; i < 12; i++) {
      out[1 + 2 * i] = HEX[(h[i] >> 4) & 0xf];
      out[2 + 2 * i] = HEX[h[i] & 0xf];
    }
    return new String(out);
  }

  private Mac mac() {
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
    }
    return mac;
  }
}
