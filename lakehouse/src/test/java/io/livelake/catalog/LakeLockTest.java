package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LakeLockTest {
  private static final String WHAT = "the layers of lake L already run";

  @Test
  void aRoleIsOneHoldersUntilItIsGivenUp() {
    LakePaths lake = LakePaths.of(TestSpark.config(TestSpark.newDir("lock-same-jvm")));
    try (LakeLock first = LakeLock.take(lake, "layers", "the first holder", WHAT, "stop it")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LakeLock.take(lake, "layers", "the second", WHAT, "stop it"));
      assertTrue(e.getMessage().matches("the layers of lake L already run in this process \\(pid "
          + ProcessHandle.current().pid() + ": the first holder, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\): stop it"),
          e.getMessage());
      // Another role is another lock.
      LakeLock.take(lake, "ingest-files", "an ingestion", "pipeline files is already being ingested", "wait").close();
      WriteGate.batch(lake).close();
      assertEquals(java.util.List.of("ingest-files", "layers"), LakeLock.roles(lake),
          "every role taken, held or not; the write gate's file is none");
    }
    LakeLock.take(lake, "layers", "the second", WHAT, "stop it").close();
  }

  @Test
  void aLockFileIsTriedWithoutWaitingAndHeldByOneTakerAtATime() throws Exception {
    java.nio.file.Path file = TestSpark.newDir("lock-file").resolve("claims/run.staging");
    java.util.Optional<LakeLock> first = LakeLock.tryTake(file, "a run staging");
    assertTrue(first.isPresent());
    assertTrue(java.nio.file.Files.readString(file).startsWith("pid " + ProcessHandle.current().pid() + ": a run staging, since "));
    // Held in this process: refused without opening the file, whose closing would let the process's lock go.
    assertEquals(java.util.Optional.empty(), LakeLock.tryTake(file, "a cleanup"));
    first.get().close();
    java.util.Optional<LakeLock> second = LakeLock.tryTake(file, "a cleanup");
    assertTrue(second.isPresent(), "free once given up");
    second.get().close();
  }

  @Test
  void aKilledHoldersRoleIsFreeAtOnce() throws Exception {
    Path dir = TestSpark.newDir("lock-killed");
    LakePaths lake = LakePaths.of(TestSpark.config(dir));
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), lake.root())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("held", out.readLine(), "the child took the lock");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LakeLock.take(lake, "layers", "this test", WHAT, "stop it"));
      assertTrue(e.getMessage().startsWith(WHAT + " in another process (pid " + holder.pid() + ": a child JVM, since "),
          e.getMessage());
      assertTrue(holder.isAlive(), "the holder was running when it was killed");
      holder.destroyForcibly();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, holder.exitValue(), "killed by SIGKILL, with no chance to give the lock up");
    } finally {
      holder.destroyForcibly();
    }
    try (LakeLock taken = LakeLock.take(lake, "layers", "this test", WHAT, "stop it")) {
      assertTrue(Files.readString(dir.resolve("_locks/layers.lock")).contains(": this test, since "),
          "the new holder's line replaced the killed one's");
    }
    assertEquals("", Files.readString(dir.resolve("_locks/layers.lock")), "given up: nobody's line is left");
  }

  @Test
  void aLakeOutsideTheLocalFileSystemTakesNoLock() {
    LakePaths remote = new LakePaths("hdfs://namenode:8020/lake");
    try (LakeLock first = LakeLock.take(remote, "layers", "one", WHAT, "stop it");
        LakeLock second = LakeLock.take(remote, "layers", "two", WHAT, "stop it")) {
      assertNotSame(first, second);
      assertEquals(java.util.List.of(), LakeLock.roles(remote));
    }
  }

  /** A JVM that takes the layers' lock of the lake whose root is its argument, says so and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      LakeLock.take(new LakePaths(args[0]), "layers", "a child JVM", WHAT, "stop it");
      System.out.println("held");
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }
}
