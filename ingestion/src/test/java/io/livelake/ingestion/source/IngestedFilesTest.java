package io.livelake.ingestion.source;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file source across runs: which files a run reads, and the files read once that changed since. */
class IngestedFilesTest {
  private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");

  /** Runs the file source once until drained, through {@code checkpoint}, writing its records to {@code out}. */
  private static void drain(SparkSession spark, Path in, Path checkpoint, Path out) throws Exception {
    StreamingQuery q = EventSources.files(spark, in.toString(), 100, 2, 1 << 20)
        .select("source_file", "source_line", "payload")
        .writeStream().format("parquet").option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow()).start(out.toString());
    q.awaitTermination();
  }

  private static List<String> records(SparkSession spark, Path in, Path out) {
    return spark.read().parquet(out.toString()).orderBy("source_file", "source_line").collectAsList().stream()
        .map(r -> r.getString(0).replace("file:" + in + "/", "") + ":" + r.getLong(1) + " " + r.getString(2))
        .toList();
  }

  private static Path write(Path dir, String name, String text, Instant modified) throws Exception {
    Files.createDirectories(dir.resolve(name).getParent());
    Path p = Files.writeString(dir.resolve(name), text);
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }

  @Test
  void aFileModifiedWeeksBeforeTheNewestReadIsStillRead(@TempDir Path dir) throws Exception {
    // An archive copied in with its times kept (cp -p, tar): Spark's maxFileAge of 7 days skipped it silently.
    SparkSession spark = TestSpark.session();
    Path in = Files.createDirectory(dir.resolve("in"));
    write(in, "today.jsonl", "{\"a\":1}\n", NOW);
    drain(spark, in, dir.resolve("cp"), dir.resolve("out"));
    write(in, "sub/october.jsonl", "{\"b\":2}\n{\"b\":3}\n", NOW.minusSeconds(60L * 86_400));
    drain(spark, in, dir.resolve("cp"), dir.resolve("out"));
    assertEquals(List.of("sub/october.jsonl:1 {\"b\":2}", "sub/october.jsonl:2 {\"b\":3}", "today.jsonl:1 {\"a\":1}"),
        records(spark, in, dir.resolve("out")));
  }

  @Test
  void aFileThatGrewAfterItWasReadIsNamedAndItsNewLinesAreNotRead(@TempDir Path dir) throws Exception {
    SparkSession spark = TestSpark.session();
    Path in = Files.createDirectory(dir.resolve("in"));
    Path cp = dir.resolve("cp");
    assertEquals(List.of(), IngestedFiles.changed(spark.sparkContext().hadoopConfiguration(), cp.toString(),
        in.toString()), "a checkpoint that read nothing");
    Path log = write(in, "app log.jsonl", "{\"a\":1}\n", NOW);
    write(in, "same.jsonl", "{\"s\":1}\n", NOW);
    drain(spark, in, cp, dir.resolve("out"));
    // The log grows; same.jsonl is written again as it was, its time unchanged.
    write(in, "app log.jsonl", "{\"a\":1}\n{\"a\":2}\n", NOW.plusSeconds(90));
    write(in, "same.jsonl", "{\"s\":1}\n", NOW);
    write(in, "new.jsonl", "{\"n\":1}\n", NOW.plusSeconds(90));

    List<IngestedFiles.Changed> changed = IngestedFiles.changed(spark.sparkContext().hadoopConfiguration(),
        cp.toString(), in.toString());
    assertEquals(List.of(new IngestedFiles.Changed("file:" + log, 0, NOW.toEpochMilli(),
        NOW.plusSeconds(90).toEpochMilli())), changed);
    assertEquals(Optional.of("1 file under " + in + " changed after it was ingested, and what it gained is not read: "
        + "app log.jsonl (read in batch 0 as it was at 2026-12-08 09:00:00 UTC, modified at 2026-12-08 09:01:30 UTC). "
        + "The file ingestion reads each file once, as it is when it appears: give new events new files, each moved "
        + "into the directory whole; to ingest what was added, write the lines after those bronze.events_raw holds "
        + "of the file (its largest source_line) to a new file"), IngestedFiles.warning(changed, in.toString()));

    drain(spark, in, cp, dir.resolve("out"));
    assertEquals(List.of("app log.jsonl:1 {\"a\":1}", "new.jsonl:1 {\"n\":1}", "same.jsonl:1 {\"s\":1}"),
        records(spark, in, dir.resolve("out")), "what the warning says: the second line is not read");
  }

  @Test
  void manyChangedFilesNameThreeAndCountTheRest() {
    List<IngestedFiles.Changed> changed = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) changed.add(new IngestedFiles.Changed("file:/in/d/f" + i + ".jsonl", i, 0, 1000));
    String w = IngestedFiles.warning(changed, "/in").orElseThrow();
    assertTrue(w.startsWith("5 files under /in changed after they were ingested, and what they gained is not read: "
        + "d/f1.jsonl (read in batch 1 as it was at 1970-01-01 00:00:00 UTC, modified at 1970-01-01 00:00:01 UTC), "
        + "d/f2.jsonl (read in batch 2 "), w);
    assertTrue(w.contains("d/f3.jsonl (read in batch 3 as it was at 1970-01-01 00:00:00 UTC, modified at "
        + "1970-01-01 00:00:01 UTC) and 2 more. The file ingestion"), w);
    assertEquals(Optional.empty(), IngestedFiles.warning(List.of(), "/in"));
  }
}
