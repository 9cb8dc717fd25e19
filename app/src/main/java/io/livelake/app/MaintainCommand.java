package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Maintenance;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Table upkeep for a scheduler (cron, Airflow), safe beside a running ingest: bin-packs small files "
        + "(OPTIMIZE, dataChange=false), checkpoints each Delta log at its newest version, and deletes data files no "
        + "version of the last maintain.vacuum.retention.hours refers to (VACUUM). One line per table: live files "
        + "before -> after, files compacted, version checkpointed, files vacuumed.")
final class MaintainCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--table", paramLabel = "DB.NAME", description = "Only this table (repeatable); default every table of the lake.")
  List<String> only = new ArrayList<>();

  @Option(names = "--retention-hours", paramLabel = "N", description = "VACUUM retention (maintain.vacuum.retention.hours).")
  String retentionHours;

  @Option(names = "--no-vacuum", description = "Compact and checkpoint only.")
  boolean noVacuum;

  @Option(names = "--no-compact", description = "Checkpoint (and vacuum) only.")
  boolean noCompact;

  @Override
  public Integer call() {
    CommandFlags flags = new CommandFlags().set("--retention-hours", Settings.MAINTAIN_RETENTION_HOURS, retentionHours);
    try (Runtime rt = root.runtime(flags)) {
      List<TableDef> tables = chosen();
      Lake lake = rt.existingLake(spark -> List.of());
      Maintenance maintenance = new Maintenance(lake);
      int retention = noVacuum ? -1 : rt.config().getInt(Settings.MAINTAIN_RETENTION_HOURS);
      int done = 0;
      for (TableDef t : tables) {
        done++;
        if (!lake.exists(t)) continue;
        long start = System.nanoTime();
        Console.info(String.format(Locale.ROOT, "maintain: %d/%d %s", done, tables.size(), t.fullName()));
        Maintenance.Outcome o = maintenance.maintain(t, !noCompact, retention);
        Console.out(String.format(Locale.ROOT, "%-28s files %,7d -> %,7d  compacted %,6d into %,4d  checkpoint %8s  "
            + "vacuumed %7s  %5.1fs", t.fullName(), o.filesBefore(), o.filesAfter(), o.compacted().filesRemoved(),
            o.compacted().filesAdded(), o.checkpointed() < 0 ? "-" : "v" + o.checkpointed(),
            o.filesVacuumed() < 0 ? "-" : String.format("%,d", o.filesVacuumed()), (System.nanoTime() - start) / 1e9));
      }
    }
    return 0;
  }

  /** The tables --table names (each must be one of the lake's), or all of them. */
  private List<TableDef> chosen() {
    if (only.isEmpty()) return Tables.all();
    List<TableDef> out = new ArrayList<>();
    for (String name : only) {
      out.add(Tables.all().stream().filter(t -> t.fullName().equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--table " + name + ": no such table (livelake tables lists them)")));
    }
    return out;
  }
}
