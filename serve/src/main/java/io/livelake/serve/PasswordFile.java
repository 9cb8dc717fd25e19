package io.livelake.serve;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Lines of Trino's password file: {@code user:iterations:salt:hash}, PBKDF2 with HMAC-SHA1, the variant Trino's file authenticator verifies (the JDK has it; no bcrypt library needed). */
final class PasswordFile {
  private static final int ITERATIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordFile() {}

  static String line(String user, String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    try {
      byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
      HexFormat hex = HexFormat.of();
      return user + ":" + ITERATIONS + ":" + hex.formatHex(salt) + ":" + hex.formatHex(hash) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A random secret of 32 hex digits (the admin user's name suffix, the internal shared secret). */
  static String randomToken() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
