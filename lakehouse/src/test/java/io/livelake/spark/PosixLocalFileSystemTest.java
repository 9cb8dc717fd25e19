package io.livelake.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.testing.TestSpark;
import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The lake's local file system: Hadoop's results on disk, without starting a process per call. */
class PosixLocalFileSystemTest {
  private static Configuration conf() {
    return TestSpark.session().sparkContext().hadoopConfiguration();
  }

  @Test
  void sessionsUseItForTheFileSchemeThroughBothHadoopApis() throws Exception {
    assertInstanceOf(PosixLocalFileSystem.class, FileSystem.get(URI.create("file:///"), conf()));
    java.nio.file.Path dir = TestSpark.newDir("posix-fc");
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf());
    Path a = new Path(dir.resolve("a.json").toUri());
    Path b = new Path(dir.resolve("b.json").toUri());
    try (OutputStream out = fc.create(a, java.util.EnumSet.of(CreateFlag.CREATE))) {
      out.write('x');
    }
    try (OutputStream out = fc.create(b, java.util.EnumSet.of(CreateFlag.CREATE))) {
      out.write('y');
    }
    // Delta's log store relies on this refusal to keep two commits from taking the same version.
    assertThrows(FileAlreadyExistsException.class, () -> fc.rename(a, b, Options.Rename.NONE));
    fc.rename(a, new Path(dir.resolve("c.json").toUri()), Options.Rename.NONE);
    assertEquals(List.of(".b.json.crc", ".c.json.crc", "b.json", "c.json"), names(dir));
  }

  /**
   * A file named with a colon (an ISO time): Hadoop's checksum path for it is no URI, so every read failed with
   * "Relative path in absolute URI" (train --input of such a CSV, the file ingestion of such a file).
   */
  @Test
  void aFileNamedWithAColonIsWrittenAndReadWithItsChecksum() throws Exception {
    java.nio.file.Path dir = TestSpark.newDir("posix-colon");
    for (Path file : List.of(new Path(dir.resolve("a.json").toUri()), new Path(dir.resolve("a b#1%20.json").toUri()),
        new Path(dir.resolve("a.json").toString()), new Path("a.json"), new Path("d/a.json"), new Path("/a.json"))) {
      // Hadoop's own path wherever it can make one.
      assertEquals(new org.apache.hadoop.fs.LocalFileSystem().getChecksumFile(file),
          PosixLocalFileSystem.checksumFile(file), "the path Hadoop gives " + file);
    }
    assertEquals(new Path(dir.resolve(".b:1.json.crc").toUri()),
        PosixLocalFileSystem.checksumFile(new Path(dir.resolve("b:1.json").toUri())));
    assertEquals(new Path(new URI(null, null, "d/.b:1.json.crc", null, null)),
        PosixLocalFileSystem.checksumFile(new Path(new URI(null, null, "d/b:1.json", null, null))), "a relative path");
    FileSystem fs = FileSystem.get(URI.create("file:///"), conf());
    Path colon = new Path(dir.resolve("events 2026-12-06T01:00:00.jsonl").toUri());
    try (OutputStream out = fs.create(colon)) {
      out.write("{}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertEquals(List.of(".events 2026-12-06T01:00:00.jsonl.crc", "events 2026-12-06T01:00:00.jsonl"), names(dir));
    try (java.io.InputStream in = fs.open(colon)) {
      assertEquals("{}\n", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("events 2026-12-06T01:00:00.jsonl"), "[]\n");
    assertThrows(org.apache.hadoop.fs.ChecksumException.class, () -> fs.open(colon).readAllBytes(),
        "its checksum is read and checked: a file changed behind the file system's back is refused");
  }

  @Test
  void permissionsAndLinkStatusEqualHadoopsOwn() throws Exception {
    java.nio.file.Path dir = TestSpark.newDir("posix-perm");
    RawLocalFileSystem stock = new RawLocalFileSystem();
    stock.initialize(URI.create("file:///"), conf());
    PosixLocalFileSystem.Raw ours = new PosixLocalFileSystem.Raw();
    ours.initialize(URI.create("file:///"), conf());

    for (String mode : new String[] {"644", "640", "755", "700", "600", "777", "000", "751"}) {
      FsPermission p = new FsPermission(Short.parseShort(mode, 8));
      java.nio.file.Path s = Files.createFile(dir.resolve("stock-" + mode));
      java.nio.file.Path o = Files.createFile(dir.resolve("ours-" + mode));
      stock.setPermission(new Path(s.toUri()), p);
      ours.setPermission(new Path(o.toUri()), p);
      assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(s)),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(o)), mode);
    }
    // Files and directories created with the default mode get the umask applied, as Hadoop's.
    ours.mkdirs(new Path(dir.resolve("made/deeper").toUri()));
    ours.create(new Path(dir.resolve("made/deeper/f").toUri())).close();
    stock.mkdirs(new Path(dir.resolve("stock-made/deeper").toUri()));
    stock.create(new Path(dir.resolve("stock-made/deeper/f").toUri())).close();
    assertEquals(perms(dir.resolve("stock-made/deeper")), perms(dir.resolve("made/deeper")));
    assertEquals(perms(dir.resolve("stock-made/deeper/f")), perms(dir.resolve("made/deeper/f")));

    java.nio.file.Path file = Files.writeString(dir.resolve("plain"), "12345");
    java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    for (java.nio.file.Path p : List.of(file, dir, link)) {
      FileStatus expected = stock.getFileLinkStatus(new Path(p.toUri()));
      FileStatus actual = ours.getFileLinkStatus(new Path(p.toUri()));
      assertEquals(expected.isSymlink(), actual.isSymlink(), p.toString());
      assertEquals(expected.isDirectory(), actual.isDirectory(), p.toString());
      assertEquals(expected.getLen(), actual.getLen(), p.toString());
      if (expected.isSymlink()) assertEquals(expected.getSymlink(), actual.getSymlink());
    }
    assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(new Path(dir.resolve("none").toUri())));
  }

  @Test
  void aDeltaTableIsCreatedAndWrittenWithoutStartingChmodOrReadlink() throws Exception {
    SparkSession spark = TestSpark.session();
    Lake lake = TestSpark.newLake("posix-delta");
    java.nio.file.Path recording = Files.createTempFile(TestSpark.newDir("posix-jfr"), "processes", ".jfr");
    try (Recording r = new Recording()) {
      r.enable("jdk.ProcessStart");
      r.start();
      lake.ensure(Tables.INGEST_BATCHES);
      spark.range(10).selectExpr("id", "cast(id AS string) AS s").write().format("delta").mode("append")
          .partitionBy("s").save(lake.paths().root() + "/posix-check");
      r.stop();
      r.dump(recording);
    }
    List<String> started = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      String command = e.getString("command");
      if (command.contains(lake.paths().localRoot().toString())) started.add(command);
    }
    assertEquals(0, started.size(),
        () -> started.size() + " processes started, the first: " + started.subList(0, Math.min(3, started.size())));
    assertEquals(10, spark.read().format("delta").load(lake.paths().root() + "/posix-check").count());
  }

  private static String perms(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> names(java.nio.file.Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
