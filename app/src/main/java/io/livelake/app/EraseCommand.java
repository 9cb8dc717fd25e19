package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.catalog.LakeLock;
import io.livelake.catalog.Tables;
import io.livelake.privacy.Eraser;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.Pseudonymizer;
import io.livelake.spark.LakePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase one person from every table (rows with their pseudonym, raw records carrying it) and record "
        + "the erasure in ops.erasure_log (pseudonym, tables, rows removed per table; never the raw id).")
final class EraseCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Who who;

  static final class Who {
    @Option(names = "--user", paramLabel = "RAW_ID", description = "The person's user id as the platform knows it.")
    String user;

    @Option(names = "--pseudonym", paramLabel = "P", description = "The person's pseudonym as stored in the lake.")
    String pseudonym;
  }

  @Option(names = "--vacuum", description = "Also delete the old data files of every table searched (ends time travel "
      + "to before the erasure). Refused while the lake's ingestion, layers or live recommendations run: VACUUM with no "
      + "retention may delete files a running write has not committed yet.")
  boolean vacuum;

  @Override
  public Integer call() {
    if (who.user != null) Runtime.requireUserId(who.user, "--user");
    if (who.pseudonym != null && !Pseudonymizer.isPseudonym(who.pseudonym)) {
      throw new IllegalArgumentException("--pseudonym " + who.pseudonym + ": not a pseudonym (p and 24 hex digits, as "
          + "the tables' user_id holds it); give the raw id with --user instead");
    }
    try (Runtime rt = root.runtime()) {
      // The lake first: without one, finding the key would create it to keep a demo key.
      Lake lake = rt.existingLake();
      List<LakeLock> writers = vacuum ? holdWriters(lake.paths()) : List.of();
      try {
        erase(rt, lake);
      } finally {
        writers.forEach(LakeLock::close);
      }
    }
    return 0;
  }

  /**
   * Every streaming role of the lake (its layers, each pipeline's ingestion, the live recommendations), held for the
   * erasure's vacuum: with no retention it deletes the files of writes not committed yet, which the write gate's
   * pause of the batches does not cover (the layers' compactions, a checkpoint's files).
   *
   * @throws IllegalArgumentException naming the process that runs one of them
   */
  private static List<LakeLock> holdWriters(LakePaths paths) {
    List<LakeLock> held = new ArrayList<>();
    try {
      for (String role : LakeLock.roles(paths)) {
        held.add(LakeLock.take(paths, role, "livelake erase --vacuum",
            "erase --vacuum: lake " + paths.root() + " is being written (" + role + ")",
            "stop that process first, or erase without --vacuum now and run erase --vacuum once it has stopped"));
      }
      return held;
    } catch (RuntimeException e) {
      held.forEach(LakeLock::close);
      throw e;
    }
  }

  private void erase(Runtime rt, Lake lake) {
    Eraser eraser = new Eraser(lake,
        () -> Console.info("erase: waiting for the lake's running writes (an ingestion's batch, an indicators, segments or "
            + "recommend run) to end; the next ones wait for the erasure"));
    String p = who.pseudonym != null ? who.pseudonym : HmacKeys.pseudonymizer(rt.config()).pseudonym(who.user);
    Console.info("erase: searching every table for " + p + (vacuum ? ", then vacuuming" : ""));
    Eraser.Result r = eraser.erase(p, vacuum);
    if (r.tablesWithRows().isEmpty()) Console.out("erase: no rows of " + p + " in the lake");
    for (String t : r.tablesWithRows()) {
      long n = r.rowsRemoved().get(t);
      Console.out(String.format(Locale.ROOT, "erased %,d row%s from %s%s", n, n == 1 ? "" : "s", t,
          t.equals(Tables.EVENTS_RAW.fullName()) ? " (payload emptied; where it came from kept, so that no recovery "
              + "reads it again)" : ""));
    }
    if (r.vacuumed()) {
      Console.out("vacuumed the old files of " + String.join(", ", r.rowsRemoved().keySet()));
    } else if (!r.tablesWithRows().isEmpty()) {
      Console.out("the deleted rows stay in Delta time travel until VACUUM; run again with --vacuum to remove them now");
    }
    Console.out("recorded as erasure " + r.erasureId() + " in ops.erasure_log: the ingestion keeps out the records of "
        + p + " it receives from now on with an event time before now");
  }
}
