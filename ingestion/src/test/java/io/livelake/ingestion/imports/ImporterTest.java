package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.progress.Progress;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
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
    Importer importer = Importer.of(new ImportOptions("jsonl", null, null, null, null, null, null), input);
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
    Importer importer = Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null, null), one);
    Importer.Staged staged = importer.stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(2, staged.rowsRead());
    assertEquals(2, staged.visits(), "the rows are in two rooms (categories)");
    assertEquals(2 + 2, staged.records(), "each visit of one event an enter_room");

    Path two = zip(input.resolve("archive.zip"), List.of("2019-Oct.csv", "2019-Nov.csv"), "x\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null, null), two));
    assertEquals("import: " + two + " is a ZIP archive of 2 files: unzip it and give the directory (a .zip is read "
        + "when it holds one file)", e.getMessage());
  }

  /**
   * A web page saved under the data's name (what a download of Kaggle's REES46 link gives a client not signed in: its
   * first lines below, as a public repository holds it under 2019-Oct.csv) is refused before anything is staged.
   * Before, a format with a header said the header did not fit, and one without imported every line as a bad row.
   */
  @Test
  void aWebPageSavedAsTheDataIsRefusedNamedAsOne() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "html-");
    String page = "\n\n<!DOCTYPE html>\n<html lang=\"en\">\n\n<head>\n  <title>eCommerce behavior data from multi category "
        + "store | Kaggle</title>\n";
    for (String format : List.of("rees46", "taobao-user-behavior")) {
      Path file = Files.writeString(input.resolve(format + ".csv"), page);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Importer.of(new ImportOptions(format, null, null, null, null, null, null), file));
      assertEquals("import: " + file + " is a web page (HTML), not a data file: a download that got a page instead of "
          + "the file (a sign-in or error page, as Kaggle serves to a client not signed in) has this content; download "
          + "the file itself", e.getMessage(), format);
    }
  }

  /**
   * A Parquet export, or a CSV gzipped under its plain name, read as lines was refused as "in another encoding"
   * (bytes that are not UTF-8), which it is not; it is named for what it is.
   */
  @Test
  void aBinaryFileIsRefusedNamedByItsFormat() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "binary-");
    Path parquet = Files.write(input.resolve("UserBehavior.csv"), "PAR1\u0015\u0004\u0015\u00a0\u00ff".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write("1,2,3,pv,1511544070\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path gzipped = Files.write(input.resolve("plain.csv"), gz.toByteArray());
    ImportOptions taobao = new ImportOptions("taobao-user-behavior", null, null, null, null, null, null);
    String reads = ", not text: import reads CSV files (JSON Lines for --format jsonl), as they are, gzipped under a name "
        + "ending in .gz or alone in a .zip; export the data so; nothing was imported";
    assertEquals("import: " + parquet + " is a Parquet file" + reads,
        assertThrows(IllegalArgumentException.class, () -> Importer.of(taobao, parquet)).getMessage());
    assertEquals("import: " + gzipped + " is gzip-compressed" + reads,
        assertThrows(IllegalArgumentException.class, () -> Importer.of(taobao, gzipped)).getMessage());
    Path renamed = Files.move(gzipped, input.resolve("plain.csv.gz"));
    assertEquals(List.of(renamed), Importer.of(taobao, renamed).files(), "under its .gz name it is read");
  }

  /**
   * JSON that is not JSON Lines: an array of events (213 MB on one line made one too_large record, 43 s and 4.8 GB of
   * memory later) or objects printed over several lines (every line a bad record). Both are refused before staging.
   */
  @Test
  void aJsonDocumentGivenAsJsonLinesIsRefusedWithTheCommandThatConvertsIt() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "json-");
    String event = "{\"event_id\":\"e1\",\"event_type\":\"enter_room\",\"event_time\":1733000000000}";
    Path array = Files.writeString(input.resolve("array.jsonl"), "\uFEFF\n  [" + event + "," + event + "]\n");
    Path pretty = Files.writeString(input.resolve("pretty.jsonl"), "{\n  \"event_id\": \"e1\",\n  \"user_id\": \"u1\"\n}\n");
    ImportOptions jsonl = new ImportOptions("jsonl", null, null, null, null, null, null);
    assertEquals("import: " + array + ": its first line opens a JSON array: the file is one JSON document, not JSON Lines "
        + "(one event object per line); write one object per line, e.g. jq -c '.[]' FILE > events.jsonl; nothing was "
        + "imported", assertThrows(IllegalArgumentException.class, () -> Importer.of(jsonl, array)).getMessage());
    assertEquals("import: " + pretty + ": its first line is a lone '{': an object written over several lines, not JSON "
        + "Lines (one event object per line); write one object per line, e.g. jq -c . FILE > events.jsonl; nothing was "
        + "imported", assertThrows(IllegalArgumentException.class, () -> Importer.of(jsonl, pretty)).getMessage());
    Path lines = Files.writeString(input.resolve("lines.jsonl"), event + "\n[1,2]\n{\n");
    assertEquals(List.of(lines), Importer.of(jsonl, lines).files(), "a bad line after the first is a record to quarantine");
  }

  /** A blank line of a CSV is no row (as pandas and Spark read one); in a jsonl file it is a record, as ingestion's. */
  @Test
  void blankLinesAreNoRowsOfACsvButRecordsOfAJsonlFile() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "blank-");
    Path csv = Files.writeString(input.resolve("UserBehavior.csv"), "1,2268318,2520377,pv,1511544070\n\n  \n"
        + "1,2333346,2520377,pv,1511544071\n\n");
    Importer.Staged staged = Importer.of(new ImportOptions("taobao-user-behavior", null, null, null, null, null, null), csv)
        .stage(input.resolve("csv-staging"), 1 << 20, Progress.silent());
    assertEquals(2, staged.rowsRead());
    assertEquals(List.of(1L, 1L, 4L, 4L), StagedRecords.read(staged.events()).stream()
        .map(r -> r.get("import_line").asLong()).toList(), "two rows in one visit, traced to their lines");
    Path jsonl = Files.writeString(input.resolve("events.jsonl"), String.format(EVENT, 1) + "\n" + String.format(EVENT, 2));
    Importer.Staged verbatim = Importer.of(new ImportOptions("jsonl", null, null, null, null, null, null), jsonl)
        .stage(input.resolve("jsonl-staging"), 1 << 20, Progress.silent());
    assertEquals(3, verbatim.rowsRead());
    assertEquals(3, verbatim.records());
  }

  /**
   * Kaggle's copy of Online Retail is ISO-8859-1 ('£' is byte A3): read as UTF-8, its letters would be stored as
   * U+FFFD. Such a file stops the import before anything is staged, naming the line and --encoding, which reads it.
   */
  @Test
  void aFileInAnotherEncodingStopsTheImportUntilEncodingNamesIt() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target", "importer-test")), "latin1-")
        .resolve("data.csv");
    Files.write(input, ("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r\n"
        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\r\n"
        + "536366,22633,\u00a310 GIFT VOUCHER,1,12/1/2010 8:28,10.00,17850,United Kingdom\r\n"
        + "536367,22634,CR\u00c8ME BOX,2,12/1/2010 8:29,1.00,17851,France\r\n").getBytes(StandardCharsets.ISO_8859_1));
    Importer utf8 = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input);
    Path staging = input.resolveSibling("staging");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> utf8.stage(staging, 1 << 20, Progress.silent()));
    assertEquals("import: " + input + ": line 3 has bytes that are not UTF-8 (column 14 reads as U+FFFD): the file is "
        + "in another encoding. Give it with --encoding (windows-1252 for a CSV saved by Excel on Windows, ISO-8859-1 "
        + "for Latin-1), or --encoding UTF-8 to read such bytes as U+FFFD, each row judged on its own; nothing was "
        + "imported", e.getMessage());

    Importer latin1 = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, "ISO-8859-1"), input);
    Importer.Staged staged = latin1.stage(input.resolveSibling("staging-latin1"), 1 << 20, Progress.silent());
    assertEquals(3, staged.records(), "three invoices");
    assertEquals(List.of("WHITE HANGING HEART T-LIGHT HOLDER", "\u00a310 GIFT VOUCHER", "CR\u00c8ME BOX"),
        Files.readAllLines(staged.dimensions().resolve("products.jsonl")).stream()
            .map(l -> l.replaceAll(".*\"product_name\":\"([^\"]*)\".*", "$1")).toList());

    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("online-retail", null, null, null, null, null, "latin-9x"), input));
    assertEquals("--encoding must be a charset such as UTF-8, windows-1252 or ISO-8859-1, got 'latin-9x'",
        unknown.getMessage());
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
