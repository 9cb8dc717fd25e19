package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Date;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** livelake maintain's steps on a real table: compaction, checkpoint and vacuum, and what they leave alone. */
class MaintenanceTest {
  private static final TableDef T = Tables.QUARANTINE;

  @Test
  void compactsCheckpointsAndVacuumsOnlyWhatNoVersionNeeds() throws Exception {
    Lake lake = TestSpark.newLake("maintain").ensure(T);
    // Six appends over two dates: three small files in each partition.
    for (int i = 0; i < 6; i++) append(lake, List.of(row("r" + i + "a", i % 2), row("r" + i + "b", i % 2)));
    List<String> rows = rows(lake);
    assertEquals(12, rows.size());
    Path dir = Path.of(java.net.URI.create(lake.path(T)));
    // A file a failed write left 8 days ago, and one a write in progress is making now.
    Path oldOrphan = dir.resolve("ingest_date=2024-05-01/part-orphan-old.snappy.parquet");
    Path newOrphan = dir.resolve("ingest_date=2024-05-01/part-orphan-new.snappy.parquet");
    Files.copy(dataFiles(dir).get(0), oldOrphan);
    Files.copy(dataFiles(dir).get(0), newOrphan);
    Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(8, ChronoUnit.DAYS)));
    long versionBefore = lake.delta(T).history(1).first().getLong(0);

    Maintenance.Outcome o = new Maintenance(lake).maintain(T, true, 168);
    assertEquals(6, o.filesBefore());
    assertEquals(2, o.filesAfter(), "one file per date");
    assertEquals(new Maintenance.Compacted(6, 2), o.compacted());
    assertEquals(versionBefore + 3, o.checkpointed(), "the compaction's version, then VACUUM START and END");
    assertTrue(Files.exists(dir.resolve(String.format("_delta_log/%020d.checkpoint.parquet", o.checkpointed()))));
    assertEquals(1, o.filesVacuumed(), "only the old orphan: the compacted files are still in the last 168 hours' versions");
    assertFalse(Files.exists(oldOrphan));
    assertTrue(Files.exists(newOrphan));
    assertEquals(rows, rows(lake));
    assertEquals(12, lake.spark().read().format("delta").option("versionAsOf", versionBefore).load(lake.path(T)).count(),
        "time travel to before the compaction still reads its files");

    Maintenance.Outcome again = new Maintenance(lake).maintain(T, true, 168);
    assertEquals(new Maintenance.Outcome(T, 2, 2, new Maintenance.Compacted(0, 0), o.checkpointed() + 2, 0), again,
        "nothing to compact or delete; the second vacuum's two commits checkpointed");
    assertEquals(-1, new Maintenance(lake).checkpoint(T), "the newest version has its checkpoint");
  }

  @Test
  void aRetentionBelowTheTablesIsRefusedBeforeAnyFileIsDeleted() {
    Lake lake = TestSpark.newLake("maintain-retention").ensure(T);
    append(lake, List.of(row("r1", 0)));
    assertThrows(IllegalArgumentException.class, () -> new Maintenance(lake).vacuum(T, 1));
    assertEquals(1, lake.read(T).count());
  }

  @Test
  void aCompactionBesideAWriterReplacingTheSameFilesEndsWithEveryRowOnce() throws Exception {
    Lake lake = TestSpark.newLake("maintain-concurrent").ensure(T);
    for (int i = 0; i < 4; i++) append(lake, List.of(row("r" + i, 0)));
    // A writer deleting and re-adding rows of the same partition, as a retraction does beside the stream.
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
      int rounds = 0;
      while (!stop.get() && rounds < 20) {
        int n = rounds++;
        Conflicts.retry(10, "test delete", () -> {
          lake.delta(T).delete("event_id = 'r" + (n % 4) + "'");
          return null;
        });
        append(lake, List.of(row("r" + (n % 4), 0)));
      }
      return rounds;
    });
    Maintenance m = new Maintenance(lake);
    for (int i = 0; i < 3; i++) m.compact(T, null);
    stop.set(true);
    assertTrue(writer.get() > 0);
    assertEquals(List.of("r0", "r1", "r2", "r3"),
        lake.read(T).select("event_id").orderBy("event_id").collectAsList().stream().map(r -> r.getString(0)).toList());
  }

  private static Row row(String eventId, int day) {
    Object[] v = new Object[T.schema().size()];
    v[T.schema().fieldIndex("reason")] = "late";
    v[T.schema().fieldIndex("payload")] = "{\"event_id\":\"" + eventId + "\"}";
    v[T.schema().fieldIndex("event_id")] = eventId;
    v[T.schema().fieldIndex("ingest_date")] = Date.valueOf("2024-05-0" + (1 + day));
    return RowFactory.create(v);
  }

  private static void append(Lake lake, List<Row> rows) {
    lake.spark().createDataFrame(rows, T.schema()).coalesce(1).write().format("delta").mode("append").save(lake.path(T));
  }

  private static List<String> rows(Lake lake) {
    List<String> out = new ArrayList<>();
    for (Row r : lake.read(T).collectAsList()) out.add(r.toString());
    out.sort(null);
    return out;
  }

  private static List<Path> dataFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet") && !f.toString().contains("_delta_log"))
          .sorted().toList();
    }
  }
}
