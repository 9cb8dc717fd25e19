package io.livelake.app;

import io.livelake.catalog.Lake;
import io.livelake.privacy.HmacKeys;
import io.livelake.privacy.SubjectExport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "export-user", mixinStandardHelpOptions = true,
    description = "Subject-access export: every row the lake holds about one person (the rows erase would remove), "
        + "as one JSON file: an object keyed by table name, each an array of rows, times in ISO-8601 UTC.")
final class ExportUserCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--user", required = true, paramLabel = "RAW_ID",
      description = "The person's user id as the platform knows it; pseudonymized as ingestion does.")
  String user;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where to write the JSON (default livelake-export-<pseudonym>.json in the current directory).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Runtime.requireUserId(user, "--user");
    Path parent = out == null ? null : out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--out " + out + ": directory " + parent + " does not exist");
    }
    try (Runtime rt = root.runtime()) {
      // The lake first: without one, finding the key would create it to keep a demo key.
      Lake lake = rt.existingLake();
      String p = HmacKeys.pseudonymizer(rt.config()).pseudonym(user);
      Path file = out != null ? out : Path.of("livelake-export-" + p + ".json");
      Map<String, List<String>> rows = SubjectExport.rows(lake, p, Console::info);
      write(file, SubjectExport.json(rows));
      long total = rows.values().stream().mapToLong(List::size).sum();
      Console.out("export-user: pseudonym " + p + ", " + String.format("%,d", total) + " rows written to " + file);
      rows.forEach((t, r) -> Console.out(String.format("%-28s %,10d", t, r.size())));
    }
    return 0;
  }

  /** The file holds personal data: readable by its owner only, where the file system has permissions. */
  private static void write(Path file, String json) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) { // not a POSIX file system: the platform's default permissions
      Files.createFile(file);
    }
    Files.writeString(file, json, StandardCharsets.UTF_8);
  }
}
