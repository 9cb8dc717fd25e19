package io.livelake.survey;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
    List<String> notes = new ArrayList<>(survey.notes());
    replace(lake, Tables.SURVEY_ANCHOR_SCORES, anchorScores(survey, anchorIds(lake, survey, notes), source, now));
    return new Surveyed(results, survey.leftOut(), survey.unreadColumns(), against, List.copyOf(notes));
  }

  /**
   * The anchor_id each anchor the survey names stands for: itself when silver.dim_sessions knows it as an id (or the
   * lake has no dimensions), else the one anchor whose stage name it is (any case), as a survey tool's answer to
   * "which host did you watch?" gives it; an anchor the lake does not know, or a name two anchors share, is kept as
   * given. What was matched by name, and what not, is added to {@code notes}.
   */
  private static Map<String, String> anchorIds(Lake lake, SurveyFile survey, List<String> notes) {
    Set<String> given = new TreeSet<>(survey.anchors().values());
    Map<String, String> out = new HashMap<>();
    given.forEach(a -> out.put(a, a));
    if (given.isEmpty() || !lake.exists(Tables.DIM_SESSIONS)) return out;
    Set<String> ids = new HashSet<>();
    Map<String, Set<String>> byName = new HashMap<>();
    for (Row r : lake.read(Tables.DIM_SESSIONS).select("anchor_id", "anchor_name").where("anchor_id IS NOT NULL")
        .distinct().collectAsList()) {
      ids.add(r.getString(0));
      if (!r.isNullAt(1)) byName.computeIfAbsent(key(r.getString(1)), k -> new TreeSet<>()).add(r.getString(0));
    }
    List<String> named = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String a : given) {
      if (ids.contains(a)) continue;
      Set<String> candidates = byName.getOrDefault(key(a), Set.of());
      if (candidates.size() == 1) {
        out.put(a, candidates.iterator().next());
        named.add("'" + a + "' as " + candidates.iterator().next());
      } else {
        unknown.add("'" + a + "'" + (candidates.size() > 1 ? " (the stage name of " + String.join(", ", candidates) + ")" : ""));
      }
    }
    if (!named.isEmpty()) {
      notes.add("anchors given by stage name, read as their anchor_id in " + Tables.DIM_SESSIONS.fullName() + ": "
          + String.join(", ", named));
    }
    if (!unknown.isEmpty()) {
      notes.add("warning: anchors " + Tables.DIM_SESSIONS.fullName() + " has no id or single stage name of, kept as "
          + "given (their scores join no session): " + String.join(", ", unknown));
    }
    return out;
  }

  private static String key(String name) { return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT); }

  private static List<Row> anchorScores(SurveyFile survey, Map<String, String> anchorIds, String source, Timestamp now) {
    List<Row> rows = new ArrayList<>();
    Map<String, List<Integer>> byAnchor = new TreeMap<>();
    for (int i = 0; i < survey.respondents().size(); i++) {
      String anchor = survey.anchors().get(survey.respondents().get(i));
      if (anchor != null) byAnchor.computeIfAbsent(anchorIds.get(anchor), a -> new ArrayList<>()).add(i);
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
