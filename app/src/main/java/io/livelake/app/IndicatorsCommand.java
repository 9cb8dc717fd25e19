package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import io.livelake.indicators.IndicatorsJob;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "indicators", mixinStandardHelpOptions = true,
    description = "Compute the 14 indicators per live session (gold.session_indicators), the daily rollups, user "
        + "stickiness, retention cohorts and gold.data_quality from silver.events_obt. Incremental: only sessions "
        + "touched by OBT changes since the last run are recomputed; running it again with nothing new changes nothing.")
final class IndicatorsCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--full", description = "Rebuild from the whole OBT instead of reading its changes (rows that come out "
      + "the same are still left untouched).")
  boolean full;

  @Option(names = "--outcome-days", paramLabel = "N",
      description = "Days after a session that count toward its outcome (indicators.outcome.days).")
  String outcomeDays;

  @Option(names = "--outcome-table", paramLabel = "PATH|TABLE",
      description = "External outcome with session_id and outcome columns: Delta dir, .csv, .parquet or table name "
          + "(indicators.outcome.table).")
  String outcomeTable;

  @Override
  public Integer call() {
    CommandFlags flags = new CommandFlags()
        .set("--outcome-days", Settings.OUTCOME_DAYS, outcomeDays)
        .set("--outcome-table", Settings.OUTCOME_TABLE, outcomeTable);
    try (Runtime rt = root.runtime(flags)) {
      long t0 = System.nanoTime();
      String outcomeName = rt.config().getString(Settings.OUTCOME_TABLE).trim();
      Lake lake = rt.lakeByPath(Tables.all().stream().filter(t -> t.fullName().equalsIgnoreCase(outcomeName)).toList());
      IndicatorsJob.Result r = IndicatorsJob.run(lake, rt.config(), full,
          stage -> Console.info(String.format(Locale.ROOT, "%6.1fs  %s", (System.nanoTime() - t0) / 1e9, stage)));
      Console.out(r.summary());
      r.findings().forEach(Console::out);
    }
    return 0;
  }
}
