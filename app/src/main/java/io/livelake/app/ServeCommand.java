package io.livelake.app;

import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.serve.BiServer;
import io.livelake.serve.ServeOptions;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the BI endpoint: a Trino server (it needs Java 24+ and about serve.heap of memory) that "
        + "reads the lake's tables by name (livelake.gold.*) over JDBC, read-only. Prints the JDBC URL and runs in "
        + "the foreground until Ctrl-C; tables created later appear within serve.register.interval.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--port", paramLabel = "PORT", description = "Port BI tools connect to (serve.port, default 18080).")
  String port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (serve.bind, default 127.0.0.1).")
  String bind;

  @Option(names = "--heap", paramLabel = "SIZE", description = "Trino's Java heap, e.g. 2G (serve.heap).")
  String heap;

  @Option(names = "--allow-remote", description = "Allow a non-loopback --bind; it also needs TLS (serve.tls.keystore) "
      + "and a password (the variable named by serve.password.env).")
  boolean allowRemote;

  @Override
  public Integer call() throws Exception {
    LiveLakeConfig config = root.loader(new CommandFlags()
        .set("--port", Settings.SERVE_PORT, port)
        .set("--bind", Settings.SERVE_BIND, bind)
        .set("--heap", Settings.SERVE_HEAP, heap)).load();
    ServeOptions options = ServeOptions.of(config, allowRemote);
    if (!Files.isDirectory(options.lakeRoot())) {
      Console.info("serve: no lake at " + options.lakeRoot() + " yet; its tables appear here as they are created");
    }
    BiServer server = BiServer.start(options, Console::info);
    // Ctrl-C: stop Trino with us. After a crash there is nothing left to stop and nothing to say.
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!server.running()) return;
      server.close();
      Console.info("serve: Trino stopped");
    }, "livelake-serve-stop"));
    Console.out("JDBC URL: " + options.jdbcUrl());
    Console.out(options.password().isPresent()
        ? "user: " + options.user() + " with the password in " + config.getString(Settings.SERVE_PASSWORD_ENV)
        : "user: any name, no password (loopback only)");
    Console.out("readable schemas: " + String.join(", ", options.readableSchemas()) + "; Ctrl-C stops the server");
    server.awaitExit();
    return 0;
  }
}
