package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

  @Test
  void aFailingTurnDoesNotEndTheLoop() throws InterruptedException {
    AtomicInteger turns = new AtomicInteger();
    CountDownLatch third = new CountDownLatch(3);
    LoopThread loop = new LoopThread("test-loop", 1, () -> {
      third.countDown();
      // As the shell's first turn did before the kernel registered its handlers.
      if (turns.incrementAndGet() == 1) throw new NullPointerException("handlers is null");
    });
    loop.start();
    assertTrue(third.await(10, TimeUnit.SECONDS), "the loop went on after its failing first turn");
    loop.shutdown();
    loop.join(10_000);
    assertFalse(loop.isAlive());
  }

  @Test
  void theFirstTurnRunsHoweverSoonTheThreadIsScheduled() throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      LoopThread loop = new LoopThread("test-loop-" + i, 1, ran::countDown);
      loop.start();
      assertTrue(ran.await(10, TimeUnit.SECONDS), "start " + i + " ran its first turn");
      loop.shutdown();
      loop.join(10_000);
    }
  }
}
