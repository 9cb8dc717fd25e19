package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ML commands as users type them: listed, with help, and stopping with one line naming a bad input. */
class MlCommandsTest {
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = LiveLakeCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void everyMlCommandIsListedAndHasHelp() {
    Run help = run("--help");
    for (String c : new String[] {"train", "models", "score", "segments", "recommend"}) {
      assertTrue(help.out().contains("\n  " + c + " "), "--help lists " + c);
      Run sub = run(c, "--help");
      assertEquals(0, sub.code(), c + " --help");
      assertTrue(sub.out().startsWith("Usage: livelake " + c), sub.out());
    }
  }

  @Test
  void badInputsStopWithOneLineNamingThem() throws Exception {
    String lake = TestSpark.newDir("ml-cli").toString();
    TestSpark.session();
    Run missing = run("--lake", lake, "train", "--input", lake + "/nothing.csv");
    assertEquals(2, missing.code(), missing.err());
    assertEquals("livelake: --input " + lake + "/nothing.csv: no such file or directory", missing.err().strip());

    Path csv = Path.of(lake, "survey.csv");
    Files.writeString(csv, "A11,A12,outcome\n1,x,2\n");
    Run bad = run("--lake", lake, "train", "--input", csv.toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("missing columns: n_a13 or a13 or a13_gifts") && bad.err().contains("A12 (string)"),
        bad.err());

    Run hidden = run("--lake", lake, "train", "--hidden", "5,x");
    assertEquals(2, hidden.code(), hidden.err());
    assertTrue(hidden.err().contains("model.hidden.layers"), hidden.err());

    Run noModel = run("--lake", lake, "score");
    assertEquals(2, noModel.code(), noModel.err());
    assertTrue(noModel.err().contains("no trained model"), noModel.err());

    Run models = run("--lake", lake, "models");
    assertEquals(0, models.code(), models.err());
    assertTrue(models.out().startsWith("no models in"), models.out());
  }
}
