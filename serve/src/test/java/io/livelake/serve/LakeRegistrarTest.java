package io.livelake.serve;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which directories the registrar takes for tables, and its SQL literals. */
class LakeRegistrarTest {
  @TempDir Path lake;

  @Test
  void aTableExistsOnceItsLogHasACommitOrACheckpoint() throws Exception {
    Path t = lake.resolve("gold/realtime_kpis");
    assertFalse(LakeRegistrar.hasCommit(t), "no directory");
    Files.createDirectories(t.resolve("_delta_log/_staged_commits"));
    Files.writeString(t.resolve("_delta_log/00000000000000000000.crc"), "");
    assertFalse(LakeRegistrar.hasCommit(t), "a log being created, no commit yet");
    Files.writeString(t.resolve("_delta_log/00000000000000000100.checkpoint.parquet"), "");
    assertTrue(LakeRegistrar.hasCommit(t), "a checkpoint whose commits were cleaned up");
    Path u = lake.resolve("gold/model_metrics");
    Files.createDirectories(u.resolve("_delta_log"));
    Files.writeString(u.resolve("_delta_log/00000000000000000000.json"), "{}");
    assertTrue(LakeRegistrar.hasCommit(u));
  }

  @Test
  void literalsDoubleTheirQuotes() {
    assertEquals("'local:///data/o''brien/lake/gold'", LakeRegistrar.quote("local:///data/o'brien/lake/gold"));
  }
}
