package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The records an import staged, as the tests of its formats read them back. */
final class StagedRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StagedRecords() {}

  /** Every record of every file under {@code events}: files in path order, lines in file order. */
  static List<JsonNode> read(Path events) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(events)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(f)) rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }
}
