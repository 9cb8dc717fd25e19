package io.livelake.app;

import io.livelake.config.ConfigException;
import io.livelake.config.ConfigLoader;
import io.livelake.config.Setting;
import io.livelake.config.Settings;
import io.livelake.spark.LakeSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `livelake` command line: global options and one subcommand per job. Also the spark-submit main class. */
@Command(name = "livelake", mixinStandardHelpOptions = true, version = "LiveLake " + io.livelake.LiveLakeVersion.NUMBER,
    description = "Lakehouse for the marketing analytics of live-streaming e-commerce.%n"
        + "Global options go before the command; `livelake <command> --help` lists a command's options.",
    subcommands = {
        GenerateCommand.class, BrokerCommand.class, DimensionsCommand.class, IngestCommand.class, LayersCommand.class,
        ImportCommand.class,
        IndicatorsCommand.class, SurveyCommand.class,
        SqlCommand.class, TablesCommand.class, StatusCommand.class, MaintainCommand.class, ServeCommand.class,
        ConfigCommand.class,
        DemoCommand.class, EraseCommand.class,
        ExportUserCommand.class,
        TrainCommand.class, ModelsCommand.class, ScoreCommand.class, SegmentsCommand.class, RecommendCommand.class,
        LiveRecommendCommand.class,
        ReportCommand.class,
        CommandLine.HelpCommand.class})
public final class LiveLakeCli {
  @Option(names = "--lake", paramLabel = "URI", description = "Lake root: a path or any Hadoop URI (lake.root).")
  String lake;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default conf/livelake.conf).")
  Path configFile;

  @Option(names = "--verbose", description = "Show Spark's own logs and LiveLake's debug output.")
  boolean verbose;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any setting (repeatable).")
  List<String> sets = new ArrayList<>();

  /** The configuration layers with this command line's flags on top, plus command-specific flags. */
  ConfigLoader loader(CommandFlags commandFlags) {
    ConfigLoader l = new ConfigLoader().file(configFile);
    l.flag(Settings.LAKE_ROOT.key(), lake, "--lake");
    if (verbose) l.flag(Settings.LOG_VERBOSE.key(), "true", "--verbose");
    sets.forEach(l::set);
    commandFlags.applyTo(l);
    return l;
  }

  /** Builds the runtime for a command: config validated first, so a bad setting stops before Spark starts. */
  Runtime runtime(CommandFlags commandFlags) {
    Runtime rt = Runtime.of(loader(commandFlags));
    LakeSessions.quietLogs(rt.config().getBoolean(Settings.LOG_VERBOSE));
    return rt;
  }

  /** The runtime of a command whose options override no setting. */
  Runtime runtime() { return runtime(new CommandFlags()); }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage or configuration).
   * A failure prints one line; --verbose adds the stack trace after it.
   */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new LiveLakeCli());
    boolean verbose = List.of(args).contains("--verbose");
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      boolean badInput = e instanceof ConfigException || e instanceof IllegalArgumentException;
      if (badInput) {
        cmd.getErr().println("livelake: " + firstLine(e.getMessage()));
      } else {
        cmd.getErr().println("livelake " + cmd.getCommandName() + ": " + failure(e)
            + (verbose ? "" : " (run with --verbose for details)"));
      }
      if (verbose) e.printStackTrace(cmd.getErr());
      return badInput ? 2 : 1;
    });
    try {
      return cli.execute(args);
    } catch (LinkageError e) {
      // Not an Exception, so past picocli's handler: a jar that needs others (LIVELAKE_CLASSPATH) or of another version.
      cli.getErr().println("livelake: a class is missing or of another version on the classpath ("
          + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()).replace('/', '.')
          + "); a jar added with LIVELAKE_CLASSPATH may need others beside it"
          + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) e.printStackTrace(cli.getErr());
      return 1;
    }
  }

  /**
   * The failure in one line: the outermost message that says more than the exception it wraps, and the
   * root cause's when it adds something (Spark wraps a missing file or a refused connection in layers
   * of job and stage failures; the outermost names what failed, the root why).
   */
  static String failure(Throwable e) {
    Throwable outer = e;
    while (outer.getCause() != null && outer.getCause() != outer
        && (blank(outer.getMessage()) || outer.getMessage().equals(outer.getCause().toString()))) {
      outer = outer.getCause();
    }
    Throwable root = outer;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String top = blank(outer.getMessage()) ? outer.getClass().getSimpleName() : firstLine(outer.getMessage());
    if (root == outer || blank(root.getMessage())) return top;
    String why = firstLine(root.getMessage());
    return top.contains(why) ? top : top + " (" + why + ")";
  }

  private static boolean blank(String s) { return s == null || s.isBlank(); }

  /** The first line with text: Spark's parse errors start with a line break. */
  static String firstLine(String s) {
    if (s == null) return "failed";
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("failed");
  }

  /** The settings reference shown by `livelake config --keys`. */
  static String settingsReference() {
    StringBuilder sb = new StringBuilder();
    for (Setting s : Settings.all()) {
      sb.append(String.format("%-40s %-12s default %s%n    %s%n", s.key(), s.type().name().toLowerCase(),
          s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue(), s.doc()));
    }
    return sb.toString();
  }
}
