package io.livelake.app;

import io.livelake.config.Settings;
import io.livelake.ml.segments.SegmentJob;
import io.livelake.ml.segments.SegmentProfile;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "segments", mixinStandardHelpOptions = true,
    description = "Segment users with k-means on their behaviour in silver.events_obt (paper 000), k chosen by silhouette; "
        + "writes gold.user_segments and gold.segment_profiles.")
final class SegmentsCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--k", paramLabel = "RANGE", description = "Candidate k, e.g. 2..8 or 3,4,5 (segments.k.range).")
  String k;

  @Option(names = "--seed", description = "Seed of k-means (model.seed).")
  String seed;

  @Override
  public Integer call() {
    CommandFlags flags = new CommandFlags()
        .set("--k", Settings.SEGMENTS_K_RANGE, k)
        .set("--seed", Settings.MODEL_SEED, seed);
    try (Runtime rt = root.runtime(flags)) {
      SegmentJob.Segmented s = SegmentJob.run(rt.lake(), rt.config(), line -> Console.info("segments: " + line));
      Console.out(String.format(Locale.ROOT, "run %s: k = %d (silhouette %.3f)", s.runId(), s.segmentation().k(),
          s.segmentation().silhouettes().get(s.segmentation().k())));
      Console.out(String.format(Locale.ROOT, "%-7s %8s %6s %9s %12s %9s %11s %8s  %s", "segment", "users", "share",
          "watch min", "interactions", "purchases", "value", "recency", "profile"));
      for (SegmentProfile p : s.segmentation().profiles()) {
        Console.out(String.format(Locale.ROOT, "%-7d %,8d %5.1f%% %9.1f %12.1f %9.2f %,11.2f %7.1fd  %s", p.segment(),
            p.users(), 100 * p.share(), p.watchMinutes(), p.interactions(), p.purchases(), p.purchaseValue(),
            p.recencyDays(), p.description()));
      }
    }
    return 0;
  }
}
