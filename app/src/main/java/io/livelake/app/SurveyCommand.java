package io.livelake.app;

import io.livelake.survey.Reliability;
import io.livelake.survey.SurveyJob;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "survey", mixinStandardHelpOptions = true,
    description = {"Import a Likert 1..5 questionnaire and write gold.survey_reliability (Cronbach's alpha, KMO, "
        + "Bartlett's test per construct and overall) and gold.survey_anchor_scores (mean score per anchor and construct).",
        "Long layout (default): a header respondent,construct,item,score[,anchor_id] and one line per answer.",
        "Wide layout: a header respondent[,anchor_id],<item>,<item>,... and one line per respondent, with --mapping "
            + "naming each item's construct (header item,construct).",
        "Every score must be an integer 1..5 and every respondent must answer every item; bad lines are reported "
            + "with their line numbers and nothing is imported."})
final class SurveyCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "The survey responses.")
  Path input;

  @Option(names = "--mapping", paramLabel = "FILE.csv", description = "item,construct mapping: reads --input in the wide layout.")
  Path mapping;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      Console.info("survey: reading " + input + (mapping == null ? " (long layout)" : " (wide layout, mapping " + mapping + ")"));
      Map<String, Reliability.Result> results = SurveyJob.run(rt.lake(), input, mapping);
      Console.out(String.format(Locale.ROOT, "%-16s %5s %11s %7s %7s %12s %5s %9s", "construct", "items", "respondents",
          "alpha", "kmo", "bartlett_chi2", "df", "p"));
      results.forEach((c, r) -> Console.out(String.format(Locale.ROOT, "%-16s %5d %11d %7s %7s %12s %5s %9s%s", c,
          r.items(), r.respondents(), fmt(r.alpha(), "%.3f"), fmt(r.kmo(), "%.3f"), fmt(r.bartlettChiSquare(), "%.2f"),
          r.bartlettDf() == null ? "-" : r.bartlettDf().toString(), fmt(r.bartlettPValue(), "%.3g"),
          r.note() == null ? "" : "  (" + r.note() + ")")));
      Console.info("survey: wrote gold.survey_reliability and gold.survey_anchor_scores");
    }
    return 0;
  }

  private static String fmt(Double v, String f) { return v == null ? "-" : String.format(Locale.ROOT, f, v); }
}
