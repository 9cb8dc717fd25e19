package io.livelake.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LakeSessionsTest {
  @Test
  void backgroundWorkOutlivesTheCancelledJobGroupOfTheThreadThatStartedIt() throws Exception {
    SparkSession spark = TestSpark.session();
    SparkContext sc = spark.sparkContext();
    CountDownLatch started = new CountDownLatch(2);
    SparkListener listener = new SparkListener() {
      @Override public void onJobStart(SparkListenerJobStart e) { started.countDown(); }
    };
    sc.addSparkListener(listener);
    // As a streaming query's thread: its job group is inherited by the threads it creates.
    sc.setJobGroup("a-stream", "a streaming query", true);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Long> inherited = CompletableFuture.supplyAsync(() -> slowCount(spark), threads);
      CompletableFuture<Long> background = CompletableFuture.supplyAsync(() -> {
        LakeSessions.inBackground(spark);
        return slowCount(spark);
      }, threads);
      assertTrue(started.await(60, TimeUnit.SECONDS), "both jobs started");
      sc.cancelJobGroup("a-stream");

      Exception e = assertThrows(Exception.class, () -> inherited.get(60, TimeUnit.SECONDS));
      assertTrue(String.valueOf(e.getCause()).contains("cancelled"), String.valueOf(e.getCause()));
      assertEquals(4L, background.get(60, TimeUnit.SECONDS), "the background job ran to its end");
    } finally {
      sc.clearJobGroup();
      sc.removeSparkListener(listener);
      threads.shutdown();
    }
  }

  /** A job of four rows that takes about two seconds. */
  private static long slowCount(SparkSession spark) {
    return spark.range(0, 4, 1, 2).filter((org.apache.spark.api.java.function.FilterFunction<Long>) x -> {
      Thread.sleep(1_000);
      return true;
    }).count();
  }
}
