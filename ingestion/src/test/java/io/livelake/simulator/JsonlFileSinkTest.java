package io.livelake.simulator;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's files appear whole, as a file ingestion reading the same directory needs. */
class JsonlFileSinkTest {
  @TempDir Path dir;

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFileBeingWrittenHasAHiddenNameUntilItIsComplete() throws Exception {
    JsonlFileSink sink = new JsonlFileSink(dir, false, 2);
    sink.write("k", "{\"n\":1}");
    assertEquals(List.of(".events-00000.jsonl.writing"), names());
    sink.write("k", "{\"n\":2}");
    sink.write("k", "{\"n\":3}");
    assertEquals(List.of(".events-00001.jsonl.writing", "events-00000.jsonl"), names());
    assertEquals("{\"n\":1}\n{\"n\":2}\n", Files.readString(dir.resolve("events-00000.jsonl")));
    sink.close();
    assertEquals(List.of("events-00000.jsonl", "events-00001.jsonl"), names());
    assertEquals("{\"n\":3}\n", Files.readString(dir.resolve("events-00001.jsonl")));
  }
}
