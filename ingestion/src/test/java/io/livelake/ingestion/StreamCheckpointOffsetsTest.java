package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StreamCheckpoint#committedKafkaOffsets} on offset logs as Spark writes them. */
class StreamCheckpointOffsetsTest {
  private static final String META = "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1796300000000,\"conf\":{}}";

  @Test
  void theNewestCommittedBatchsOffsetsNotAPlannedOne() throws Exception {
    Lake lake = TestSpark.newLake("checkpoint-offsets");
    Path cp = local(StreamCheckpoint.dir(lake, "kafka-events"));
    write(cp.resolve("offsets/0"), "v1\n" + META + "\n{\"events\":{\"1\":40,\"0\":25}}\n");
    write(cp.resolve("offsets/1"), "v1\n" + META + "\n{\"events\":{\"1\":120,\"0\":75}}\n");
    // Planned, not committed: its records are still behind.
    write(cp.resolve("offsets/2"), "v1\n" + META + "\n{\"events\":{\"1\":180,\"0\":90}}\n");
    write(cp.resolve("commits/0"), "v1\n{\"nextBatchWatermarkMs\":0}\n");
    write(cp.resolve("commits/1"), "v1\n{\"nextBatchWatermarkMs\":0}\n");
    assertEquals(Map.of("events", Map.of(0, 75L, 1, 120L)), StreamCheckpoint.committedKafkaOffsets(lake, "kafka-events"));
  }

  @Test
  void aFileSourceOrNoCommitHasNoKafkaOffsets() throws Exception {
    Lake lake = TestSpark.newLake("checkpoint-offsets");
    assertEquals(Map.of(), StreamCheckpoint.committedKafkaOffsets(lake, "kafka-events"), "no checkpoint");
    Path files = local(StreamCheckpoint.dir(lake, "files"));
    write(files.resolve("offsets/0"), "v1\n" + META + "\n{\"logOffset\":0}\n");
    assertEquals(Map.of(), StreamCheckpoint.committedKafkaOffsets(lake, "files"), "nothing committed");
    write(files.resolve("commits/0"), "v1\n{\"nextBatchWatermarkMs\":0}\n");
    assertEquals(Map.of(), StreamCheckpoint.committedKafkaOffsets(lake, "files"), "a file source's offsets");
  }

  /** The lake's root is a file: URI. */
  private static Path local(String dir) { return Path.of(java.net.URI.create(dir)); }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
