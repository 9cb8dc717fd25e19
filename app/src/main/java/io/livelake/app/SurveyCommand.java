package io.livelake.app;

import io.livelake.report.Fmt;
import io.livelake.survey.Reliability;
import io.livelake.survey.SurveyJob;
import io.livelake.survey.SurveyOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "survey", mixinStandardHelpOptions = true,
    description = {"Import a Likert questionnaire (1..5, or --scale) and write gold.survey_reliability (Cronbach's alpha, KMO, "
        + "Bartlett's test per construct and overall) and gold.survey_anchor_scores (mean score per anchor and construct).",
        "Long layout (default): a header respondent,construct,item,score[,anchor_id] and one line per answer.",
        "Wide layout: a header respondent[,anchor_id],<item>,<item>,... and one line per respondent, with --mapping "
            + "naming each item's construct (header item,construct). A file without a respondent column, as Google "
            + "Forms exports responses, takes each line as one respondent; Qualtrics' ResponseId is one, and the "
            + "question texts and import ids under its header are read as header.",
        "An answer is an integer on the scale or its text: the agreement labels of a 5- or 7-point scale "
            + "(Strongly disagree .. Strongly agree, any case) or those given by --labels.",
        "Fields are separated by commas, or by the semicolons, tabs or bars of a file whose header uses them.",
        "Every score must be an answer on the scale and every respondent must answer every item (or --missing "
            + "listwise or pairwise); bad lines are reported with their line numbers and nothing is imported. Items that run "
            + "against the others of their construct are named, as likely reverse-keyed (--reverse-keyed)."})
final class SurveyCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "The survey responses.")
  Path input;

  @Option(names = "--mapping", paramLabel = "FILE.csv", description = "item,construct mapping: reads --input in the wide layout.")
  Path mapping;

  @Option(names = "--scale", defaultValue = "1..5", paramLabel = "MIN..MAX",
      description = "The answer scale (default ${DEFAULT-VALUE}; e.g. 1..7).")
  String scale;

  @Option(names = "--labels", split = ",", paramLabel = "TEXT", description = "The answers' texts, lowest first, one "
      + "per point of the scale (comma-separated), e.g. Never,Rarely,Sometimes,Often,Always; by default the agreement "
      + "labels of a 5- or 7-point scale.")
  List<String> labels = List.of();

  @Option(names = "--anchor-column", paramLabel = "HEADER", description = "The column naming the anchor each respondent "
      + "rated (default anchor_id), e.g. a survey tool's question \"Which host did you watch?\"; an anchor's stage name "
      + "is read as its anchor_id in silver.dim_sessions.")
  String anchorColumn;

  @Option(names = "--reverse-keyed", split = ",", paramLabel = "ITEM",
      description = "Items worded against their construct, scored MIN + MAX - answer (comma-separated; an item whose "
          + "text has a comma in double quotes).")
  List<String> reverseKeyed = List.of();

  @Option(names = "--missing", defaultValue = "refuse", paramLabel = "POLICY", description = "A missing answer (an "
      + "empty field, R's NA, an item without a line): refuse (default: nothing is imported), listwise (the "
      + "respondent is left out, and counted) or pairwise (the answer is left out: each pair of items is taken over "
      + "the respondents who answered both, as psych's alpha does).")
  String missing;

  @Override
  public Integer call() {
    int[] range = SurveyOptions.scale(scale);
    SurveyOptions options = new SurveyOptions(range[0], range[1], unquoted(labels), Set.copyOf(unquoted(reverseKeyed)),
        SurveyOptions.Missing.of(missing), anchorColumn);
    try (Runtime rt = root.runtime()) {
      Console.info("survey: reading " + input + (mapping == null ? " (long layout)" : " (wide layout, mapping " + mapping + ")"));
      SurveyJob.Surveyed surveyed = SurveyJob.run(rt.lake(), input, mapping, options);
      surveyed.notes().forEach(note -> Console.info("survey: " + note));
      if (!surveyed.unreadColumns().isEmpty()) {
        Console.info("survey: columns not read (not items of the mapping): " + String.join(", ", surveyed.unreadColumns()));
      }
      if (surveyed.leftOut() > 0) {
        Console.info("survey: left out " + Fmt.count(surveyed.leftOut(), "respondent") + " with a missing answer "
            + "(--missing listwise)");
      }
      Map<String, Reliability.Result> results = surveyed.results();
      int width = Math.max(16, results.keySet().stream().mapToInt(String::length).max().orElse(0));
      Console.out(String.format(Locale.ROOT, "%-" + width + "s %5s %11s %7s %7s %12s %5s %9s", "construct", "items",
          "respondents", "alpha", "kmo", "bartlett_chi2", "df", "p"));
      results.forEach((c, r) -> Console.out(String.format(Locale.ROOT, "%-" + width + "s %5d %11d %7s %7s %12s %5s %9s%s", c,
          r.items(), r.respondents(), fmt(r.alpha(), "%.3f"), fmt(r.kmo(), "%.3f"), fmt(r.bartlettChiSquare(), "%.2f"),
          r.bartlettDf() == null ? "-" : r.bartlettDf().toString(), p(r.bartlettPValue()),
          r.note() == null ? "" : "  (" + r.note() + ")")));
      Console.info("survey: wrote gold.survey_reliability and gold.survey_anchor_scores");
      if (!surveyed.againstTheGrain().isEmpty()) {
        List<String> items = surveyed.againstTheGrain().values().stream().flatMap(List::stream).toList();
        List<String> where = new ArrayList<>();
        surveyed.againstTheGrain().forEach((c, i) -> where.add(String.join(", ", i) + " in " + c));
        Console.info("survey: warning: " + String.join("; ", where) + " run against the other items of their "
            + "construct (the sign of their loading on its first principal component), as reverse-keyed items do, "
            + "which lowers alpha; if they are, import again with --reverse-keyed " + listArgument(items));
      }
    }
    return 0;
  }

  /** The values of a comma-separated option, an item given in double quotes (its text has a comma) without them. */
  static List<String> unquoted(List<String> values) {
    return values.stream().map(v -> v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1)
        : v).toList();
  }

  /**
   * {@code values} as one shell word for a comma-separated option ({@link Console#shellWord}), a value with a comma in
   * double quotes.
   */
  static String listArgument(List<String> values) {
    String list = String.join(",", values.stream().map(v -> v.contains(",") ? "\"" + v + "\"" : v).toList());
    return Console.shellWord(list);
  }

  private static String fmt(Double v, String f) { return v == null ? "-" : String.format(Locale.ROOT, f, v); }

  /** A p-value; one below the smallest double reads as such rather than as 0.00. */
  private static String p(Double v) { return v != null && v == 0 ? "<4.9e-324" : fmt(v, "%.3g"); }
}
