package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
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
      Lake lake = rt.existingLake();
      for (TableDef t : Tables.all()) {
        String rows = lake.exists(t) ? String.format("%,d", lake.read(t).count()) : "-";
        Console.out(String.format("%-28s %14s  %s", t.fullName(), rows, t.comment()));
      }
    }
    return 0;
  }
}
