package io.livelake.ingestion.source;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a file becomes records: line numbers, line ends, compression, and a file that cannot be read. */
class EventSourcesTest {
  private static List<String> read(String path, byte[] content) { return read(path, content, 1 << 20); }

  private static List<String> read(String path, byte[] content, long maxFileBytes) {
    return out(EventSources.lines(path, content, maxFileBytes));
  }

  private static List<String> out(Iterator<Row> rows) {
    List<String> out = new ArrayList<>();
    rows.forEachRemaining(r -> out.add(r.mkString("|")));
    return out;
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(b)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  @Test
  void linesKeepTheirNumbersBlankLinesAreRecordsAndAFinalNewlineIsNot() {
    byte[] text = "a\r\n\nb\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of("f.jsonl|1|a|null", "f.jsonl|2||null", "f.jsonl|3|b|null"), read("f.jsonl", text));
    assertEquals(List.of("f.jsonl|1|c|null"), read("f.jsonl", "c".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), read("f.jsonl", new byte[0]));
  }

  /**
   * Events saved by PowerShell (Out-File, >) are UTF-16 with a byte-order mark; read as UTF-8, every line was
   * quarantined as malformed_json ("Illegal character ((CTRL-CHAR, code 0))"). UTF-16 without a mark is told by the
   * zero byte beside the first, ASCII, character.
   */
  @Test
  void utf16FilesAreReadWithOrWithoutAByteOrderMark() throws IOException {
    String text = "{\"a\":\"é\"}\r\n{}\r\n";
    List<String> expected = List.of("f.jsonl|1|{\"a\":\"é\"}|null", "f.jsonl|2|{}|null");
    assertEquals(expected, read("f.jsonl", text.getBytes(StandardCharsets.UTF_16)), "big-endian with a mark");
    byte[] le = text.getBytes(StandardCharsets.UTF_16LE);
    byte[] marked = new byte[le.length + 2];
    marked[0] = (byte) 0xff;
    marked[1] = (byte) 0xfe;
    System.arraycopy(le, 0, marked, 2, le.length);
    assertEquals(expected, read("f.jsonl", marked), "little-endian with a mark, as PowerShell writes");
    assertEquals(expected, read("f.jsonl", le), "little-endian without a mark");
    assertEquals(expected, read("f.jsonl", text.getBytes(StandardCharsets.UTF_16BE)), "big-endian without a mark");
    assertEquals(List.of("f.jsonl|1|\uFEFF{}|null"), read("f.jsonl", "\uFEFF{}\n".getBytes(StandardCharsets.UTF_8)),
        "UTF-8's mark is left to the record's parsing, which skips it");
  }

  /**
   * A GBK producer's Chinese text read as UTF-8 became U+FFFD, and the event passed with its text garbled and its
   * bytes lost. Bytes that are not UTF-8 are kept as \xHH, which no JSON holds, so the line fails as not JSON.
   */
  @Test
  void bytesThatAreNotUtf8AreKeptEscapedOnTheirOwnLine() {
    byte[] gbk = "{\"text\":\"你好 hi\"}\n{\"text\":\"抖音\"}\n".getBytes(java.nio.charset.Charset.forName("GBK"));
    assertEquals(List.of("f.jsonl|1|{\"text\":\"\\xC4\\xE3\\xBA\\xC3 hi\"}|null",
        "f.jsonl|2|{\"text\":\"\\xB6\\xB6\\xD2\\xF4\"}|null"), read("f.jsonl", gbk));
    byte[] mixed = concat("{\"a\":\"抖音\"}\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xe6, (byte) 0x8a});
    assertEquals(List.of("f.jsonl|1|{\"a\":\"抖音\"}|null", "f.jsonl|2|\\xE6\\x8A|null"), read("f.jsonl", mixed),
        "a character cut short at the end of the file");
  }

  @Test
  void utf8KeepsBadBytesAcrossChunksAndAtAnySize() {
    String ideographs = "抖".repeat(10_000);
    byte[] around = concat(ideographs.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff},
        ideographs.getBytes(StandardCharsets.UTF_8));
    assertEquals(ideographs + "\\xFF" + ideographs, TextEncoding.utf8(around));
    assertEquals("\\xC0\\xAFa\\xED\\xA0\\x80", TextEncoding.utf8(new byte[] {(byte) 0xc0, (byte) 0xaf, 'a',
        (byte) 0xed, (byte) 0xa0, (byte) 0x80}), "an overlong slash and an encoded surrogate are not UTF-8");
    byte[] megabyte = new byte[1 << 20];
    Arrays.fill(megabyte, (byte) 0xff);
    assertEquals("\\xFF".repeat(1 << 20), TextEncoding.utf8(megabyte));
    assertEquals("plain", TextEncoding.utf8("plain".getBytes(StandardCharsets.UTF_8)));
    assertNull(TextEncoding.utf8(null));
  }

  /** The same for Kafka values, which reach the pipeline as bytes: Spark's check, then the escaping of those that fail. */
  @Test
  void aKafkaValueThatIsNotUtf8KeepsItsBytesEscaped() {
    org.apache.spark.sql.SparkSession spark = io.livelake.testing.TestSpark.session();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("value", org.apache.spark.sql.types.DataTypes.BinaryType);
    List<Row> values = List.of(org.apache.spark.sql.RowFactory.create((Object) "{\"t\":\"抖音\"}".getBytes(StandardCharsets.UTF_8)),
        org.apache.spark.sql.RowFactory.create((Object) "{\"t\":\"你好\"}".getBytes(java.nio.charset.Charset.forName("GBK"))),
        org.apache.spark.sql.RowFactory.create((Object) null));
    List<String> payloads = new ArrayList<>();
    spark.createDataFrame(values, schema).select(EventSources.payload(org.apache.spark.sql.functions.col("value")))
        .collectAsList().forEach(r -> payloads.add(r.getString(0)));
    assertEquals(Arrays.asList("{\"t\":\"抖音\"}", "{\"t\":\"\\xC4\\xE3\\xBA\\xC3\"}", null), payloads);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) b.writeBytes(p);
    return b.toByteArray();
  }

