package io.livelake.app;

import io.livelake.ingestion.dimensions.DimensionLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dimensions", mixinStandardHelpOptions = true,
    description = "Load dimension files (sessions.jsonl, products.jsonl, ad_campaigns.jsonl) into silver.dim_* (upsert).")
final class DimensionsCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--input", required = true, paramLabel = "DIR", description = "Directory with the dimension files.")
  Path input;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      DimensionLoader.load(rt.lake(), input).forEach((t, n) -> Console.out(String.format("%-26s %,d rows", t, n)));
    }
    return 0;
  }
}
