package io.livelake.app;

import io.livelake.ml.model.ScoreJob;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score every session of gold.session_indicators with a registered model into gold.performance_scores "
        + "(one row per session; the expected outcome and the most probable grade), and write gold.session_levers: per "
        + "session, what moving each indicator to the anchor's best or the platform's 75th percentile would do to the score.")
final class ScoreCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--model", paramLabel = "VERSION", description = "Model version (default: the latest; see `livelake models`).")
  String model;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      ScoreJob.Scored s = ScoreJob.run(rt.lake(), model, line -> Console.info("score: " + line));
      Console.out(String.format(Locale.ROOT, "scored %,d sessions with model %s into gold.performance_scores%s; "
              + "%,d levers (session x indicator) into gold.session_levers",
          s.sessions(), s.model().version(),
          s.skipped() > 0 ? String.format(Locale.ROOT, " (%,d sessions with missing indicators left out)", s.skipped()) : "",
          s.levers()));
    }
    return 0;
  }
}
