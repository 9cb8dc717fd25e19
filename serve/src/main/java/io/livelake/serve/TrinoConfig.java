package io.livelake.serve;

import io.livelake.spark.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of one Trino server over the lake: node and HTTP settings, the Delta Lake catalog, the
 * read-only access rules and, with a password, the authenticator. Pure text, so tests read it.
 */
final class TrinoConfig {
  /** The catalog BI tools see the lake as. */
  static final String CATALOG = "livelake";
  /** Environment variable the child gets the per-run shared secret of Trino's internal calls in. */
  static final String INTERNAL_SECRET_ENV = "LIVELAKE_SERVE_INTERNAL_SECRET";
  /** Environment variable the child gets the keystore's password in. */
  static final String KEYSTORE_PASSWORD_ENV = "LIVELAKE_SERVE_KEYSTORE_KEY";

  private final ServeOptions options;
  private final Path dir;
  private final Admin admin;

  /**
   * The per-run user LiveLake registers tables as, the only one the rules let write the metastore;
   * its random name and password exist only in this process and the owner-only etc directory.
   */
  record Admin(String user, String password) {
    static Admin random() {
      return new Admin("livelake_admin_" + PasswordFile.randomToken(), PasswordFile.randomToken());
    }
  }

  TrinoConfig(ServeOptions options, Admin admin) {
    this.options = options;
    this.dir = options.dir();
    this.admin = admin;
  }

  Path etc() { return dir.resolve("etc"); }

  Path metastore() { return dir.resolve("metastore"); }

  Path plugins() { return dir.resolve("plugin"); }

  Path log() { return dir.resolve("trino.log"); }

  /** The server's working directory (Trino keeps its node state in the working directory). */
  Path data() { return dir.resolve("data"); }

  /** Port of Trino's own (internal) HTTP calls: the client port, or the next one when clients use HTTPS. */
  int internalPort() { return options.tls() ? options.port() + 1 : options.port(); }

  /** The files under {@link #dir}, by relative path. */
  Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("etc/config.properties", serverProperties());
    // Trino's startup banner of every property is noise; warnings and errors stay.
    f.put("etc/log.properties", "io.trino=WARN\nio.airlift=WARN\nBootstrap=WARN\n");
    f.put("etc/catalog/" + CATALOG + ".properties", String.join("\n",
        "connector.name=delta_lake",
        "hive.metastore=file",
        "hive.metastore.catalog.dir=" + local(metastore()),
        "fs.native-local.enabled=true",
        "local.location=/",
        "delta.register-table-procedure.enabled=true",
        // Queries see the latest committed version: no cached table metadata outlives a commit.
        "delta.metadata.cache-ttl=0s",
        "") );
    f.put("etc/access-control.properties", String.join("\n",
        "access-control.name=file",
        "security.config-file=" + etc().resolve("rules.json"),
        ""));
    f.put("etc/rules.json", AccessRules.json(CATALOG, admin.user(), options.readableSchemas()));
    options.password().ifPresent(p -> {
      f.put("etc/password-authenticator.properties", String.join("\n",
          "password-authenticator.name=file",
          "file.password-file=" + etc().resolve("password.db"),
          ""));
      f.put("etc/password.db", PasswordFile.line(options.user(), p) + PasswordFile.line(admin.user(), admin.password()));
    });
    return f;
  }

  private String serverProperties() {
    StringBuilder p = new StringBuilder();
    line(p, "coordinator", "true");
    line(p, "node-scheduler.include-coordinator", "true");
    line(p, "node.environment", "livelake");
    line(p, "node.id", "livelake-serve");
    // Without these two Trino listens on, and announces itself at, the machine's external interface.
    line(p, "node.bind-ip", options.bind());
    line(p, "node.internal-address", options.internalAddress());
    line(p, "http-server.http.port", Integer.toString(internalPort()));
    line(p, "discovery.uri", "http://" + options.internalAddress() + ":" + internalPort());
    line(p, "catalog.config-dir", etc().resolve("catalog").toString());
    line(p, "plugin.dir", plugins().toString());
    line(p, "access-control.config-files", etc().resolve("access-control.properties").toString());
    // The web UI lists every user's queries; BI users have their tools.
    line(p, "web-ui.enabled", "false");
    if (options.tls()) {
      line(p, "http-server.https.enabled", "true");
      line(p, "http-server.https.port", Integer.toString(options.port()));
      line(p, "http-server.https.keystore.path", options.keystore().get().toString());
      // Trino reads ${ENV:...} itself: no secret lands in a file.
      if (options.keystorePassword().isPresent()) line(p, "http-server.https.keystore.key", "${ENV:" + KEYSTORE_PASSWORD_ENV + "}");
      line(p, "internal-communication.shared-secret", "${ENV:" + INTERNAL_SECRET_ENV + "}");
      if (options.password().isPresent()) {
        line(p, "http-server.authentication.type", "PASSWORD");
        line(p, "password-authenticator.config-files", etc().resolve("password-authenticator.properties").toString());
      }
    }
    return p.toString();
  }

  private static void line(StringBuilder p, String key, String value) {
    p.append(key).append('=').append(value).append('\n');
  }

  /** A path as Trino's native local file system names it. */
  static String local(Path p) { return "local://" + p.toAbsolutePath().normalize(); }

  /**
   * Writes the files, links the plugins LiveLake uses and empties the metastore: it only maps table
   * names to the lake's paths, rebuilt at each start, so a moved or rebuilt lake never leaves stale names.
   */
  void write(TrinoDistribution trino) {
    try {
      LocalFiles.deleteTree(metastore());
      LocalFiles.deleteTree(plugins());
      Files.createDirectories(metastore());
      Files.createDirectories(plugins());
      Files.createDirectories(data());
      for (String plugin : TrinoDistribution.PLUGINS) {
        Files.createSymbolicLink(plugins().resolve(plugin), trino.home().resolve("plugin").resolve(plugin));
      }
      for (Map.Entry<String, String> e : files().entrySet()) {
        Path f = dir.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
      }
      // The rules name the per-run admin user and the password file holds a hash: owner only.
      Files.setPosixFilePermissions(etc(), PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("serve.dir " + dir + ": " + e.getMessage(), e);
    }
  }
}
