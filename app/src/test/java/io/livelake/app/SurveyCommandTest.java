package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** survey as a researcher types it on a public questionnaire: psych's bfi, a 6-point scale with missing answers. */
class SurveyCommandTest {
  /** The fixture the survey module's tests read (its README names the source). */
  private static final Path BFI = Path.of("..", "lakehouse", "src", "test", "resources", "survey", "bfi.csv");

  @Test
  void theBigFiveInventoryNamesItsReverseKeyedItemsAndReadsThemReversed() throws Exception {
    Path dir = TestSpark.newDir("survey-cli");
    TestSpark.session();
    StringBuilder map = new StringBuilder("item,construct\n");
    for (String c : List.of("A", "C", "E", "N", "O")) {
      for (int i = 1; i <= 5; i++) map.append(c).append(i).append(',').append(c).append('\n');
    }
    Path mapping = Files.writeString(dir.resolve("mapping.csv"), map.toString());
    String[] common = {"--lake", dir.toString(), "survey", "--input", BFI.toString(), "--mapping", mapping.toString(),
        "--scale", "1..6", "--missing", "listwise"};

    CliRun raw = CliRun.of(common);
    assertEquals(0, raw.code(), raw.err());
    assertEquals(Map.of("A", "0.473", "C", "-0.180", "E", "-0.652", "N", "0.796", "O", "-0.369", "overall", "0.456"),
        alphas(raw.out()));
    List<String> err = raw.err().lines().toList();
    assertTrue(err.contains("survey: columns not read (not items of the mapping): X, gender, education, age"), raw.err());
    assertTrue(err.contains("survey: left out 8 respondents with a missing answer (--missing listwise)"), raw.err());
    assertEquals("survey: warning: A1 in A; C4, C5 in C; E1, E2 in E; O2, O5 in O run against the other items of their "
        + "construct (the sign of their loading on its first principal component), as reverse-keyed items do, which "
        + "lowers alpha; if they are, import again with --reverse-keyed A1,C4,C5,E1,E2,O2,O5", err.get(err.size() - 1));

    String[] keyedArgs = java.util.Arrays.copyOf(common, common.length + 2);
    keyedArgs[common.length] = "--reverse-keyed";
    keyedArgs[common.length + 1] = "A1,C4,C5,E1,E2,O2,O5";
    CliRun keyed = CliRun.of(keyedArgs);
    assertEquals(0, keyed.code(), keyed.err());
    assertEquals(Map.of("A", "0.634", "C", "0.742", "E", "0.786", "N", "0.796", "O", "0.610", "overall", "0.702"),
        alphas(keyed.out()));
    assertFalse(keyed.err().contains("warning"), keyed.err());

    keyedArgs[common.length - 1] = "pairwise";
    CliRun pairwise = CliRun.of(keyedArgs);
    assertEquals(0, pairwise.code(), pairwise.err());
    assertEquals(Map.of("A", "0.628", "C", "0.725", "E", "0.792", "N", "0.798", "O", "0.605", "overall", "0.714"),
        alphas(pairwise.out()), "psych's alpha with its default pairwise deletion, as NumPy computes it");
    assertTrue(pairwise.err().lines().toList().contains("survey: 9 of 2500 answers are missing: each pair of items is "
        + "taken over the respondents who answered both (--missing pairwise)"), pairwise.err());

    CliRun policy = CliRun.of("--lake", dir.toString(), "survey", "--input", BFI.toString(), "--missing", "mean");
    assertEquals(2, policy.code(), policy.err());
    assertEquals("livelake: --missing must be refuse, listwise or pairwise, got 'mean'", policy.err().strip());

    CliRun scale = CliRun.of("--lake", dir.toString(), "survey", "--input", BFI.toString(), "--scale", "6..1");
    assertEquals(2, scale.code(), scale.err());
    assertEquals("livelake: --scale must be MIN..MAX with integers MIN below MAX, e.g. 1..7, got '6..1'", scale.err().strip());
  }

  /**
   * Items named by a survey tool's statements, which have spaces, apostrophes and commas: the warning's --reverse-keyed
   * argument, pasted into a shell, names them, and an item in double quotes may have a comma.
   */
  @Test
  void theReverseKeyedArgumentTheWarningSuggestsNamesStatementsWithCommas() throws Exception {
    Path dir = TestSpark.newDir("survey-cli-statements");
    TestSpark.session();
    Path export = Files.writeString(dir.resolve("export.csv"), Files.readString(BFI.resolveSibling("surveymonkey.csv"))
        .replace("Do things in a half-way manner.", "\"Don't finish, half-way.\"").replace("Waste my time.", "\"Waste time, mostly.\""));
    Path mapping = Files.writeString(dir.resolve("mapping.csv"), "item,construct\nAm exacting in my work.,C\n"
        + "Continue until everything is perfect.,C\nDo things according to a plan.,C\n\"Don't finish, half-way.\",C\n"
        + "\"Waste time, mostly.\",C\n");
    String[] common = {"--lake", dir.toString(), "survey", "--input", export.toString(), "--mapping", mapping.toString(),
        "--scale", "1..6", "--labels", "Very Inaccurate,Moderately Inaccurate,Slightly Inaccurate,Slightly Accurate,"
        + "Moderately Accurate,Very Accurate"};
    CliRun raw = CliRun.of(common);
    assertEquals(0, raw.code(), raw.err());
    List<String> err = raw.err().lines().toList();
    assertTrue(err.get(err.size() - 1).endsWith("import again with --reverse-keyed "
        + "'\"Don'\\''t finish, half-way.\",\"Waste time, mostly.\"'"), raw.err());

    String[] keyedArgs = java.util.Arrays.copyOf(common, common.length + 2);
    keyedArgs[common.length] = "--reverse-keyed";
    keyedArgs[common.length + 1] = "\"Don't finish, half-way.\",\"Waste time, mostly.\"";
    CliRun keyed = CliRun.of(keyedArgs);
    assertEquals(0, keyed.code(), keyed.err());
    assertEquals(Map.of("C", "0.755", "overall", "0.755"), alphas(keyed.out()), "as survey/qualtrics.csv's keyed C");
  }

  /** Each construct's alpha column of the command's table. */
  private static Map<String, String> alphas(String out) {
    Map<String, String> alphas = new LinkedHashMap<>();
    for (String line : out.lines().skip(1).toList()) {
      String[] f = line.trim().split("\\s+");
      alphas.put(f[0], f[3]);
    }
    return alphas;
  }
}
