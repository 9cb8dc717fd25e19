package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.config.Settings;
import io.livelake.ml.registry.ModelRegistry;
import io.livelake.report.Fmt;
import io.livelake.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the marketers' report: a static HTML index page (overview per platform and day, viewer funnel, "
        + "real-time KPIs of the top sessions, the model and its warnings, the indicator weights, users, data quality) "
        + "and a page per anchor (its sessions' scores and levers), with PNG charts, opened from the file system in any "
        + "browser. Prints the index page's path.")
final class ReportCommand implements Callable<Integer> {
  /** Anchors with a page when none is asked for: the top ones by GMV. */
  static final int ANCHOR_PAGES = 10;

  @ParentCommand LiveLakeCli root;

  @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: <lake>/_report for a local lake).")
  Path out;

  @Option(names = "--session", paramLabel = "ID", description = "Show this session's KPIs and levers too.")
  String session;

  @Option(names = "--anchor", paramLabel = "ID",
      description = "Write the page of this anchor only (default: the top " + ANCHOR_PAGES + " anchors by GMV).")
  String anchor;

  @Override
  public Integer call() {
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a file, not a directory");
    }
    try (Runtime rt = root.runtime()) {
      Lake lake = rt.existingLake();
      Path dir = out != null ? out : defaultOut(lake);
      Report.Written w = Report.write(lake, new Report.Options(dir, session, anchor,
          rt.config().getString(Settings.REPORTING_CURRENCY), ANCHOR_PAGES, modelNotes(lake)),
          line -> Console.info("report: " + line));
      if (!w.boxed().isEmpty()) {
        Console.info("report: " + w.boxed().size() + " of " + Fmt.count(w.charts().size(), "chart") + " show boxes for "
            + "characters no font installed here draws (" + w.missing() + "); install a font that covers them (on Debian "
            + "or Ubuntu, fonts-noto-cjk for Chinese, Japanese and Korean) and write the report again");
      }
      Console.out("report: " + Fmt.count(w.pages().size(), "page") + ", " + Fmt.count(w.charts().size(), "chart") + "; open "
          + w.index().toAbsolutePath().normalize());
    }
    return 0;
  }

  private static Path defaultOut(Lake lake) {
    if (!lake.paths().isLocal()) {
      throw new IllegalArgumentException("--out: the lake " + lake.paths().root() + " is not on this machine; "
          + "give the report's directory with --out DIR");
    }
    return lake.paths().localRoot().resolve("_report");
  }

  /** The latest registered version's warnings; none when no model is registered. */
  private static Report.ModelNotes modelNotes(Lake lake) {
    return ModelRegistry.of(lake).latest().map(m -> new Report.ModelNotes(m.version(), m.warnings())).orElse(null);
  }
}