  /** A .zip was read as its bytes: a few lines of binary, each quarantined as malformed_json. */
  @Test
  void aZipArchiveIsOneRecordSayingToUnzipIt() {
    assertEquals(List.of("/in/events.zip|null|null|a ZIP archive, which the file ingestion does not open: unzip it into "
        + "the input directory (files compressed one by one, .gz or .bz2, are read as they are)"),
        out(EventSources.file("/in/events.zip", 10, 1 << 20, new Configuration(false))));
  }

  /**
   * A table exported as Parquet, or a file gzipped under a plain name, was hundreds of quarantine rows of binary
   * fragments (601 for one Parquet file of 604 rows), most of them "in Confluent Schema Registry's wire format".
   */
  @Test
  void aFileInABinaryFormatIsOneRecordNamingTheFormat() throws IOException {
    byte[] parquet = "PAR1\0\0\u0015\u0004\n{\"not\":\"text\"}\nPAR1".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(List.of("/in/events.parquet|null|null|file is a Parquet file, not JSON Lines: write the events as "
        + "JSON Lines (one JSON object per line, UTF-8) into the input directory"), read("/in/events.parquet", parquet));
    assertEquals(List.of("/in/events.jsonl|null|null|file is gzip-compressed under a name that does not end in .gz: "
        + "give it a name ending in .gz, and it is read decompressed"), read("/in/events.jsonl", gzip("{}\n")));
    byte[] xlsx = {'P', 'K', 3, 4, 20, 0, 6, 0};
    assertEquals(List.of("/in/events.xlsx|null|null|file is a ZIP archive (an Excel workbook, .xlsx, is one), which "
        + "the file ingestion does not open: unzip JSON Lines files into the input directory"), read("/in/events.xlsx", xlsx));
    assertEquals(List.of("/in/f.jsonl|1|PAR|null"), read("/in/f.jsonl", "PAR".getBytes(StandardCharsets.UTF_8)),
        "a file shorter than a format's magic number is text");
  }

  @Test
  void compressedFilesAreReadByTheirExtension() throws IOException {
    assertEquals(List.of("/in/f.jsonl.gz|1|x|null", "/in/f.jsonl.gz|2|y|null"), read("/in/f.jsonl.gz", gzip("x\ny\n")));
  }

  @Test
  void aTruncatedGzipFileIsOneRecordNamingTheProblem() throws IOException {
    byte[] gz = gzip("x\n".repeat(10_000));
    List<Row> rows = new ArrayList<>();
    EventSources.lines("/in/cut.jsonl.gz", Arrays.copyOf(gz, gz.length / 2), 1 << 20).forEachRemaining(rows::add);
    assertEquals(1, rows.size());
    Row r = rows.get(0);
    assertEquals("/in/cut.jsonl.gz", r.getString(0));
    assertTrue(r.isNullAt(1) && r.isNullAt(2));
    assertEquals("file cannot be read: Unexpected end of input stream", r.getString(3));
    assertEquals("file cannot be read: not a gzip file",
        read("/in/plain.gz", "not gzip at all".getBytes(StandardCharsets.UTF_8)).get(0).split("\\|")[3]);
  }

