package io.livelake.ingestion;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Thread pools for work beside the stream; their threads never keep the JVM alive after it. */
final class Daemons {
  private Daemons() {}

  /** A pool of {@code threads} daemon threads named {@code name}. */
  static ExecutorService pool(String name, int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
