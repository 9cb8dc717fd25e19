package io.livelake.survey;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Imports a Likert survey and replaces gold.survey_reliability (per construct and 'overall') and
 * gold.survey_anchor_scores (per anchor and construct, from responses that name an anchor).
 */
public final class SurveyJob {
  private SurveyJob() {}

  /** The construct name of the row over all items. */
  public static final String OVERALL = "overall";

  /**
   * What a run wrote, per construct; how many respondents were left out for a missing answer; the columns of a wide
   * file that were not read; the items that run against the others of their construct ({@link
   * Reliability#againstTheGrain}), construct by construct, which may be reverse-keyed; and how a survey tool's
   * export was read ({@link SurveyFile#notes}).
   */
  public record Surveyed(Map<String, Reliability.Result> results, int leftOut, List<String> unreadColumns,
      Map<String, List<String>> againstTheGrain, List<String> notes) {}

  /** Reads, validates and analyses {@code csv} (wide layout when {@code mapping} is given) as {@code options} say. */
  public static Surveyed run(Lake lake, Path csv, Path mapping, SurveyOptions options) {
    SurveyFile survey = SurveyFile.read(csv, mapping, options);
    if (survey.itemsByConstruct().containsKey(OVERALL)) {
      throw new IllegalArgumentException(csv + ": '" + OVERALL + "' is reserved for the row over all items; rename that construct");
    }
    Map<String, Reliability.Result> results = new LinkedHashMap<>();
    Map<String, List<String>> against = new LinkedHashMap<>();
    survey.itemsByConstruct().forEach((c, items) -> {
      double[][] m = survey.matrix(items);
      results.put(c, Reliability.of(m));
      List<String> odd = Reliability.againstTheGrain(m).stream().map(items::get).toList();
      if (!odd.isEmpty()) against.put(c, odd);
    });
    results.put(OVERALL, Reliability.of(survey.matrix(survey.allItems())));
    Timestamp now = new Timestamp(System.currentTimeMillis());
    String source = csv.toAbsolutePath().toString();
    List<Row> rows = new ArrayList<>();
    results.forEach((c, r) -> rows.add(RowFactory.create(c, r.items(), (long) r.respondents(), r.alpha(), r.kmo(),
        r.bartlettChiSquare(), r.bartlettDf(), r.bartlettPValue(), r.note(), source, now)));
    replace(lake, Tables.SURVEY_RELIABILITY, rows);
    replace(lake, Tables.SURVEY_ANCHOR_SCORES, anchorScores(survey, source, now));
    return new Surveyed(results, survey.leftOut(), survey.unreadColumns(), against, survey.notes());
  }

  private static List<Row> anchorScores(SurveyFile survey, String source, Timestamp now) {
    List<Row> rows = new ArrayList<>();
    Map<String, List<Integer>> byAnchor = new TreeMap<>();
    for (int i = 0; i < survey.respondents().size(); i++) {
      String anchor = survey.anchors().get(survey.respondents().get(i));
      if (anchor != null) byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(i);
    }
    byAnchor.forEach((anchor, respondentRows) -> survey.itemsByConstruct().forEach((construct, items) -> {
      double[][] m = survey.matrix(items);
      double sum = 0;
      int answers = 0;
      for (int i : respondentRows) {
        for (double v : m[i]) {
          // A missing answer (NaN, kept by --missing pairwise) is left out of the mean.
          if (Double.isNaN(v)) continue;
          sum += v;
          answers++;
        }
      }
      if (answers > 0) rows.add(RowFactory.create(anchor, construct, (long) respondentRows.size(), sum / answers, source, now));
    }));
    return rows;
  }

  private static void replace(Lake lake, TableDef t, List<Row> rows) {
    lake.ensure(t);
    lake.spark().createDataFrame(rows, t.schema()).write().format("delta").mode("overwrite").save(lake.path(t));
  }
}