  @Test
  void aFileLargerThanTheBoundStoredOrDecompressedIsOneRecordNamingIt(@TempDir java.nio.file.Path dir) throws IOException {
    java.nio.file.Path big = java.nio.file.Files.write(dir.resolve("big.jsonl"), "{}\n".repeat(1_000).getBytes(StandardCharsets.UTF_8));
    String uri = big.toUri().toString();
    List<String> rows = new ArrayList<>();
    EventSources.file(uri, 3_000, 2_999, new Configuration()).forEachRemaining(r -> rows.add(r.mkString("|")));
    assertEquals(List.of(uri + "|null|null|file of 3,000 bytes is larger than ingest.max.file.bytes = 2,999: split it "
        + "into smaller files"), rows);
    rows.clear();
    EventSources.file(uri, 3_000, 3_000, new Configuration()).forEachRemaining(r -> rows.add(r.mkString("|")));
    assertEquals(1_000, rows.size(), "a file at the bound is read");
    assertEquals(uri + "|1000|{}|null", rows.get(999));

    // 100,000 bytes of text in a gzip of about 200: a bomb's shape, refused before it is held.
    byte[] bomb = gzip("x".repeat(100_000));
    assertEquals(List.of("/in/bomb.jsonl.gz|null|null|file decompresses to more than ingest.max.file.bytes = 99,999 "
        + "bytes: split it into smaller files"), read("/in/bomb.jsonl.gz", bomb, 99_999));
    assertEquals(1, read("/in/bomb.jsonl.gz", bomb, 100_000).size());
  }

  /**
   * A name with a colon (an ISO time), a space, a # or a %: Hadoop's local file system looked for the checksum file
   * beside it under a name a URI cannot hold, and the file was one unreadable_file row ("Relative path in absolute
   * URI: .events 2026-12-06T01:00:00%20%231%20%2520.jsonl.crc").
   */
  @Test
  void aFileNamedWithAColonSpacesAndEscapesIsRead(@TempDir java.nio.file.Path dir) throws Exception {
    String name = "events 2026-12-06T01:00:00 #1 %20.jsonl";
    java.nio.file.Files.writeString(dir.resolve(name), "{}\n{}\n");
    org.apache.spark.sql.SparkSession spark = io.livelake.testing.TestSpark.session();
    org.apache.spark.sql.streaming.StreamingQuery q = EventSources.files(spark, dir.toString(), 100, 2, 1 << 20)
        .writeStream().format("memory").queryName("files_named_oddly")
        .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start();
    q.awaitTermination();
    assertEquals(List.of("file:" + dir + "/" + name + "|1|{}|null", "file:" + dir + "/" + name + "|2|{}|null"),
        spark.sql("SELECT source_file, source_line, payload, source_error FROM files_named_oddly ORDER BY source_line")
            .collectAsList().stream().map(r -> r.mkString("|")).toList());
  }

  @Test
  void filesInSubdirectoriesAreReadAndHiddenOnesAreNot(@TempDir java.nio.file.Path dir) throws Exception {
    // A plain subdirectory was skipped unseen, and one beside a partition-like directory (day=1) failed the query.
    for (String f : List.of("a.jsonl", "sub/b.jsonl", "sub/deeper/c.jsonl", "day=1/d.jsonl", ".hidden/e.jsonl",
        "_f.jsonl", ".g.jsonl.writing")) {
      java.nio.file.Path p = dir.resolve(f);
      java.nio.file.Files.createDirectories(p.getParent());
      java.nio.file.Files.writeString(p, "{}\n{}\n");
    }
    org.apache.spark.sql.SparkSession spark = io.livelake.testing.TestSpark.session();
    org.apache.spark.sql.streaming.StreamingQuery q = EventSources.files(spark, dir.toString(), 100, 2, 1 << 20)
        .writeStream().format("memory").queryName("files_in_subdirectories")
        .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start();
    q.awaitTermination();
    List<String> read = new ArrayList<>();
    String root = "file:" + dir + "/";
    for (Row r : spark.sql("SELECT source_file, count(*) FROM files_in_subdirectories GROUP BY 1 ORDER BY 1")
        .collectAsList()) {
      read.add(r.getString(0).replace(root, "") + " " + r.getLong(1));
    }
    assertEquals(List.of("a.jsonl 2", "day=1/d.jsonl 2", "sub/b.jsonl 2", "sub/deeper/c.jsonl 2"), read);
  }

  @Test
  void aFileThatChangedSinceItWasListedIsOneRecordAndNoneOfItsLines(@TempDir java.nio.file.Path dir) throws IOException {
    // Listed at 2,000 bytes, 1,000 more written before it was read: the rest of a file still being written would
    // never be read, so none of it lands.
    java.nio.file.Path growing = java.nio.file.Files.write(dir.resolve("growing.jsonl"),
        "{}\n".repeat(1_000).getBytes(StandardCharsets.UTF_8));
    String uri = growing.toUri().toString();
    List<String> rows = new ArrayList<>();
    EventSources.file(uri, 2_000, 1 << 20, new Configuration()).forEachRemaining(r -> rows.add(r.mkString("|")));
    assertEquals(List.of(uri + "|null|null|file changed while it was read (listed at 2,000 bytes, read 3,000): a file "
        + "is read once, so it must be complete when it appears in the input directory; write it elsewhere (or under a "
        + "name starting with . or _) and move it in, and give this one again under a new name"), rows);
    rows.clear();
    EventSources.file(uri, 4_000, 1 << 20, new Configuration()).forEachRemaining(r -> rows.add(r.mkString("|")));
    assertTrue(rows.get(0).contains("(listed at 4,000 bytes, read 3,000)"), "one that shrank too: " + rows);
  }
}
