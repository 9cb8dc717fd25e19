package io.livelake.privacy;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.spark.LakePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Finds the pseudonymization key: from the environment variable named by privacy.hmac.key.env, or
 * (for the local demo only, when allowed) a generated key kept under the lake's _secrets directory.
 */
public final class HmacKeys {
  private HmacKeys() {}

  public static Pseudonymizer pseudonymizer(LiveLakeConfig config) {
    return new Pseudonymizer(key(config));
  }

  public static byte[] key(LiveLakeConfig config) {
    String env = config.getString(Settings.HMAC_KEY_ENV);
    var fromEnv = config.secret(env);
    if (fromEnv.isPresent()) {
      byte[] k = fromEnv.get().getBytes(StandardCharsets.UTF_8);
      if (k.length < 16) throw new ConfigException("environment variable " + env + ": the key must have at least 16 characters");
      return k;
    }
    LakePaths paths = LakePaths.of(config);
    if (!config.getBoolean(Settings.DEMO_KEY) || !paths.isLocal()) {
      throw new ConfigException("environment variable " + env + " is not set: it must hold the pseudonymization key"
          + " (privacy.allow.demo.key=true allows a generated demo key on a local lake)");
    }
    Path file = paths.localRoot().resolve("_secrets").resolve("demo-hmac.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        Files.writeString(file, HexFormat.of().formatHex(k));
        System.err.println("privacy: " + env + " is not set; generated a local demo key in " + file
            + " (set " + env + " for real data)");
      }
      return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the demo key " + file, e);
    }
  }
}
