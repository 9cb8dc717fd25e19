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

  /**
   * Tianchi publishes UserBehavior.csv as a ZIP archive of that one file: it is read as the file. An archive of
   * several files (Kaggle's of REES46's months) is refused before anything is staged: a directory gives its files
   * names and an order.
   */
  @Test
  void aZipOfOneFileIsReadAsThatFileAndOneOfSeveralIsRefused() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "zip-");
    Path one = zip(input.resolve("UserBehavior.csv.zip"), List.of("UserBehavior.csv"),
        "1,2268318,2520377,pv,1511544070\n1,2333346,2520771,pv,1511561733\n");
    Importer importer = Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null), one);
    Importer.Staged staged = importer.stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(2, staged.rowsRead());
    assertEquals(2, staged.visits(), "the rows are in two rooms (categories)");
    assertEquals(2 + 2 * 2, staged.records(), "each visit an enter_room and a leave_room");

    Path two = zip(input.resolve("archive.zip"), List.of("2019-Oct.csv", "2019-Nov.csv"), "x\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null), two));
    assertEquals("import: " + two + " is a ZIP archive of 2 files: unzip it and give the directory (a .zip is read "
        + "when it holds one file)", e.getMessage());
  }

  private static Path zip(Path file, List<String> entries, String content) throws Exception {
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (String entry : entries) {
        out.putNextEntry(new java.util.zip.ZipEntry(entry));
        out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return file;
  }
}
