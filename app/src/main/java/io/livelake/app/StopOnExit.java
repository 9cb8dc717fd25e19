package io.livelake.app;

import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * Awaits a streaming query that Ctrl-C stops. The stop runs in Spark's own shutdown sequence, before
 * the hook that stops the SparkContext: with a JVM hook of its own the two raced, and the query's
 * thread died on a stopped RPC environment with a stack trace.
 */
final class StopOnExit {
  private StopOnExit() {}

  /** A step that may throw what Spark throws. */
  interface Step {
    void run() throws Exception;
  }

  /** Awaits the query; true when the JVM is exiting (Ctrl-C stopped it): Spark is going, read nothing more. */
  static boolean await(Step await, Step stop) throws Exception {
    java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
    Object hook = ShutdownHookManager.addShutdownHook(ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 1, () -> {
      exiting.set(true);
      try {
        stop.run();
      } catch (Exception ignored) {
        // Stopping at exit: the checkpoint and the tables are consistent either way.
      }
      return BoxedUnit.UNIT;
    });
    try {
      await.run();
    } finally {
      ShutdownHookManager.removeShutdownHook(hook);
    }
    return exiting.get();
  }
}
