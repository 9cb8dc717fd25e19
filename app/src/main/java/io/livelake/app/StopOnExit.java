package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.RunningIngestion;
import io.livelake.streaming.QueryProgressLog;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.util.ShutdownHookManager;
import scala.runtime.BoxedUnit;

/**
 * Awaits a streaming query that Ctrl-C stops, keeping its progress reports in ops.query_progress as
 * it goes. The stop runs in Spark's own shutdown sequence, before the hooks that stop the local executor
 * and the SparkContext: with a JVM hook of its own the two raced, and the query's thread died on a
 * stopped RPC environment with a stack trace.
 */
final class StopOnExit {
  private StopOnExit() {}

  /**
   * How often the awaiting thread keeps the reports Spark made since the last time: a commit to
   * ops.query_progress every 30 s of a query's life (an idle query still reports every 10 s).
   */
  static final long PROGRESS_EVERY_MS = 30_000;

  /** How long a Ctrl-C waits for the queries to stop before the Spark session goes anyway. */
  private static final long STOP_WAIT_MINUTES = 5;

  /** Awaits an ingestion and its KPI layer; true when the JVM is exiting (Ctrl-C stopped it): read nothing more. */
  static boolean await(Lake lake, RunningIngestion ingestion) throws Exception {
    return await(ingestion::awaitTermination, ingestion::stop, new IngestionProgress(lake, ingestion));
  }

  /** Awaits a query; true when the JVM is exiting (Ctrl-C stopped it): Spark is going, read nothing more. */
  static boolean await(Lake lake, StreamingQuery query) throws Exception {
    QueryProgressLog progress = QueryProgressLog.of(lake, query);
    return await(query::awaitTermination, query::stop, progress::flush);
  }

  /**
   * Awaits the layers' queries run apart from the ingestion until one of them ends (a failure, which it
   * throws naming the layer) or Ctrl-C stops them; true when the JVM is exiting.
   */
  static boolean await(Lake lake, List<StreamingQuery> layers) throws Exception {
    List<QueryProgressLog> progress = layers.stream().map(q -> QueryProgressLog.of(lake, q)).toList();
    Step stop = () -> {
      for (StreamingQuery q : layers) q.stop();
    };
    try {
      return await(timeoutMs -> lake.spark().streams().awaitAnyTermination(timeoutMs), stop,
          () -> progress.forEach(QueryProgressLog::flush));
    } catch (StreamingQueryException e) {
      stop.run();
      String failed = layers.stream().filter(q -> q.exception().isDefined()).map(StreamingQuery::name)
          .findFirst().orElse("a layer's query");
      throw new IllegalStateException(failed + " stopped: " + e.getMessage(), e);
    }
  }

  /** Awaits the query for at most the given time; true when it has ended. */
  private interface Await {
    boolean await(long timeoutMs) throws Exception;
  }

  /** A step that may throw what Spark throws. */
  private interface Step {
    void run() throws Exception;
  }

  /** Keeps the progress reports of the queries awaited that were not kept yet. */
  private interface Progress {
    void flush();
  }

  /**
   * An ingestion's reports and its layers', whose queries start with a continuous ingestion or once an
   * available-now one has drained; says once if a layer stopped while the ingestion runs on.
   */
  private static final class IngestionProgress implements Progress {
    private final Lake lake;
    private final RunningIngestion ingestion;
    private final QueryProgressLog ingest;
    private final Map<StreamingQuery, QueryProgressLog> layers = new IdentityHashMap<>();
    private boolean warned;

    IngestionProgress(Lake lake, RunningIngestion ingestion) {
      this.lake = lake;
      this.ingestion = ingestion;
      this.ingest = QueryProgressLog.of(lake, ingestion.query());
    }

    @Override
    public void flush() {
      ingest.flush();
      String failure = ingestion.layerFailure();
      if (failure != null && !warned) {
        warned = true;
        Console.info("warning: a layer stopped, its table falls behind until the next start (the ingestion goes on): "
            + failure);
      }
      for (StreamingQuery q : ingestion.layerQueries()) layers.computeIfAbsent(q, k -> QueryProgressLog.of(lake, k)).flush();
    }
  }

  private static boolean await(Await await, Step stop, Progress progress) throws Exception {
    AtomicBoolean exiting = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(1);
    // Before the local executor's own hook (Spark's default priority) stops it: after that no task runs,
    // and a batch or a Delta write in the stop waited for Hadoop's shutdown timeout (30 s).
    Object hook = ShutdownHookManager.addShutdownHook(ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 1, () -> {
      exiting.set(true);
      try {
        stop.run();
        progress.flush();
      } catch (Exception ignored) {
        // Stopping at exit: the checkpoint and the tables are consistent either way.
      } finally {
        stopped.countDown();
      }
      return BoxedUnit.UNIT;
    });
    try {
      while (!await.await(PROGRESS_EVERY_MS)) keep(progress);
    } finally {
      ShutdownHookManager.removeShutdownHook(hook);
      // Also after a failure: the reports up to it tell where it happened.
      if (!exiting.get()) keep(progress);
    }
    // The first query the hook stopped woke this thread, whose caller closes the Spark session next: not
    // before the hook has stopped the others, or their threads end on a stopped RPC environment with a
    // stack trace.
    if (exiting.get()) stopped.await(STOP_WAIT_MINUTES, TimeUnit.MINUTES);
    return exiting.get();
  }

  /** Keeps the new reports; a failure to is said and does not stop the query: it is observability, not data. */
  private static void keep(Progress progress) {
    try {
      progress.flush();
    } catch (RuntimeException e) {
      Console.info("warning: could not append to " + Tables.QUERY_PROGRESS.fullName() + " (the query goes on): "
          + e.getMessage());
    }
  }
}
