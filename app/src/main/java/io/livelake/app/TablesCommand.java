package io.livelake.app;

import io.livelake.catalog.DeltaLogCounts;
import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = "List the lake's tables with their row counts and what they hold (- for a table not made yet). "
        + "A lake root that does not exist or is a file stops with one line naming it (exit code 2).")
final class TablesCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      // Tables are found and counted at their paths: no catalog names needed (registering reads every log).
      Lake lake = rt.existingLake(spark -> List.of());
      boolean verbose = rt.config().getBoolean(Settings.LOG_VERBOSE);
      for (TableDef t : Tables.all()) {
        String rows = lake.exists(t) ? String.format("%,d", rows(lake, t, verbose)) : "-";
        Console.out(String.format("%-28s %14s  %s", t.fullName(), rows, t.comment()));
      }
    }
    return 0;
  }

  /**
   * The table's rows from its Delta log (milliseconds), or from Spark's count (a second or more: state
   * reconstruction and a job) where the log holds what the log reader does not read.
   */
  private static long rows(Lake lake, TableDef t, boolean verbose) {
    try {
      return lake.rowsFromLog(t);
    } catch (DeltaLogCounts.Unreadable e) {
      if (verbose) Console.info("tables: " + t.fullName() + " counted by Spark: " + e.getMessage());
      return lake.read(t).count();
    }
  }
}
