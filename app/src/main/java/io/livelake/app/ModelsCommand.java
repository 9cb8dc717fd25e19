package io.livelake.app;

import io.livelake.ml.model.ModelMetrics;
import io.livelake.ml.registry.ModelMetadata;
import io.livelake.ml.registry.ModelRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List the registered model versions (oldest first) with their input, layers and held-out metrics.")
final class ModelsCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      ModelRegistry registry = ModelRegistry.of(rt.lake());
      List<ModelMetadata> models = registry.list();
      if (models.isEmpty()) {
        Console.out("no models in " + registry.root() + " (train one with `livelake train`)");
        return 0;
      }
      Console.out(String.format(Locale.ROOT, "%-26s %-20s %-10s %6s %8s %8s %8s %9s  %s", "version", "trained at", "layers",
          "seed", "MAE", "RMSE", "R2", "LR R2", "input"));
      for (ModelMetadata m : models) {
        ModelMetrics mlp = m.metrics(ModelMetrics.MLP).orElseThrow();
        String lr = m.metrics(ModelMetrics.LINEAR_REGRESSION).map(x -> String.format(Locale.ROOT, "%.4f", x.r2())).orElse("-");
        String layers = String.join("-", java.util.Arrays.stream(m.layers()).mapToObj(Integer::toString).toList());
        String input = m.input() + (m.inputDeltaVersion() == null ? "" : "@v" + m.inputDeltaVersion());
        Console.out(String.format(Locale.ROOT, "%-26s %-20s %-10s %6d %8.4f %8.4f %8.4f %9s  %s", m.version(),
            m.trainedAt().substring(0, Math.min(19, m.trainedAt().length())), layers, m.seed(), mlp.mae(), mlp.rmse(),
            mlp.r2(), lr, input));
      }
    }
    return 0;
  }
}
