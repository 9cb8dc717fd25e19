package io.livelake.app;

import io.livelake.config.ConfigException;
import io.livelake.config.Settings;
import io.livelake.indicators.Indicator;
import io.livelake.ml.model.ModelMetrics;
import io.livelake.ml.model.TrainJob;
import io.livelake.ml.weights.GroundTruthCheck;
import io.livelake.ml.weights.IndicatorImportance;
import io.livelake.ml.weights.IndicatorWeight;
import io.livelake.simulator.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the performance model (paper 001: a 14-5-1 back-propagation network, sigmoid hidden units and a "
        + "linear output, trained on squared error by L-BFGS) on "
        + "gold.session_indicators or --input, beside linear regression, random forest and gradient-boosted trees; "
        + "register it and write gold.model_metrics, gold.training_history and gold.indicator_weights. Indicators the "
        + "data does not support (no value in enough sessions, or the same everywhere) are left out, with the reason.")
final class TrainCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--input", paramLabel = "PATH",
      description = "Train on this table instead (CSV with header, Parquet or Delta): the indicators as n_a11..n_a51 "
          + "(normalized) or A11..A51 (as measured) and an outcome column.")
  String input;

  @Option(names = "--format", description = "Format of --input: csv, parquet or delta (default: from the path).")
  String format;

  @Option(names = "--outcome", defaultValue = "outcome", paramLabel = "COLUMN",
      description = "Outcome column (default ${DEFAULT-VALUE}).")
  String outcome;

  @Option(names = "--seed", description = "Seed of split, network, forests and bootstrap (model.seed).")
  String seed;

  @Option(names = "--grades", description = "Grades a score is labelled with (model.grades).")
  String grades;

  @Option(names = "--hidden", paramLabel = "N", description = "Hidden sigmoid units (model.hidden.units; paper: 5).")
  String hidden;

  @Option(names = "--max-iter", description = "L-BFGS iterations of the final fit (model.max.iter).")
  String maxIter;

  @Option(names = "--restarts", description = "Random starts to choose the network from (model.restarts).")
  String restarts;

  @Option(names = "--decay", description = "Weight decay (model.decay).")
  String decay;

  @Option(names = "--tol", description = "Convergence tolerance; 0 runs all iterations (model.tol).")
  String tol;

  @Option(names = "--test-fraction", description = "Held-out share (model.test.fraction; paper: 0.2).")
  String testFraction;

  @Option(names = "--bootstrap-rounds", description = "Bootstrap resamples of the weight intervals (model.bootstrap.rounds).")
  String bootstrap;

  @Option(names = "--truth", paramLabel = "MANIFEST",
      description = "A simulator manifest.json (generate and demo write one): print the indicators its outcome truly "
          + "depends on beside the ranking the model recovered, with Spearman's rank correlation.")
  Path truth;

  @Override
  public Integer call() throws IOException {
    Map<Indicator, Double> trueShares = truth == null ? Map.of() : trueShares(truth);
    CommandFlags flags = new CommandFlags()
        .set("--seed", Settings.MODEL_SEED, seed)
        .set("--grades", Settings.MODEL_GRADES, grades)
        .set("--hidden", Settings.MODEL_HIDDEN, hidden)
        .set("--max-iter", Settings.MODEL_MAX_ITER, maxIter)
        .set("--restarts", Settings.MODEL_RESTARTS, restarts)
        .set("--decay", Settings.MODEL_DECAY, decay)
        .set("--tol", Settings.MODEL_TOL, tol)
        .set("--test-fraction", Settings.MODEL_TEST_FRACTION, testFraction)
        .set("--bootstrap-rounds", Settings.MODEL_BOOTSTRAP, bootstrap);
    try (Runtime rt = root.runtime(flags)) {
      TrainJob.Input in = input == null ? new TrainJob.Input(null, null, outcome) : new TrainJob.Input(input, format, outcome);
      TrainJob.Trained t = TrainJob.run(rt.lakeByPath(List.of()), rt.config(), in, line -> Console.info("train: " + line));
      Console.out("model " + t.metadata().version() + " (" + t.result().trainRows() + " training, "
          + t.result().testRows() + " held-out rows)");
      // Warnings come first: the table below must not be read without them.
      if (!t.warnings().isEmpty()) {
        Console.out("warnings:");
        t.warnings().forEach(w -> Console.out("  " + w));
      }
      ModelMetrics.CrossValidation anyCv = t.result().metrics().get(0).cv();
      Console.out(String.format(Locale.ROOT, "%-18s %8s %8s %8s %9s%s", "model", "MAE", "RMSE", "R2", "seconds",
          anyCv == null ? "" : String.format(Locale.ROOT, "   %d-fold R2 [95%% interval]", anyCv.folds())));
      for (ModelMetrics m : t.result().metrics()) {
        Console.out(String.format(Locale.ROOT, "%-18s %8.4f %8.4f %8.4f %9.1f%s", m.model(), m.mae(), m.rmse(), m.r2(),
            m.trainSeconds(), m.cv() == null ? "" : String.format(Locale.ROOT, "   %7.4f [%.4f, %.4f]", m.cv().r2(),
                m.cv().r2Low(), m.cv().r2High())));
      }
      int used = t.result().model().indicators().size();
      for (String method : IndicatorImportance.METHODS) {
        Console.out("");
        Console.out("indicator weights (" + method + "), top " + Math.min(5, used) + " of " + used + ":");
        t.result().weights().stream().filter(w -> w.method().equals(method))
            .sorted(java.util.Comparator.comparingInt(IndicatorWeight::rank)).limit(5)
            .forEach(w -> Console.out(String.format(Locale.ROOT, "  %2d  %-4s %-28s %.3f  [%.3f, %.3f]", w.rank(),
                w.indicator().name(), w.indicator().title(), w.weight(), w.ciLow(), w.ciHigh())));
      }
      if (!t.result().leftOut().isEmpty()) {
        Console.out("");
        Console.out("left out (the data does not support them; no weight):");
        t.result().leftOut().forEach(o -> Console.out("  " + o.label() + ": " + o.reason()));
      }
      if (!trueShares.isEmpty()) printTruth(GroundTruthCheck.of(trueShares, t.result().weights()));
    }
    return 0;
  }

  /** The true shares in a simulator manifest, read before training so that a wrong path costs nothing. */
  private static Map<Indicator, Double> trueShares(Path manifest) throws IOException {
    if (!Files.isRegularFile(manifest)) throw new ConfigException("--truth " + manifest + ": no such file");
    Map<Indicator, Double> shares;
    try {
      shares = Manifest.read(manifest).outcomeTruth();
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("--truth " + manifest + ": not a simulator manifest (" + e.getMessage() + ")");
    }
    if (shares.isEmpty()) {
      throw new ConfigException("--truth " + manifest + ": the manifest has no outcome_truth (written by an older simulator)");
    }
    return shares;
  }

  private static void printTruth(List<GroundTruthCheck> checks) {
    List<GroundTruthCheck.Driver> drivers = checks.get(0).drivers();
    Console.out("");
    Console.out("ground truth (the simulator's outcome depends on " + drivers.size() + " indicators) beside the recovered ranks:");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-4s %-30s %6s %5s", "", "", "share", "rank"));
    checks.forEach(c -> head.append(String.format(Locale.ROOT, "  %17s", c.method())));
    Console.out(head.toString());
    for (GroundTruthCheck.Driver d : drivers) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-4s %-30s %6.3f %5d", d.indicator().name(),
          d.indicator().title(), d.trueShare(), d.trueRank()));
      for (GroundTruthCheck c : checks) {
        GroundTruthCheck.Driver mine = c.drivers().stream().filter(x -> x.indicator() == d.indicator()).findFirst().orElseThrow();
        line.append(mine.recovered().map(w -> String.format(Locale.ROOT, "  %8d (%.3f)", w.rank(), w.weight()))
            .orElse(String.format(Locale.ROOT, "  %17s", "left out")));
      }
      Console.out(line.toString());
    }
    for (GroundTruthCheck c : checks) {
      Console.out(String.format(Locale.ROOT, "  %s: Spearman %.2f over the drivers; %d of the %d drivers in its top %d",
          c.method(), c.spearman(), c.inTop(), drivers.size(), drivers.size()));
    }
  }
}
