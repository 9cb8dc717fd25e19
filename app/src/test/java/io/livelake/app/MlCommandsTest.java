package io.livelake.app;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    Path headerOnly = Files.writeString(Path.of(lake, "header-only.csv"), "A11,A12,outcome\n");
    CliRun noRows = CliRun.of("--lake", lake, "train", "--input", headerOnly.toString());
    assertEquals(2, noRows.code(), noRows.err());
    assertEquals("livelake: --input " + headerOnly + " holds no rows, so there is nothing to train on",
        noRows.err().strip());

    // Stopped before the split, which would find the held-out rows' outcomes all alike and blame their number.
    Path same = Files.writeString(Path.of(lake, "same-outcome.csv"), "A11,A12,gmv\n" + "1,2,4\n3,4,4\n".repeat(20));
    CliRun sameOutcome = CliRun.of("--lake", lake, "train", "--input", same.toString(), "--outcome", "gmv");
    assertEquals(2, sameOutcome.code(), sameOutcome.err());
    assertEquals("livelake: --input " + same + ": the outcome (gmv) is 4.0 in all 40 rows, so a model cannot tell a better "
        + "one from a worse one", sameOutcome.err().strip());

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

    // Indicators computed on a lake of orders outside live rooms (an online-retail import): no session to use.
    String ordersOnly = TestSpark.newDir("ml-cli-no-sessions").toString();
    new Lake(TestSpark.session(), LakePaths.of(TestSpark.config(Path.of(ordersOnly), Map.of())))
        .ensure(Tables.SESSION_INDICATORS);
    CliRun noSessions = CliRun.of("--lake", ordersOnly, "train");
    assertEquals(2, noSessions.code(), noSessions.err());
    assertEquals("livelake: gold.session_indicators holds no session: silver.events_obt has no event in a live session "
        + "(orders outside live rooms, as an online-retail import makes, have none), so there is nothing to train on",
        noSessions.err().strip());
    CliRun nothingToScore = CliRun.of("--lake", ordersOnly, "score");
    assertEquals(2, nothingToScore.code(), nothingToScore.err());
    assertEquals("livelake: gold.session_indicators holds no session: silver.events_obt has no event in a live session "
        + "(orders outside live rooms, as an online-retail import makes, have none), so there is nothing to score",
        nothingToScore.err().strip());

    CliRun models = CliRun.of("--lake", lake, "models");
    assertEquals(0, models.code(), models.err());
    assertTrue(models.out().startsWith("no models in"), models.out());
  }
}
