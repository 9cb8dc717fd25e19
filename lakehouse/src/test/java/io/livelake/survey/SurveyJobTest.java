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

  private static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void longLayoutWritesReliabilityPerConstructAndOverallAndAnchorMeans() throws IOException {
    Path dir = TestSpark.newDir("survey-long");
    Lake lake = TestSpark.newLake("survey-lake");
    SurveyJob.run(lake, write(dir, "survey.csv", longCsv()), null);
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
    SurveyFile wide = SurveyFile.read(write(dir, "wide.csv", wideCsv()), mapping);
    SurveyFile longer = SurveyFile.read(write(dir, "long.csv", longCsv()), null);
    assertEquals(longer.itemsByConstruct(), wide.itemsByConstruct());
    assertArrayEquals(longer.matrix(longer.allItems()), wide.matrix(wide.allItems()));
    assertArrayEquals(ReliabilityTest.SCORES, wide.matrix(wide.allItems()));
  }

  @Test
  void badRowsAreReportedWithTheirLineNumbers() throws IOException {
    Path dir = TestSpark.newDir("survey-bad");
    String bad = "respondent,construct,item,score\nr1,A1,q1,4\nr1,A1,q2,6\nr2,A1,q1,x\nr2,A1,q2,3\nr3,A1,q1\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(write(dir, "bad.csv", bad), null));
    assertTrue(e.getMessage().contains("line 3: score '6' of item q2 is not an integer from 1 to 5"), e.getMessage());
    assertTrue(e.getMessage().contains("line 4: score 'x' of item q1"), e.getMessage());
    assertTrue(e.getMessage().contains("line 6: expected 4 fields, found 3"), e.getMessage());

    String missing = "respondent,construct,item,score\nr1,A1,q1,4\nr1,A1,q2,3\nr2,A1,q1,2\n";
    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(write(dir, "missing.csv", missing), null));
    assertTrue(e.getMessage().contains("respondent r2 has no score for item q2 (construct A1)"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(write(dir, "wide.csv", "id,q1\n1,2\n"), null));
    assertTrue(e.getMessage().contains("line 1: no column 'respondent'"), e.getMessage());

    Path mapping = write(dir, "map.csv", "item,construct\nq1,A1\nq9,A1\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> SurveyFile.read(write(dir, "w.csv", "respondent,q1,q2\nr1,3,4\n"), mapping));
    assertTrue(e.getMessage().contains("column q2 is not an item of the mapping file"), e.getMessage());
    assertTrue(e.getMessage().contains("item q9 of the mapping file has no column"), e.getMessage());

    // Saved by a spreadsheet as plain CSV, "José" is one byte 0xE9: it said "cannot be read (Input length = 1)".
    Path latin1 = Files.write(dir.resolve("latin1.csv"), "respondent,construct,item,score\nJos\u00e9,A1,q1,4\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    e = assertThrows(IllegalArgumentException.class, () -> SurveyFile.read(latin1, null));
    assertEquals("--input " + latin1 + ": not UTF-8 text; save it as CSV UTF-8", e.getMessage());
  }
}
