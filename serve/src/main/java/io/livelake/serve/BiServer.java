package io.livelake.serve;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The BI endpoint of one lake: a Trino server with the lake's tables registered by name, kept up to
 * date on a timer, read-only for clients. {@link #start} returns once the first query can be answered.
 */
public final class BiServer implements AutoCloseable {
  private final ServeOptions options;
  private final TrinoServer trino;
  private final TrinoConfig.Admin admin;
  private final TrinoConfig config;
  private final LakeRegistrar registrar;
  private final ScheduledExecutorService timer;

  private BiServer(ServeOptions options, TrinoServer trino, TrinoConfig.Admin admin, TrinoConfig config,
      LakeRegistrar registrar) {
    this.options = options;
    this.trino = trino;
    this.admin = admin;
    this.config = config;
    this.registrar = registrar;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "livelake-serve-registrar");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Writes Trino's configuration, starts it, registers the lake's tables and schedules the
   * registration of later ones. {@code say} receives progress and warnings, one line each.
   */
  public static BiServer start(ServeOptions options, Consumer<String> say) {
    TrinoDistribution dist = TrinoDistribution.locate(options.trinoHome());
    Path java = JavaRuntimes.find(options.javaHome(), System.getenv("JAVA_HOME"), Path.of("/usr/lib/jvm"));
    TrinoConfig.Admin admin = TrinoConfig.Admin.random();
    TrinoConfig config = new TrinoConfig(options, admin);
    config.write(dist);
    Map<String, String> env = new HashMap<>();
    env.put(TrinoConfig.INTERNAL_SECRET_ENV, PasswordFile.randomToken());
    options.keystorePassword().ifPresent(k -> env.put(TrinoConfig.KEYSTORE_PASSWORD_ENV, k));
    say.accept("serve: starting Trino " + dist.version() + " on " + java + " (heap " + options.heap() + ", log "
        + config.log() + ")");
    TrinoServer trino = TrinoServer.start(java, dist, config, options.heap(), env);
    BiServer server = new BiServer(options, trino, admin, config, new LakeRegistrar(options.lake(), say));
    try {
      long started = System.nanoTime();
      trino.awaitReady(URI.create("http://" + options.internalAddress() + ":" + config.internalPort() + "/v1/info"),
          options.startTimeout(), say);
      say.accept(String.format(Locale.ROOT, "serve: Trino %s ready in %.1f s (pid %d)", dist.version(),
          (System.nanoTime() - started) / 1e9, trino.pid()));
      List<String> tables = server.register();
      say.accept("serve: " + tables.size() + " tables registered" + (tables.isEmpty() ? " (none in the lake yet)" : ""));
      long every = options.registerInterval().toMillis();
      server.timer.scheduleWithFixedDelay(() -> server.registerQuietly(say), every, every, TimeUnit.MILLISECONDS);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The Trino process id (tests kill it to see the crash reported). */
  public long trinoPid() { return trino.pid(); }

  /** Whether Trino is running. */
  public boolean running() { return trino.alive(); }

  /** Trino's log file. */
  public Path log() { return trino.log(); }

  /** Tables registered so far, as schema.table. */
  public java.util.Set<String> tables() { return registrar.registered(); }

  /** Registers the tables created since the last look; returns their names. */
  public List<String> register() {
    try (Connection c = adminConnection()) {
      return registrar.registerNew(c);
    } catch (SQLException e) {
      throw new ServeException("registering the lake's tables failed: " + e.getMessage(), e);
    }
  }

  private void registerQuietly(Consumer<String> say) {
    try {
      for (String t : register()) say.accept("serve: registered " + t);
    } catch (RuntimeException e) {
      // Trino stopping or busy: the next tick tries again; awaitExit reports a crash.
      if (trino.alive()) say.accept("serve: " + e.getMessage());
    }
  }

  private Connection adminConnection() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", admin.user());
    String url = "jdbc:trino://" + options.internalAddress() + ":" + (options.tls() ? options.port() : config.internalPort())
        + "/" + TrinoConfig.CATALOG;
    if (options.tls()) {
      p.setProperty("SSL", "true");
      // LiveLake talks to its own child process; the certificate names the address clients use.
      p.setProperty("SSLVerification", "NONE");
      if (options.password().isPresent()) p.setProperty("password", admin.password());
    }
    return DriverManager.getConnection(url, p);
  }

  /** Blocks while Trino runs; returns when {@link #close} stopped it, throws {@link ServeException} when it died. */
  public void awaitExit() throws InterruptedException {
    trino.awaitExit();
  }

  /** Stops the registrar and Trino. */
  @Override
  public void close() {
    timer.shutdownNow();
    trino.close();
  }
}
