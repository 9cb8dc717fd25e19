package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnfinishedImportsTest {
  @TempDir Path root;

  private static ImportLedger.Digest digest(String file, String sha) { return new ImportLedger.Digest(Path.of(file), 10, sha); }

  private Path staged(String run, String options, List<ImportLedger.Digest> digests) throws Exception {
    Path dir = Files.createDirectories(root.resolve(run));
    UnfinishedImports.record(dir, run, options, digests,
        new Importer.Staged(dir.resolve("events"), null, digests.size(), 41, 40, 3, 2));
    return dir;
  }

  @Test
  void theSameContentsWithTheSameOptionsResumeTheRunThatStagedThem() throws Exception {
    List<ImportLedger.Digest> input = List.of(digest("/in/a.csv", "aa"), digest("/in/b.csv", "bb"));
    staged("20261205-100000-000-rees46", "--format rees46", input);
    Optional<UnfinishedImports.Run> r = UnfinishedImports.resumable(root, "--format rees46",
        List.of(digest("/moved/a.csv", "aa"), digest("/moved/b.csv", "bb")));
    assertEquals("20261205-100000-000-rees46", r.orElseThrow().name());
    assertEquals(new Importer.Staged(root.resolve("20261205-100000-000-rees46/events"), null, 2, 41, 40, 3, 2), r.get().staged());
    assertEquals(List.of("/in/a.csv", "/in/b.csv"), r.get().files());
  }

  @Test
  void anotherInputIsANewRunAndAFinishedRunIsNoLongerResumed() throws Exception {
    Path dir = staged("20261205-100000-000-rees46", "--format rees46", List.of(digest("/in/a.csv", "aa")));
    assertEquals(Optional.empty(), UnfinishedImports.resumable(root, "--format rees46", List.of(digest("/in/c.csv", "cc"))));
    UnfinishedImports.finished(dir);
    assertEquals(Optional.empty(), UnfinishedImports.resumable(root, "--format rees46", List.of(digest("/in/a.csv", "aa"))));
    assertEquals(Optional.empty(), UnfinishedImports.resumable(root.resolve("none"), "--format rees46", List.of()));
  }

  @Test
  void aFileOfAnUnfinishedRunImportedOtherwiseIsRefusedNamingTheRun() throws Exception {
    staged("20261205-100000-000-rees46", "--format rees46", List.of(digest("/in/a.csv", "aa")));
    String refusal = "import: /in/a.csv is part of run 20261205-100000-000-rees46 (--format rees46, files /in/a.csv), "
        + "which stopped before it finished, so some of its events may be in the lake: import that input with those "
        + "options to resume it, or pass --again to import this one anyway (then delete "
        + root.resolve("20261205-100000-000-rees46") + ")";
    assertEquals(refusal, assertThrows(IllegalArgumentException.class, () -> UnfinishedImports.resumable(root,
        "--format rees46 --currency EUR", List.of(digest("/in/a.csv", "aa")))).getMessage());
    assertEquals(refusal, assertThrows(IllegalArgumentException.class, () -> UnfinishedImports.resumable(root,
        "--format rees46", List.of(digest("/in/a.csv", "aa"), digest("/in/b.csv", "bb")))).getMessage());
  }

  /** A run staging in another process: claims the directory in args[0], stages a file there, says so, and waits. */
  public static final class StagingChild {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      UnfinishedImports.Claim claim = UnfinishedImports.claim(dir);
      Files.createDirectories(dir.resolve("events"));
      Files.writeString(dir.resolve("events/a.csv.jsonl"), "{\"user_id\":\"raw-id\"}\n");
      System.out.println("staging");
      System.out.flush();
      Thread.sleep(120_000);
      claim.close();
    }
  }

  @Test
  void aRunKilledWhileStagingIsDeletedByTheNextOneButNotWhileItLives() throws Exception {
    Path dir = root.resolve("20261205-100000-000-rees46");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), StagingChild.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      assertEquals("staging", new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine());
      assertEquals(List.of(), UnfinishedImports.removeAbandoned(root), "its stager is alive");
      assertTrue(Files.exists(dir.resolve("events/a.csv.jsonl")));
    } finally {
      child.destroyForcibly();
    }
    assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "killed with SIGKILL while staging");

    Path kept = staged("20261205-090000-000-rees46", "--format rees46", List.of(digest("/in/k.csv", "kk")));
    Path claimedHere = root.resolve("20261205-110000-000-rees46");
    try (UnfinishedImports.Claim claim = UnfinishedImports.claim(claimedHere)) {
      Files.createDirectories(claimedHere);
      assertEquals(List.of(dir), UnfinishedImports.removeAbandoned(root));
      assertFalse(Files.exists(dir));
      assertFalse(Files.exists(root.resolve("20261205-100000-000-rees46.staging")));
      assertTrue(Files.exists(claimedHere), "a run staging in this process keeps its directory");
      assertTrue(Files.exists(kept.resolve("run.json")), "a staged run is left to resume");
    }
    assertEquals(List.of(), UnfinishedImports.removeAbandoned(root),
        "a directory nobody claims (a finished run's staging kept with --keep-staging) is the user's");
    try (var left = Files.list(root)) {
      assertEquals(List.of(kept, claimedHere), left.sorted().toList());
    }
  }

  @Test
  void aDamagedRunFileIsNamed() throws Exception {
    Path dir = Files.createDirectories(root.resolve("20261205-100000-000-jsonl"));
    Files.writeString(dir.resolve("run.json"), "{\"run\":");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnfinishedImports.resumable(root, "--format jsonl", List.of()));
    assertTrue(e.getMessage().startsWith("import: " + dir.resolve("run.json") + " cannot be read ("), e.getMessage());
  }

  @Test
  void optionsReadAsTheFlagsThatGaveThem() {
    assertEquals("--format taobao-user-behavior --platform tb --unit-price 2.50", new ImportOptions(
        "taobao-user-behavior", "tb", null, null, new java.math.BigDecimal("2.50"), null, null).asFlags());
  }
}
