package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.config.LiveLakeConfig;
import io.livelake.config.Settings;
import io.livelake.ingestion.IngestionJob;
import io.livelake.spark.LakePaths;
import io.livelake.streaming.QueryProgressLog;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "layers", mixinStandardHelpOptions = true,
    description = "Run the layers' queries (retractions, KPI windows, table upkeep) in a process of their own, for an "
        + "ingestion that runs with ingest.layers = apart: on another machine, or beside it at a lower priority "
        + "(nice), where its batches go first. Each resumes from its checkpoint under "
        + "<lake>/_checkpoints; until Ctrl-C, or --available-now to catch up with the lake and stop.")
final class LayersCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--available-now", description = "Catch each layer up with what the tables hold now, then stop.")
  boolean availableNow;

  @Override
  public Integer call() throws Exception {
    try (Runtime rt = root.runtime();
        LakeLock held = IngestionJob.holdLayers(LakePaths.of(rt.config()), "livelake layers",
            "stop that process first (an ingestion runs its layers beside it unless ingest.layers = apart)")) {
      Lake lake = rt.lake();
      LiveLakeConfig config = rt.config();
      long started = System.nanoTime();
      if (availableNow) {
        for (Supplier<StreamingQuery> catchUp : IngestionJob.layerCatchUps(lake, config, IngestCommand.Totals::layer)) {
          QueryProgressLog.of(lake, catchUp.get()).flush();
        }
        Console.out(String.format(Locale.ROOT, "layers caught up with the lake (%.1f s)",
            (System.nanoTime() - started) / 1e9));
        return 0;
      }
      List<StreamingQuery> layers = IngestionJob.startLayers(lake, config, IngestCommand.Totals::layer);
      Console.info("layers: retractions every " + Console.interval(config.getDuration(Settings.INGEST_RETRACTION_INTERVAL))
          + ", KPI windows every " + Console.interval(config.getDuration(Settings.INGEST_KPI_INTERVAL))
          + ", table upkeep every " + Console.interval(config.getDuration(Settings.INGEST_UPKEEP_INTERVAL))
          + ", until Ctrl-C");
      StopOnExit.await(lake, layers);
    }
    return 0;
  }
}
