package io.livelake.serve;

import io.livelake.config.ConfigException;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.spark.LakePaths;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What `livelake serve` runs with, validated from the settings before anything starts: a bad or
 * unsafe combination (a non-loopback address without TLS and a password) stops with one line naming the key.
 *
 * @param keystore HTTPS certificate and key; empty for plain HTTP (loopback only)
 * @param keystorePassword its password (from the environment); empty for an unencrypted PEM key
 * @param password serve.user's password (from the environment); empty for no authentication (loopback only)
 */
public record ServeOptions(LakePaths lake, int port, String bind, boolean remote, String heap, List<String> readableSchemas,
    Duration registerInterval, Duration startTimeout, String javaHome, String trinoHome, Path dir,
    Optional<Path> keystore, Optional<String> keystorePassword, String user, Optional<String> password) {

  /** Reads and checks the serve.* settings; {@code allowRemote} is the command line's --allow-remote flag. */
  public static ServeOptions of(LiveLakeConfig config, boolean allowRemote) {
    LakePaths paths = LakePaths.of(config);
    if (!paths.isLocal()) {
      throw new ConfigException("lake.root " + paths.root() + ": serve reads lakes on the local file system only");
    }
    String bind = config.getString(Settings.SERVE_BIND).strip();
    boolean remote = !isLoopback(bind);
    String keystore = config.getString(Settings.SERVE_TLS_KEYSTORE);
    String passwordEnv = config.getString(Settings.SERVE_PASSWORD_ENV);
    Optional<String> password = config.secret(passwordEnv);
    if (remote) {
      String where = "serve.bind " + bind + " is not a loopback address: ";
      if (!allowRemote) {
        throw new ConfigException(where + "listening beyond this machine needs the --allow-remote flag "
            + "(and TLS via serve.tls.keystore, and a password in the variable named by serve.password.env)");
      }
      if (keystore.isBlank()) {
        throw new ConfigException(where + "it needs TLS; set serve.tls.keystore to a PEM file or keystore");
      }
      if (password.isEmpty()) {
        throw new ConfigException(where + "it needs password authentication; set the environment variable "
            + passwordEnv + " (serve.password.env) to serve.user's password");
      }
    }
    Optional<Path> tls = keystore.isBlank() ? Optional.empty() : Optional.of(Path.of(keystore).toAbsolutePath());
    if (tls.isPresent() && !Files.isRegularFile(tls.get())) {
      throw new ConfigException("serve.tls.keystore " + keystore + ": no such file");
    }
    if (password.isPresent() && tls.isEmpty()) {
      throw new ConfigException("serve.password.env: Trino accepts passwords over HTTPS only; set serve.tls.keystore too, "
          + "or unset " + passwordEnv + " to serve loopback clients without a password");
    }
    String dir = config.getString(Settings.SERVE_DIR);
    return new ServeOptions(paths, config.getInt(Settings.SERVE_PORT), bind, remote,
        config.getString(Settings.SERVE_HEAP), config.getList(Settings.SERVE_SCHEMAS),
        config.getDuration(Settings.SERVE_REGISTER_INTERVAL), config.getDuration(Settings.SERVE_START_TIMEOUT),
        config.getString(Settings.SERVE_JAVA_HOME), config.getString(Settings.SERVE_TRINO_HOME),
        (dir.isBlank() ? Path.of(".livelake", "trino") : Path.of(dir)).toAbsolutePath().normalize(),
        tls, config.secret(config.getString(Settings.SERVE_TLS_PASSWORD_ENV)), config.getString(Settings.SERVE_USER),
        password);
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException("serve.bind " + bind + ": not an address of this machine (" + e.getMessage() + ")");
    }
  }

  /** The lake's root directory. */
  public Path lakeRoot() { return lake.localRoot(); }

  /** Whether clients speak HTTPS. */
  public boolean tls() { return keystore.isPresent(); }

  /** The address Trino's own parts talk to each other on: loopback unless it listens on one other address only. */
  String internalAddress() {
    return !remote || wildcard() ? "127.0.0.1" : bind;
  }

  /** Whether it listens on every address of the machine (loopback among them). */
  private boolean wildcard() { return bind.equals("0.0.0.0") || bind.equals("::"); }

  /** The JDBC URL BI tools use, opening the gold schema. */
  public String jdbcUrl() {
    String host = !remote ? "127.0.0.1" : wildcard() ? "<this-host>" : bind;
    return "jdbc:trino://" + host + ":" + port + "/" + TrinoConfig.CATALOG + "/gold" + (tls() ? "?SSL=true" : "");
  }
}
