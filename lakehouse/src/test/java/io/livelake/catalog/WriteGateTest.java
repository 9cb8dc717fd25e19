package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteGateTest {

  @Test
  void anErasureWaitsForAnotherProcesssBatchAndItsNextBatchWaitsForTheErasure() throws Exception {
    LakePaths lake = LakePaths.of(TestSpark.config(TestSpark.newDir("gate-processes")));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Batches.class.getName(), lake.root())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("batch 1 in", out.readLine(), "the child's first batch holds the gate");
      AtomicInteger waits = new AtomicInteger();
      long asked = System.nanoTime();
      try (WriteGate.Pass alone = WriteGate.alone(lake, waits::incrementAndGet)) {
        long waitedMs = (System.nanoTime() - asked) / 1_000_000;
        assertEquals("batch 1 out", out.readLine(), "the erasure got the gate only once the batch had left it");
        assertEquals(1, waits.get(), "it said once that it waits");
        assertTrue(waitedMs >= 1_000, "the child's batch holds the gate 1.5 s: waited " + waitedMs + " ms");
        Thread.sleep(1_000);
        assertFalse(out.ready(), "the child's next batch waits for the erasure");
      }
      assertEquals("batch 2 in", out.readLine(), "and passes once it is over");
      assertEquals("batch 2 out", out.readLine());
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void withinOneProcessBatchesPassTogetherAndAnErasureAlone() throws Exception {
    LakePaths lake = LakePaths.of(TestSpark.config(TestSpark.newDir("gate-threads")));
    WriteGate.Pass first = WriteGate.batch(lake);
    CountDownLatch secondIn = new CountDownLatch(1);
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
      try (WriteGate.Pass pass = WriteGate.batch(lake)) {
        secondIn.countDown();
      }
    });
    assertTrue(secondIn.await(10, TimeUnit.SECONDS), "two batches (two pipelines) pass together");
    second.get(10, TimeUnit.SECONDS);
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Void> erasure = CompletableFuture.runAsync(() -> WriteGate.alone(lake, waiting::countDown).close());
    assertTrue(waiting.await(10, TimeUnit.SECONDS), "the erasure waits for the batch inside");
    assertFalse(erasure.isDone());
    first.close();
    first.close();  // twice: nothing more
    erasure.get(10, TimeUnit.SECONDS);
    WriteGate.batch(lake).close();
  }

  /** A JVM with two batches through the gate of the lake whose root is its argument, each 1.5 s, saying when. */
  public static final class Batches {
    public static void main(String[] args) throws Exception {
      LakePaths lake = new LakePaths(args[0]);
      for (int b = 1; b <= 2; b++) {
        try (WriteGate.Pass pass = WriteGate.batch(lake)) {
          System.out.println("batch " + b + " in");
          Thread.sleep(1_500);
          System.out.println("batch " + b + " out");
        }
        Thread.sleep(20);  // a stream's next batch follows closely: the turnstile lets the erasure in anyway
      }
    }
  }
}
