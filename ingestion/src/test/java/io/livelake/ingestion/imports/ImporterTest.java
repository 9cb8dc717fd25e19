package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which files an import reads, and the names they are staged and traced under. */
class ImporterTest {
  private static final String EVENT = "{\"event_id\":\"e%d\",\"user_id\":\"u\"}\n";

  @Test
  void aRelativeInputDirectoryIsReadWithItsSubdirectoriesAndEachFileNamedByItsPathUnderIt() throws Exception {
    Path scratch = Files.createDirectories(Path.of("target", "importer-test"));
    Path input = Files.createTempDirectory(scratch, "in-");
    assertFalse(input.isAbsolute(), "the case a user gives as --input in");
    for (String f : List.of("a.jsonl", "2019/Oct.jsonl", "2020/Oct.jsonl", ".old/Oct.jsonl", "2021/.Oct.jsonl")) {
      Files.createDirectories(input.resolve(f).getParent());
      Files.writeString(input.resolve(f), String.format(EVENT, f.hashCode()));
    }
    Importer importer = Importer.of(new ImportOptions("jsonl", null, null, null, null, null), input);
    assertEquals(List.of("2019/Oct.jsonl", "2020/Oct.jsonl", "a.jsonl"),
        importer.files().stream().map(f -> input.relativize(f).toString()).toList(), "hidden paths are skipped");

    Path staging = Files.createTempDirectory(scratch, "staging-").resolve("run");
    Importer.Staged staged = importer.stage(staging, 1 << 20, Progress.silent());
    assertEquals(3, staged.records());
    try (Stream<Path> s = Files.walk(staged.events())) {
      assertEquals(List.of("2019/Oct.jsonl.jsonl", "2020/Oct.jsonl.jsonl", "a.jsonl.jsonl"), s.filter(Files::isRegularFile)
          .map(p -> staged.events().relativize(p).toString()).sorted().toList(), "two Oct.jsonl stay apart");
    }
  }
}
