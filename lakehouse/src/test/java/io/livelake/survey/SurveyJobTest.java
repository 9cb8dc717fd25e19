package io.livelake.survey;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SurveyJobTest {
  /** The scores of {@link ReliabilityTest#SCORES} in the long layout; respondents r1..r5 rated anchor A1, r6..r10 A2. */
  private static String longCsv() {
    StringBuilder sb = new StringBuilder("respondent,construct,item,score,anchor_id\n");
    for (int i = 0; i < ReliabilityTest.SCORES.length; i++) {
      for (int j = 0; j < 8; j++) {
        sb.append("r").append(i + 1).append(',').append(j < 4 ? "A1" : "A4").append(",q").append(j + 1).append(',')
            .append((int) ReliabilityTest.SCORES[i][j]).append(',').append(i < 5 ? "anchor1" : "anchor2").append('\n');
      }
    }
    return sb.toString();
  }

  private static String wideCsv() {
    StringBuilder sb = new StringBuilder("respondent,q1,q2,q3,q4,q5,q6,q7,q8\n");
    for (int i = 0; i < ReliabilityTest.SCORES.length; i++) {
      sb.append("r").append(i + 1);
      for (double v : ReliabilityTest.SCORES[i]) sb.append(',').append((int) v);
      sb.append('\n');
    }
    return sb.toString();
  }

  private static final String SURVEYMONKEY = "src/test/resources/survey/surveymonkey.csv";
  /** The statements of surveymonkey.csv's matrix question: bfi's C1..C5. */
  private static final List<String> STATEMENTS = List.of("Am exacting in my work.", "Continue until everything is perfect.",
      "Do things according to a plan.", "Do things in a half-way manner.", "Waste my time.");
  /** SAPA's six answers, as the export spells them. */
  private static final List<String> SAPA = List.of("Very Inaccurate", "Moderately Inaccurate", "Slightly Inaccurate",
      "Slightly Accurate", "Moderately Accurate", "Very Accurate");
  /** bfi.csv's C1..C5 of respondents 1 to 12. */
  private static final double[][] BFI_C = {{2, 3, 3, 4, 4}, {5, 4, 4, 3, 4}, {4, 5, 4, 2, 5}, {4, 4, 3, 5, 5},
      {4, 4, 5, 3, 2}, {6, 6, 6, 1, 3}, {5, 4, 4, 2, 3}, {3, 2, 4, 2, 4}, {6, 6, 3, 4, 5}, {6, 5, 6, 2, 1}, {4, 3, 5, 3, 2},
      {5, 4, 5, 4, 5}};

  /** A mapping file of the statements to construct C. */
  private static Path statementsMapping(Path dir) throws IOException {
    return write(dir, "map.csv", "item,construct\n" + String.join("", STATEMENTS.stream().map(st -> st + ",C\n").toList()));
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void longLayoutWritesReliabilityPerConstructAndOverallAndAnchorMeans() throws IOException {
    Path dir = TestSpark.newDir("survey-long");
    Lake lake = TestSpark.newLake("survey-lake");
    SurveyJob.run(lake, write(dir, "survey.csv", longCsv()), null, SurveyOptions.DEFAULT);
    Map<String, Row> rows = new HashMap<>();
    for (Row r : lake.read(Tables.SURVEY_RELIABILITY).collectAsList()) rows.put(r.getAs("construct"), r);
    assertEquals(List.of("A1", "A4", "overall"), rows.keySet().stream().sorted().toList());
    Reliability.Result a1 = Reliability.of(ReliabilityTest.columns(0, 4));
    assertEquals(a1.alpha(), rows.get("A1").<Double>getAs("cronbach_alpha"), 1e-12);
    assertEquals(0.588362, rows.get("A1").<Double>getAs("kmo"), 5e-7);
    assertEquals(0.645601, rows.get("overall").<Double>getAs("kmo"), 5e-7);
    assertEquals(28, rows.get("overall").<Integer>getAs("bartlett_df"));
    assertEquals(8, rows.get("overall").<Integer>getAs("items"));
    assertEquals(10L, rows.get("overall").<Long>getAs("respondents"));

    Map<String, Double> means = new HashMap<>();
    for (Row r : lake.read(Tables.SURVEY_ANCHOR_SCORES).collectAsList()) {
      means.put(r.getAs("anchor_id") + "/" + r.getAs("construct"), r.getAs("mean_score"));
      assertEquals(5L, r.<Long>getAs("respondents"));
    }
    // anchor1 = respondents 1..5, items q1..q4: 17 + 13 + 19 + 9 + 15 = 73 over 20 answers.
    assertEquals(73 / 20.0, means.get("anchor1/A1"), 1e-12);
    assertEquals(4, means.size());
  }

  @Test
  void wideLayoutWithAMappingGivesTheSameResults() throws IOException {
    Path dir = TestSpark.newDir("survey-wide");
    Path mapping = write(dir, "mapping.csv", "item,construct\nq1,A1\nq2,A1\nq3,A1\nq4,A1\nq5,A4\nq6,A4\nq7,A4\nq8,A4\n");
    SurveyFile wide = SurveyFile.read(write(dir, "wide.csv", wideCsv()), mapping, SurveyOptions.DEFAULT);
    SurveyFile longer = SurveyFile.read(write(dir, "long.csv", longCsv()), null, SurveyOptions.DEFAULT);
    assertEquals(longer.itemsByConstruct(), wide.itemsByConstruct());
    assertArrayEquals(longer.matrix(longer.allItems()), wide.matrix(wide.allItems()));
    assertArrayEquals(ReliabilityTest.SCORES, wide.matrix(wide.allItems()));
  }

  /** A spreadsheet in a decimal-comma locale saves CSV with semicolons; a tab-separated export is read as well. */
  @Test
  void filesSeparatedBySemicolonsOrTabsReadAsCommaSeparatedOnes() throws IOException {
    Path dir = TestSpark.newDir("survey-delimiters");
    SurveyFile comma = SurveyFile.read(write(dir, "long.csv", longCsv()), null, SurveyOptions.DEFAULT);
    SurveyFile semicolon = SurveyFile.read(write(dir, "semicolon.csv", longCsv().replace(',', ';')), null,
        SurveyOptions.DEFAULT);
    Path mapping = write(dir, "mapping.tsv", "item\tconstruct\nq1\tA1\nq2\tA1\nq3\tA1\nq4\tA1\nq5\tA4\nq6\tA4\n"
        + "q7\tA4\nq8\tA4\n");
    SurveyFile tabs = SurveyFile.read(write(dir, "wide.tsv", wideCsv().replace(',', '\t')), mapping, SurveyOptions.DEFAULT);
    for (SurveyFile other : List.of(semicolon, tabs)) {
      assertEquals(comma.itemsByConstruct(), other.itemsByConstruct());
      assertEquals(comma.respondents(), other.respondents());
      assertArrayEquals(ReliabilityTest.SCORES, other.matrix(other.allItems()));
    }
    assertEquals(Map.of("r1", "anchor1", "r10", "anchor2"), Map.of("r1", semicolon.anchors().get("r1"), "r10",
        semicolon.anchors().get("r10")));

    // A quote left open is a bad line of its own, named, as every other problem of the file.
    String open = "respondent;construct;item;score\nr1;A1;q1;4\n\"r2;A1;q1;3\nr2;A1;q2;2\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(write(dir, "open.csv", open), null, SurveyOptions.DEFAULT));
    assertEquals(dir.resolve("open.csv") + ": line 3: not CSV: a quoted field is not closed; respondent r1 has no score "
        + "for item q2 (construct A1); respondent r2 has no score for item q1 (construct A1)", e.getMessage());
  }

  @Test
  void badRowsAreReportedWithTheirLineNumbers() throws IOException {
    Path dir = TestSpark.newDir("survey-bad");
    String bad = "respondent,construct,item,score\nr1,A1,q1,4\nr1,A1,q2,6\nr2,A1,q1,x\nr2,A1,q2,3\nr3,A1,q1\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(write(dir, "bad.csv", bad), null, SurveyOptions.DEFAULT));
    assertTrue(e.getMessage().contains("line 3: score '6' of item q2 is not an integer from 1 to 5"), e.getMessage());
    assertTrue(e.getMessage().contains("line 4: score 'x' of item q1"), e.getMessage());
    assertTrue(e.getMessage().contains("line 6: expected 4 fields, found 3"), e.getMessage());

    String missing = "respondent,construct,item,score\nr1,A1,q1,4\nr1,A1,q2,3\nr2,A1,q1,2\n";
    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(write(dir, "missing.csv", missing), null, SurveyOptions.DEFAULT));
    assertTrue(e.getMessage().contains("respondent r2 has no score for item q2 (construct A1)"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(write(dir, "wide.csv", "id,q1\n1,2\n"), null, SurveyOptions.DEFAULT));
    assertTrue(e.getMessage().contains("line 1: no column 'respondent'"), e.getMessage());

    Path mapping = write(dir, "map.csv", "item,construct\nq1,A1\nq9,A1\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(write(dir, "w.csv", "respondent,q1,q2\nr1,3,4\n"), mapping, SurveyOptions.DEFAULT));
    assertEquals(dir.resolve("w.csv") + ": line 1: item q9 of the mapping file has no column", e.getMessage(),
        "q2, which the mapping does not name, is a column not read, no problem");

    // Saved by a spreadsheet as plain CSV, "José" is one byte 0xE9: it said "cannot be read (Input length = 1)".
    Path latin1 = Files.write(dir.resolve("latin1.csv"), "respondent,construct,item,score\nJos\u00e9,A1,q1,4\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(latin1, null, SurveyOptions.DEFAULT));
    assertEquals("--input " + latin1 + ": not UTF-8 text; save it as CSV UTF-8", e.getMessage());
  }

  /** The Big Five Inventory's 25 items, as psych's {@code bfi} is written by R (test resource survey/bfi.csv). */
  private static final Path BFI = Path.of("src/test/resources/survey/bfi.csv");

  /**
   * A public questionnaire as its users have it: the first 100 respondents of the psych R package's {@code bfi} (a
   * 6-point scale, R's NA for 8 respondents' missing answers, reverse-keyed items left as answered, columns of
   * demographics beside the items). The expected alphas and items were computed apart from LiveLake, with NumPy, on
   * the 92 complete respondents: raw, and with psych's keys (A1, C4, C5, E1, E2, O2, O5 scored 7 - answer).
   */
  @Test
  void aPublicSixPointQuestionnaireWithMissingAnswersAndReverseKeyedItems() throws IOException {
    Path dir = TestSpark.newDir("survey-bfi");
    StringBuilder map = new StringBuilder("item,construct\n");
    for (String c : List.of("A", "C", "E", "N", "O")) {
      for (int i = 1; i <= 5; i++) map.append(c).append(i).append(',').append(c).append('\n');
    }
    Path mapping = write(dir, "bfi-mapping.csv", map.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(BFI, mapping, SurveyOptions.DEFAULT));
    assertTrue(e.getMessage().startsWith(BFI + ": line 2: score '6' of item O2 is not an integer from 1 to 5 (another "
        + "scale: --scale, e.g. 1..7); "), e.getMessage());
    SurveyOptions sixPoint = new SurveyOptions(1, 6, Set.of(), SurveyOptions.Missing.REFUSE);
    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(BFI, mapping, sixPoint));
    assertTrue(e.getMessage().startsWith(BFI + ": line 10: the answer to item E3 is missing ('NA'): every respondent "
        + "must answer every item, or --missing listwise leaves out respondents with a missing answer (pairwise, the "
        + "answer); "), e.getMessage());

    Lake lake = TestSpark.newLake("survey-bfi-lake");
    SurveyJob.Surveyed raw = SurveyJob.run(lake, BFI, mapping, new SurveyOptions(1, 6, Set.of(), SurveyOptions.Missing.LISTWISE));
    assertEquals(8, raw.leftOut());
    assertEquals(List.of("X", "gender", "education", "age"), raw.unreadColumns());
    assertEquals(92, raw.results().get("A").respondents());
    assertAlphas(Map.of("A", 0.473426, "C", -0.179521, "E", -0.652007, "N", 0.795741, "O", -0.368825,
        SurveyJob.OVERALL, 0.456441), raw);
    assertEquals(Map.of("A", List.of("A1"), "C", List.of("C4", "C5"), "E", List.of("E1", "E2"), "O", List.of("O2", "O5")),
        raw.againstTheGrain(), "psych's keys, found from the answers alone");

    SurveyJob.Surveyed keyed = SurveyJob.run(lake, BFI, mapping,
        new SurveyOptions(1, 6, Set.of("A1", "C4", "C5", "E1", "E2", "O2", "O5"), SurveyOptions.Missing.LISTWISE));
    assertAlphas(Map.of("A", 0.634211, "C", 0.742316, "E", 0.785885, "N", 0.795741, "O", 0.610401,
        SurveyJob.OVERALL, 0.702475), keyed);
    assertEquals(Map.of(), keyed.againstTheGrain());
    assertEquals(0.742316, lake.read(Tables.SURVEY_RELIABILITY).where("construct = 'C'").first()
        .<Double>getAs("cronbach_alpha"), 5e-7);

    // Pairwise, as psych's alpha reads it by default: all 100 respondents, each pair of items over those who answered
    // both. NumPy, on the same pairs: alpha from the pairwise covariances, KMO and Bartlett (n = 100) from the
    // pairwise correlations.
    SurveyJob.Surveyed pairwise = SurveyJob.run(lake, BFI, mapping,
        new SurveyOptions(1, 6, Set.of("A1", "C4", "C5", "E1", "E2", "O2", "O5"), SurveyOptions.Missing.PAIRWISE));
    assertEquals(0, pairwise.leftOut());
    assertEquals(List.of("9 of 2500 answers are missing: each pair of items is taken over the respondents who "
        + "answered both (--missing pairwise)"), pairwise.notes());
    assertEquals(100, pairwise.results().get("C").respondents());
    assertAlphas(Map.of("A", 0.628475, "C", 0.724670, "E", 0.792352, "N", 0.798442, "O", 0.604530,
        SurveyJob.OVERALL, 0.714243), pairwise);
    assertEquals(0.745881, pairwise.results().get("C").kmo(), 5e-7);
    assertEquals(98.8918, pairwise.results().get("C").bartlettChiSquare(), 5e-5);
    assertEquals(0.650671, pairwise.results().get(SurveyJob.OVERALL).kmo(), 5e-7);
    assertEquals(988.7421, pairwise.results().get(SurveyJob.OVERALL).bartlettChiSquare(), 5e-5);

    e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(BFI, mapping, new SurveyOptions(1, 6, Set.of("A1", "Z9"), SurveyOptions.Missing.LISTWISE)));
    assertEquals(BFI + ": --reverse-keyed names item Z9, which the survey does not have", e.getMessage());
  }

  /**
   * A survey tool's export as Google Forms writes one: a timestamp and an e-mail address before the items, a grid
   * question's items as "question [item]", answers as their texts in any case, no respondent column. The alphas were
   * computed apart from LiveLake, with NumPy, on the answers as numbers (Strongly disagree 1 .. Strongly agree 5).
   */
  @Test
  void aSurveyToolsExportWithAnswerTextsAndNoRespondentColumn() throws IOException {
    Path dir = TestSpark.newDir("survey-forms");
    Path forms = write(dir, "responses.csv", """
        Timestamp,Email Address,I enjoy watching live streams,I buy during live streams,"Rate the host [trustworthy]",\
        "Rate the host [answers questions]"
        2024/05/01 10:01:02 AM GMT+8,a@example.com,Strongly agree,Agree,Agree,Neutral
        2024/05/01 10:03:12 AM GMT+8,b@example.com,Agree,Agree,Strongly agree,Agree
        2024/05/01 10:05:40 AM GMT+8,c@example.com,Disagree,Neither agree nor disagree,Disagree,Disagree
        2024/05/01 10:07:01 AM GMT+8,d@example.com,neutral,Disagree,Neutral,Neutral
        2024/05/01 10:09:55 AM GMT+8,e@example.com,Strongly disagree,STRONGLY DISAGREE,Disagree,Strongly  disagree
        2024/05/01 10:11:21 AM GMT+8,f@example.com,Agree,Strongly agree,Agree,Agree
        """);
    Path mapping = write(dir, "map.csv", "item,construct\nI enjoy watching live streams,engagement\n"
        + "I buy during live streams,engagement\nRate the host [trustworthy],trust\nRate the host [answers questions],trust\n");
    SurveyFile survey = SurveyFile.read(forms, mapping, SurveyOptions.DEFAULT);
    assertEquals(List.of("no respondent column: each line is one respondent, named by its line number"), survey.notes());
    assertEquals(List.of("line 2", "line 3", "line 4", "line 5", "line 6", "line 7"), survey.respondents());
    assertEquals(List.of("Timestamp", "Email Address"), survey.unreadColumns(), "the addresses are not read");
    assertArrayEquals(new double[][] {{5, 4, 4, 3}, {4, 4, 5, 4}, {2, 3, 2, 2}, {3, 2, 3, 3}, {1, 1, 2, 1}, {4, 5, 4, 4}},
        survey.matrix(survey.allItems()));
    SurveyJob.Surveyed run = SurveyJob.run(TestSpark.newLake("survey-forms-lake"), forms, mapping, SurveyOptions.DEFAULT);
    assertAlphas(Map.of("engagement", 0.898305, "trust", 0.944099, SurveyJob.OVERALL, 0.946469), run);

    // A 7-point scale has its own middle labels; on a 5-point one they are no answer, and the message lists those that are.
    Path seven = write(dir, "seven.csv", "Timestamp,q1,q2\nt1,Somewhat agree,Slightly disagree\nt2,Agree,Neutral\n");
    Path sevenMap = write(dir, "seven-map.csv", "item,construct\nq1,A\nq2,A\n");
    SurveyFile sevenPoint = SurveyFile.read(seven, sevenMap, new SurveyOptions(1, 7, Set.of(), SurveyOptions.Missing.REFUSE));
    assertArrayEquals(new double[][] {{5, 3}, {6, 4}}, sevenPoint.matrix(sevenPoint.allItems()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(seven, sevenMap, SurveyOptions.DEFAULT));
    assertEquals(seven + ": answers are worded 'Somewhat agree', 'Slightly disagree', which the scale 1..5 does not "
        + "have (it reads strongly disagree, disagree, neither agree nor disagree, agree, strongly agree): give the "
        + "answers' texts lowest first, one per point of the scale, with --labels; line 2: score 'Somewhat agree' of "
        + "item q1 is not an answer on the scale; line 2: score 'Slightly disagree' of item q2 is not an answer on the "
        + "scale", e.getMessage());

    // Other wordings are given lowest first, one per point of the scale.
    Path often = write(dir, "often.csv", "q1,q2\nOften,Always\nnever,Sometimes\n");
    SurveyFile frequency = SurveyFile.read(often, sevenMap,
        new SurveyOptions(0, 4, List.of("Never", "Rarely", "Sometimes", "Often", "Always"), Set.of(), SurveyOptions.Missing.REFUSE));
    assertArrayEquals(new double[][] {{3, 4}, {0, 2}}, frequency.matrix(frequency.allItems()));
    e = assertThrows(IllegalArgumentException.class,
        () -> new SurveyOptions(1, 5, List.of("Never", "Sometimes", "Always"), Set.of(), SurveyOptions.Missing.REFUSE));
    assertEquals("--labels names 3 answers, but the scale 1..5 has 5", e.getMessage());
  }

  /**
   * A Qualtrics export (survey/qualtrics.csv, see its README): two lines of question texts (one over two lines) and
   * import ids under the header, ResponseId as the respondent, answers as SAPA's six labels. It reads as the numbers of
   * the same 12 bfi respondents; the alphas were computed apart from LiveLake, with NumPy, from bfi.csv.
   */
  @Test
  void aQualtricsExportReadsAsTheNumbersItsLabelsStandFor() throws IOException {
    Path dir = TestSpark.newDir("survey-qualtrics");
    Path qualtrics = Path.of("src/test/resources/survey/qualtrics.csv");
    Path mapping = write(dir, "map.csv", "item,construct\nQ1_1,C\nQ1_2,C\nQ1_3,C\nQ1_4,C\nQ1_5,C\n");
    SurveyFile survey = SurveyFile.read(qualtrics, mapping, new SurveyOptions(1, 6, SAPA, Set.of(), SurveyOptions.Missing.REFUSE));
    assertEquals(List.of("a Qualtrics export: lines 2 to 4 (its question texts and import ids) are read as header"),
        survey.notes());
    assertEquals(12, survey.respondents().size());
    assertEquals("R_bfi61617", survey.respondents().get(0));
    assertArrayEquals(new double[][] {{2, 3, 3, 4, 4}, {5, 4, 4, 3, 4}, {4, 5, 4, 2, 5}, {4, 4, 3, 5, 5}, {4, 4, 5, 3, 2},
        {6, 6, 6, 1, 3}, {5, 4, 4, 2, 3}, {3, 2, 4, 2, 4}, {6, 6, 3, 4, 5}, {6, 5, 6, 2, 1}, {4, 3, 5, 3, 2},
        {5, 4, 5, 4, 5}}, survey.matrix(survey.allItems()), "bfi.csv's C1..C5 of respondents 1 to 12");
    assertTrue(survey.unreadColumns().containsAll(List.of("IPAddress", "RecipientEmail", "LocationLatitude")));

    Lake lake = TestSpark.newLake("survey-qualtrics-lake");
    SurveyJob.Surveyed raw = SurveyJob.run(lake, qualtrics, mapping, new SurveyOptions(1, 6, SAPA, Set.of(), SurveyOptions.Missing.REFUSE));
    assertEquals(0.056373, raw.results().get("C").alpha(), 5e-7);
    assertEquals(Map.of("C", List.of("Q1_4", "Q1_5")), raw.againstTheGrain(), "psych's keys of C4 and C5");
    SurveyJob.Surveyed keyed = SurveyJob.run(lake, qualtrics, mapping,
        new SurveyOptions(1, 6, SAPA, Set.of("Q1_4", "Q1_5"), SurveyOptions.Missing.REFUSE));
    assertEquals(0.755081, keyed.results().get("C").alpha(), 5e-7);
  }

  /**
   * A SurveyMonkey export (survey/surveymonkey.csv, see its README) of the same 12 bfi respondents: its second header
   * line names the matrix question's columns by their statements, the respondent is its Respondent ID, and the
   * free-text and contact columns are not read. It reads as bfi.csv's numbers, with qualtrics.csv's alphas.
   */
  @Test
  void aSurveyMonkeyExportNamesAMatrixsColumnsByTheirStatements() throws IOException {
    Path dir = TestSpark.newDir("survey-surveymonkey");
    Path export = Path.of(SURVEYMONKEY);
    Path mapping = statementsMapping(dir);
    SurveyFile survey = SurveyFile.read(export, mapping, new SurveyOptions(1, 6, SAPA, Set.of(), SurveyOptions.Missing.REFUSE));
    assertEquals(List.of("a SurveyMonkey export: line 2 is read as header, a matrix question's columns named by their "
        + "statements"), survey.notes());
    assertEquals(12, survey.respondents().size());
    assertEquals("114761617", survey.respondents().get(0));
    assertEquals(STATEMENTS, survey.allItems());
    assertArrayEquals(BFI_C, survey.matrix(survey.allItems()), "bfi.csv's C1..C5 of respondents 1 to 12");
    assertEquals(List.of("Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name",
        "Custom Data 1", "Which host did you watch?", "Anything else you would like to tell us?"), survey.unreadColumns());

    Lake lake = TestSpark.newLake("survey-surveymonkey-lake");
    SurveyJob.Surveyed keyed = SurveyJob.run(lake, export, mapping,
        new SurveyOptions(1, 6, SAPA, Set.copyOf(STATEMENTS.subList(3, 5)), SurveyOptions.Missing.REFUSE));
    assertEquals(0.755081, keyed.results().get("C").alpha(), 5e-7, "as qualtrics.csv's, computed with NumPy");
  }

  /**
   * Survey tools keep the line breaks of a question's text and of a free-text answer, in quotes over several lines:
   * the SurveyMonkey export above with a line break in its last question and in respondent 1's answer reads the same.
   */
  @Test
  void aQuestionOrAnAnswerOverSeveralLinesIsOneRow() throws IOException {
    Path dir = TestSpark.newDir("survey-line-breaks");
    String export = Files.readString(Path.of(SURVEYMONKEY));
    String question = "Anything else you would like to tell us?";
    String answer = "\"Loved the stream, email me at fan0@example.com\"";
    assertTrue(export.contains(question) && export.contains(answer));
    Path broken = write(dir, "broken.csv", export.replace(question, "\"Anything else\r\nyou would like to tell us?\"")
        .replace(answer, "\"Loved the stream,\r\n\r\nemail me at fan0@example.com\""));
    SurveyFile survey = SurveyFile.read(broken, statementsMapping(dir),
        new SurveyOptions(1, 6, SAPA, Set.of(), SurveyOptions.Missing.REFUSE));
    assertEquals(List.of("a SurveyMonkey export: line 3 is read as header, a matrix question's columns named by their "
        + "statements"), survey.notes());
    assertEquals(12, survey.respondents().size());
    assertArrayEquals(BFI_C, survey.matrix(survey.allItems()), "bfi.csv's C1..C5 of respondents 1 to 12");
    assertEquals("Anything else\nyou would like to tell us?", survey.unreadColumns().get(9));

    // A quote that never closes is refused by its line, the lines after it read as rows.
    Path stray = write(dir, "stray.csv", "respondent,C1\n1,\"4\n2,5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(stray,
        write(dir, "c1.csv", "item,construct\nC1,C\n"), new SurveyOptions(1, 6, List.of(), Set.of(), SurveyOptions.Missing.REFUSE)));
    assertEquals(stray + ": line 2: not CSV: a quoted field is not closed", e.getMessage());
  }

  /**
   * A survey tool's question "Which host did you watch?" as the anchor column: a stage name of silver.dim_sessions
   * reads as its anchor_id in any case, an id as itself; a name two anchors share, or one the lake does not know, is
   * kept as given and named.
   */
  @Test
  void anAnchorColumnMayNameAnchorsByTheirStageName() throws IOException {
    Path dir = TestSpark.newDir("survey-anchor-names");
    Lake lake = TestSpark.newLake("survey-anchor-names-lake");
    lake.ensure(Tables.DIM_SESSIONS);
    java.sql.Timestamp t = java.sql.Timestamp.valueOf("2024-05-01 10:00:00");
    List<Row> sessions = List.of(
        org.apache.spark.sql.RowFactory.create("s1", "anchor-17", "Lily Chen", "douyin", "spring sale", t, t),
        org.apache.spark.sql.RowFactory.create("s2", "anchor-17", "Lily Chen", "douyin", "night sale", t, t),
        org.apache.spark.sql.RowFactory.create("s3", "anchor-4", "Max", "taobao", "gadgets", t, t),
        org.apache.spark.sql.RowFactory.create("s4", "anchor-9", "Max", "kuaishou", "more gadgets", t, t));
    lake.spark().createDataFrame(sessions, Tables.DIM_SESSIONS.schema()).write().format("delta").mode("append")
        .save(lake.path(Tables.DIM_SESSIONS));
    Path forms = write(dir, "responses.csv", """
        Timestamp,Which host did you watch?,q1,q2
        t1,lily  chen,5,4
        t2,Lily Chen,3,3
        t3,anchor-4,2,4
        t4,Max,1,2
        t5,Nobody,4,4
        """);
    Path mapping = write(dir, "map.csv", "item,construct\nq1,trust\nq2,trust\n");
    SurveyOptions options = new SurveyOptions(1, 5, List.of(), Set.of(), SurveyOptions.Missing.REFUSE,
        "Which host did you watch?");
    SurveyJob.Surveyed run = SurveyJob.run(lake, forms, mapping, options);
    assertEquals(List.of("no respondent column: each line is one respondent, named by its line number",
        "anchors given by stage name, read as their anchor_id in silver.dim_sessions: 'Lily Chen' as anchor-17, "
            + "'lily  chen' as anchor-17",
        "warning: anchors silver.dim_sessions has no id or single stage name of, kept as given (their scores join no "
            + "session): 'Max' (the stage name of anchor-4, anchor-9), 'Nobody'"), run.notes());
    Map<String, String> scores = new java.util.TreeMap<>();
    for (Row r : lake.read(Tables.SURVEY_ANCHOR_SCORES).collectAsList()) {
      scores.put(r.getAs("anchor_id"), r.getAs("respondents") + " " + r.getAs("mean_score"));
    }
    // anchor-17: (5 + 4 + 3 + 3) / 4; anchor-4: (2 + 4) / 2.
    assertEquals(Map.of("anchor-17", "2 3.75", "anchor-4", "1 3.0", "Max", "1 1.5", "Nobody", "1 4.0"), scores);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(forms, mapping,
        new SurveyOptions(1, 5, List.of(), Set.of(), SurveyOptions.Missing.REFUSE, "Which anchor?")));
    assertEquals(forms + " line 1: no column 'Which anchor?' (--anchor-column)", e.getMessage());
  }

  @Test
  void theScaleIsTwoIntegersLowToHigh() {
    assertArrayEquals(new int[] {1, 7}, SurveyOptions.scale("1..7"));
    assertArrayEquals(new int[] {0, 10}, SurveyOptions.scale(" 0..10 "));
    for (String bad : List.of("7..1", "1-7", "1..", "a..b", "1..5..7")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurveyOptions.scale(bad));
      assertEquals("--scale must be MIN..MAX with integers MIN below MAX, e.g. 1..7, got '" + bad + "'", e.getMessage());
    }
  }

  private static void assertAlphas(Map<String, Double> expected, SurveyJob.Surveyed got) {
    expected.forEach((c, alpha) -> assertEquals(alpha, got.results().get(c).alpha(), 5e-7, c));
  }
}
