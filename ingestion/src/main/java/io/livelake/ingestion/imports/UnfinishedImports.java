package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livelake.catalog.LakeLock;
import io.livelake.spark.LocalFiles;
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
 *
 * <p>A run killed while staging has no {@code run.json} and ingested nothing, but its directory holds raw user ids:
 * the {@link Claim} it held on {@code <run>.staging} beside that directory, an operating-system lock, is what tells
 * the next import that no one is staging there any more, and that it may delete it.
 */
public final class UnfinishedImports {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "run.json";
  private static final String CLAIM = ".staging";

  private UnfinishedImports() {}

  /** A run that staged its input: its options as flags, its files' digests in order, and what it staged. */
  public record Run(String name, String options, List<String> sha256, List<String> files, Importer.Staged staged,
      Instant stagedAt) {}

  /** Records in {@code dir} (the run's staging directory) that run {@code name} staged {@code staged} of {@code digests}. */
  public static void record(Path dir, String name, String options, List<ImportLedger.Digest> digests,
      Importer.Staged staged) {
    ObjectNode o = JSON.createObjectNode().put("run", name).put("options", options)
        .put("staged_at", Instant.now().toString()).put("input_files", staged.files())
        .put("rows_read", staged.rowsRead()).put("records", staged.records()).put("visits", staged.visits())
        .put("repeated_rows", staged.repeatedRows())
        .put("dimensions", staged.dimensions() != null);
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

  /** A run's hold on its staging directory until its {@code run.json} is written; closing it lets go. */
  public static final class Claim implements AutoCloseable {
    private final Path file;
    private final LakeLock lock;

    private Claim(Path file, LakeLock lock) {
      this.file = file;
      this.lock = lock;
    }

    @Override
    public void close() {
      try (lock) {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("import: cannot delete " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** Claims the staging directory {@code dir} (before it exists): hold it until {@link #record} has run. */
  public static Claim claim(Path dir) {
    Path file = claimFile(dir);
    // Released when closed, or by the operating system when the process dies.
    LakeLock lock = LakeLock.tryTake(file, "import staging " + dir.getFileName())
        .orElseThrow(() -> new IllegalStateException("import: " + file + " is held already"));
    return new Claim(file, lock);
  }

  private static Path claimFile(Path dir) { return dir.resolveSibling(dir.getFileName() + CLAIM); }

  /**
   * Deletes the staging directories under {@code importRoot} of runs that died while staging (their claim is held by
   * no one and they have no {@code run.json}) and returns them: they ingested nothing and hold raw user ids.
   */
  public static List<Path> removeAbandoned(Path importRoot) throws IOException {
    if (!Files.isDirectory(importRoot)) return List.of();
    List<Path> claims;
    try (Stream<Path> files = Files.list(importRoot)) {
      claims = files.filter(f -> f.getFileName().toString().endsWith(CLAIM)).sorted().toList();
    }
    List<Path> removed = new ArrayList<>();
    for (Path file : claims) {
      String name = file.getFileName().toString();
      Path dir = file.resolveSibling(name.substring(0, name.length() - CLAIM.length()));
      // Empty while a run, in this process or another, is staging there.
      Optional<LakeLock> free = LakeLock.tryTake(file, "import cleanup");
      if (free.isEmpty()) continue;
      try (LakeLock held = free.get()) {
        // Checked under the lock: a run writes run.json before it lets go of its claim.
        if (!Files.exists(dir.resolve(FILE)) && Files.exists(dir)) {
          LocalFiles.deleteTree(dir);
          removed.add(dir);
        }
        Files.deleteIfExists(file);
      }
    }
    return removed;
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
          // A run staged before imports made visits or counted repeated rows has none.
          o.get("rows_read").asLong(), o.get("records").asLong(), o.path("visits").asLong(0),
          o.path("repeated_rows").asLong(0));
      return new Run(o.get("run").asText(), o.get("options").asText(), sha, files, staged,
          Instant.parse(o.get("staged_at").asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("import: " + file + " cannot be read (" + e.getMessage() + "); delete its "
          + "directory if that run's events are all in the lake, or keep it and fix the file", e);
    }
  }
}
