package io.livelake.ml.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Small Spark jobs submitted from several driver threads at once. On small data a job's cost is its
 * scheduling, not its tasks, so independent chains of jobs (the baselines' fits, writes to different
 * tables) overlap their latencies when run side by side.
 */
final class Concurrently {
  private Concurrently() {}

  /** A pool of daemon threads named {@code name}, so a failed run never keeps the JVM alive. */
  static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code tasks} side by side and waits for all of them; the first failure is rethrown as thrown. */
  static void run(String name, List<Runnable> tasks) {
    ExecutorService pool = pool(name, tasks.size());
    try {
      CompletableFuture<?>[] running = tasks.stream().map(t -> CompletableFuture.runAsync(t, pool))
          .toArray(CompletableFuture[]::new);
      for (CompletableFuture<?> f : running) join(f);
    } finally {
      pool.shutdown();
    }
  }

  /** The future's value, its failure rethrown as it was thrown. */
  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }
}
