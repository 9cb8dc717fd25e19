package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs of `livelake import` that staged their input and started ingesting it but did not finish (killed,
 * Ctrl-C, a failure): each one's staging directory keeps a {@code run.json} of what it staged, written before
 * its ingestion starts. Importing the same input again resumes such a run, through its own checkpoint and
 * cleaning state, instead of ingesting it whole a second time under a new run.
 */
public final class UnfinishedImports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "run.json";

  private UnfinishedImports() {}

  /** A run that staged its input: its options as flags, its files' digests in order, and what it staged. */
  public record Run(String name, String options, List<String> sha256, List<String> files, Importer.Staged staged,
      Instant stagedAt) {}

  /** Records in {@code dir} (the run's staging directory) that run {@code name} staged {@code staged} of {@code digests}. */
  public static void record(Path dir, String name, String options, List<ImportLedger.Digest> digests,
      Importer.Staged staged) {
    ObjectNode o = JSON.createObjectNode().put("run", name).put("options", options)
        .put("staged_at", Instant.now().toString()).put("input_files", staged.files())
        .put("rows_read", staged.rowsRead()).put("records", staged.records()).put("dimensions", staged.dimensions() != null);
    digests.forEach(d -> o.withArray("sha256").add(d.sha256()));
    digests.forEach(d -> o.withArray("files").add(d.file().toString()));
    try {
      Path tmp = dir.resolve(FILE + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), o);
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** Marks the run staged in {@code dir} finished (its files are in ops.imports), whether or not its staging is kept. */
  public static void finished(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot delete " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The unfinished run to resume for an input of {@code digests} imported with {@code options}: one that staged
   * the same contents in the same order with the same options.
   *
   * @throws IllegalArgumentException when an unfinished run staged one of these files otherwise (other options, or
   *     other files beside it): a new run would ingest again what that run had ingested
   */
  public static Optional<Run> resumable(Path importRoot, String options, List<ImportLedger.Digest> digests) {
    List<String> sha = digests.stream().map(ImportLedger.Digest::sha256).toList();
    for (Run r : under(importRoot)) {
      if (r.sha256().equals(sha) && r.options().equals(options)) return Optional.of(r);
      for (ImportLedger.Digest d : digests) {
        if (r.sha256().contains(d.sha256())) {
          throw new IllegalArgumentException("import: " + d.file() + " is part of run " + r.name() + " (" + r.options()
              + ", files " + String.join(", ", r.files()) + "), which stopped before it finished, so some of its events "
              + "may be in the lake: import that input with those options to resume it, or pass --again to import "
              + "this one anyway (then delete " + importRoot.resolve(r.name()) + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** The unfinished runs under {@code importRoot}, oldest first. */
  static List<Run> under(Path importRoot) {
    if (!Files.isDirectory(importRoot)) return List.of();
    List<Run> runs = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(importRoot)) {
      for (Path dir : dirs.sorted().toList()) {
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file)) runs.add(read(dir, file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("import: cannot list " + importRoot + ": " + e.getMessage(), e);
    }
    return runs;
  }

  private static Run read(Path dir, Path file) {
    try {
      JsonNode o = JSON.readTree(file.toFile());
      List<String> sha = new ArrayList<>();
      o.get("sha256").forEach(n -> sha.add(n.asText()));
      List<String> files = new ArrayList<>();
      o.get("files").forEach(n -> files.add(n.asText()));
      Importer.Staged staged = new Importer.Staged(dir.resolve("events"),
          o.get("dimensions").asBoolean() ? dir.resolve("dimensions") : null, o.get("input_files").asInt(),
          o.get("rows_read").asLong(), o.get("records").asLong());
      return new Run(o.get("run").asText(), o.get("options").asText(), sha, files, staged,
          Instant.parse(o.get("staged_at").asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("import: " + file + " cannot be read (" + e.getMessage() + "); delete its "
          + "directory if that run's events are all in the lake, or keep it and fix the file", e);
    }
  }
}
