package io.livelake.app;

import io.livelake.catalog.Tables;
import io.livelake.privacy.Eraser;
import io.livelake.privacy.HmacKeys;
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
      + "to before the erasure; stop ingestion first, VACUUM with no retention may delete files a running write has not committed yet).")
  boolean vacuum;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      // The lake first: without one, finding the key would create it to keep a demo key.
      Eraser eraser = new Eraser(rt.existingLake(),
          () -> Console.info("erase: waiting for the running batch of an ingestion of this lake to end; its next batch waits for the erasure"));
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
    return 0;
  }
}
