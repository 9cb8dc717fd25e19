package io.livelake.app;

import io.livelake.catalog.LakeLock;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import io.livelake.ml.recommend.LiveRecommendJob;
import io.livelake.spark.LakePaths;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "live-recommend", mixinStandardHelpOptions = true,
    description = "Keep gold.live_recommendations current: per live session and active viewer, the products on show "
        + "ranked by the ALS factors of the last `recommend` run and the viewer's recent clicks, re-ranked for diversity "
        + "(a stream over silver.events_obt; exactly once; restart resumes from <lake>/_checkpoints/"
        + LiveRecommendJob.PIPELINE + ").")
final class LiveRecommendCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--trigger", paramLabel = "DURATION", description = "Micro-batch interval, e.g. 5s (recommendations.live.trigger).")
  String trigger;

  @Option(names = "--window", paramLabel = "DURATION", description = "Live window, e.g. 10m (recommendations.live.window).")
  String window;

  @Option(names = "--top-n", description = "Products per viewer (recommendations.live.top.n).")
  String topN;

  @Option(names = "--available-now", description = "Process the OBT's events committed so far, then stop.")
  boolean availableNow;

  @Override
  public Integer call() throws Exception {
    CommandFlags flags = new CommandFlags()
        .set("--trigger", Settings.LIVE_TRIGGER, trigger)
        .set("--window", Settings.LIVE_WINDOW, window)
        .set("--top-n", Settings.LIVE_TOP_N, topN);
    try (Runtime rt = root.runtime(flags);
        LakeLock held = LakeLock.take(LakePaths.of(rt.config()), LiveRecommendJob.PIPELINE, "livelake live-recommend",
            "live-recommend of lake " + LakePaths.of(rt.config()).root() + " already runs",
            "one process keeps gold.live_recommendations; stop that one first")) {
      AtomicLong events = new AtomicLong();
      StreamingQuery q = LiveRecommendJob.start(rt.lake(), rt.config(), availableNow, b -> {
        events.addAndGet(b.events());
        Console.info(String.format(Locale.ROOT, "live-recommend batch %d: %,d events, %d live sessions touched, %,d list rows "
            + "as of %s%s in %.1f s", b.batchId(), b.events(), b.sessions(), b.rows(), b.asOf().toInstant(),
            b.modelRunId() == null ? " (no ALS factors yet: run livelake recommend; clicks alone rank)" : " (model " + b.modelRunId() + ")",
            b.seconds()));
      });
      Console.info("live-recommend: " + (availableNow ? "the OBT's events so far" : "every "
          + Console.interval(rt.config().getDuration(Settings.LIVE_TRIGGER)) + " until Ctrl-C"));
      if (StopOnExit.await(rt.lake(), q)) {
        Console.out(String.format(Locale.ROOT, "%,d events read", events.get()));
      } else {
        long rows = rt.lake().read(Tables.LIVE_RECOMMENDATIONS).count();
        Console.out(String.format(Locale.ROOT, "%,d events read; gold.live_recommendations holds %,d rows", events.get(), rows));
      }
    }
    return 0;
  }
}
