package io.livelake.app;

import io.livelake.config.Settings;
import io.livelake.ml.recommend.ListMetrics;
import io.livelake.ml.recommend.RecommendJob;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "recommend", mixinStandardHelpOptions = true,
    description = "Recommend products per user with ALS on implicit feedback (paper 004) and a diversity-aware "
        + "re-ranking against the information cocoon (paper 002); writes gold.recommendations and gold.recommendation_metrics.")
final class RecommendCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--top-n", description = "Products per user (recommendations.top.n).")
  String topN;

  @Option(names = "--lambda", description = "MMR trade-off, 1 = pure relevance (recommendations.diversity.lambda).")
  String lambda;

  @Option(names = "--max-precision-drop", description = "Allowed precision@N loss of the re-ranking (recommendations.max.precision.drop).")
  String maxDrop;

  @Option(names = "--seed", description = "Seed of ALS (model.seed).")
  String seed;

  @Override
  public Integer call() {
    CommandFlags flags = new CommandFlags()
        .set("--top-n", Settings.RECS_TOP_N, topN)
        .set("--lambda", Settings.RECS_DIVERSITY, lambda)
        .set("--max-precision-drop", Settings.RECS_MAX_PRECISION_DROP, maxDrop)
        .set("--seed", Settings.MODEL_SEED, seed);
    try (Runtime rt = root.runtime(flags)) {
      RecommendJob.Recommended r = RecommendJob.run(rt.lake(), rt.config(), line -> Console.info("recommend: " + line));
      Console.out(String.format(Locale.ROOT, "run %s: lists for %,d users in gold.recommendations", r.runId(), r.users()));
      if (r.metrics().isEmpty()) {
        Console.out("no evaluation: every user's history is their last order, which the evaluation holds out");
        return 0;
      }
      Console.out(String.format(Locale.ROOT, "%-6s %12s %14s %10s %10s", "method", "precision@N", "intra-list div",
          "coverage", "drop"));
      for (ListMetrics m : r.metrics()) {
        Console.out(String.format(Locale.ROOT, "%-6s %12.4f %14s %10.4f %10.4f%s", m.method(), m.precision(),
            m.diversity() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", m.diversity()), m.coverage(),
            m.precisionDrop(), m.withinBound() ? "" : "  (above the allowed drop)"));
      }
      ListMetrics mmr = r.metrics().get(r.metrics().size() - 1);
      if (!mmr.withinBound()) {
        Console.info(String.format(Locale.ROOT, "recommend: the re-ranking costs %.4f precision@N, more than "
            + "recommendations.max.precision.drop = %.4f: raise recommendations.diversity.lambda",
            mmr.precisionDrop(), rt.config().getDouble(Settings.RECS_MAX_PRECISION_DROP)));
      }
    }
    return 0;
  }
}
