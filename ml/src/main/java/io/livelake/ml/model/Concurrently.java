package io.livelake.ml.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Small Spark jobs submitted from several driver threads at once. A write of a few rows to a Delta
 * table is a chain of small jobs whose cost is their scheduling, not their tasks, so writes to
 * different tables overlap when run side by side.
 */
final class Concurrently {
  private Concurrently() {}

  /** Runs {@code tasks} side by side and waits for all of them; the first failure is rethrown as thrown. */
  static void run(String name, List<Runnable> tasks) {
    // Daemon threads: a failed run never keeps the JVM alive.
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    try {
      CompletableFuture<?>[] running = tasks.stream().map(t -> CompletableFuture.runAsync(t, pool))
          .toArray(CompletableFuture[]::new);
      for (CompletableFuture<?> f : running) {
        try {
          f.join();
        } catch (CompletionException e) {
          if (e.getCause() instanceof RuntimeException r) throw r;
          if (e.getCause() instanceof Error err) throw err;
          throw e;
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}
