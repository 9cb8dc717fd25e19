package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ML commands as users type them: a bad input stops them with one line naming it. */
class MlCommandsTest {
  @Test
  void badInputsStopWithOneLineNamingThem() throws Exception {
    String lake = TestSpark.newDir("ml-cli").toString();
    TestSpark.session();
    CliRun missing = CliRun.of("--lake", lake, "train", "--input", lake + "/nothing.csv");
    assertEquals(2, missing.code(), missing.err());
    assertEquals("livelake: --input " + lake + "/nothing.csv: no such file or directory", missing.err().strip());

    Path csv = Path.of(lake, "survey.csv");
    Files.writeString(csv, "A11,A12,outcome\n1,x,2\n");
    CliRun bad = CliRun.of("--lake", lake, "train", "--input", csv.toString());
    assertEquals(2, bad.code(), bad.err());
    // A13..A51 have no column: they would be left out; A12 is there but not a number, which stops the run.
    assertEquals("livelake: --input " + csv + ": non-numeric columns: A12 (string, e.g. 'x') (found: A11, A12, outcome)",
        bad.err().strip());

    CliRun hidden = CliRun.of("--lake", lake, "train", "--hidden", "5,x");
    assertEquals(2, hidden.code(), hidden.err());
    assertTrue(hidden.err().contains("model.hidden.units"), hidden.err());

    CliRun noTruth = CliRun.of("--lake", lake, "train", "--truth", lake + "/manifest.json");
    assertEquals(2, noTruth.code(), noTruth.err());
    assertEquals("livelake: --truth " + lake + "/manifest.json: no such file", noTruth.err().strip());
    Path notManifest = Path.of(lake, "not-a-manifest.json");
    Files.writeString(notManifest, "{\"sessions\": 3}");
    CliRun badTruth = CliRun.of("--lake", lake, "train", "--truth", notManifest.toString());
    assertEquals(2, badTruth.code(), badTruth.err());
    assertTrue(badTruth.err().startsWith("livelake: --truth " + notManifest + ": not a simulator manifest"), badTruth.err());

    CliRun noModel = CliRun.of("--lake", lake, "score");
    assertEquals(2, noModel.code(), noModel.err());
    assertTrue(noModel.err().contains("no trained model"), noModel.err());

    CliRun noEvents = CliRun.of("--lake", lake, "live-recommend", "--available-now");
    assertEquals(2, noEvents.code(), noEvents.err());
    assertEquals("livelake: silver.events_obt does not exist yet: ingest events first", noEvents.err().strip());
    CliRun badWindow = CliRun.of("--lake", lake, "live-recommend", "--window", "ten minutes");
    assertEquals(2, badWindow.code(), badWindow.err());
    assertTrue(badWindow.err().startsWith("livelake: recommendations.live.window: expected a duration"), badWindow.err());

    CliRun models = CliRun.of("--lake", lake, "models");
    assertEquals(0, models.code(), models.err());
    assertTrue(models.out().startsWith("no models in"), models.out());
  }
}
