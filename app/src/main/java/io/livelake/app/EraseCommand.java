package io.livelake.app;

import io.livelake.privacy.Eraser;
import io.livelake.privacy.HmacKeys;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "erase", mixinStandardHelpOptions = true,
    description = "Erase one person from every table (rows with their pseudonym, raw records carrying it).")
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

  @Option(names = "--vacuum", description = "Also delete the old data files at once (ends time travel to before the erasure).")
  boolean vacuum;

  @Override
  public Integer call() {
    try (Runtime rt = root.runtime()) {
      String p = who.pseudonym != null ? who.pseudonym : HmacKeys.pseudonymizer(rt.config()).pseudonym(who.user);
      Eraser eraser = new Eraser(rt.lake());
      Map<String, Long> deleted = eraser.erase(p);
      if (deleted.isEmpty()) Console.out("erase: no rows of " + p + " in the lake");
      deleted.forEach((t, n) -> Console.out(String.format("erased %,d rows from %s", n, t)));
      if (vacuum && !deleted.isEmpty()) {
        eraser.vacuum(List.copyOf(deleted.keySet()));
        Console.out("vacuumed the old files of " + String.join(", ", deleted.keySet()));
      } else if (!deleted.isEmpty()) {
        Console.out("the deleted rows stay in Delta time travel until VACUUM; run again with --vacuum to remove them now");
      }
    }
    return 0;
  }
}
