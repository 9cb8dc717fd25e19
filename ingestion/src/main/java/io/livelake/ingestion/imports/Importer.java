package io.livelake.ingestion.imports;

import io.livelake.progress.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converts input files of a public format into staged contract records, which the file ingestion then
 * validates, cleans and quarantines like any other events: the importer judges nothing itself.
 */
public final class Importer {
  private final ImportFormat format;
  private final List<Path> files;

  private Importer(ImportFormat format, List<Path> files) {
    this.format = format;
    this.files = files;
  }

  /** What a run staged: its directories, the input lines read (headers included) and the records staged. */
  public record Staged(Path events, Path dimensions, int files, long rowsRead, long records) {}

  /**
   * An import of {@code input} (a file, or the files of a directory in name order) as {@code options}
   * describe, checked (options, files, each file's header) before anything is staged.
   *
   * @throws IllegalArgumentException naming the option, the input or the file whose header does not fit
   */
  public static Importer of(ImportOptions options, Path input) throws IOException {
    ImportFormat format = options.converter();
    List<Path> files = files(input);
    if (!format.header().isEmpty()) {
      for (Path file : files) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String first = in.readLine();
          try {
            Header.require(format.header(), first == null ? "" : first);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("import: " + file + ": line 1: " + e.getMessage(), e);
          }
        }
      }
    }
    return new Importer(format, files);
  }

  /** Stages every line of the input but the headers in a new directory {@code dir}. */
  public Staged stage(Path dir, Progress progress) throws IOException {
    Staging staging = new Staging(dir);
    long read;
    try (staging) {
      read = stage(staging, progress);
    }
    return new Staged(staging.events(), staging.dimensions(), files.size(), read, staging.staged());
  }

  private long stage(Staging staging, Progress progress) throws IOException {
    long read = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      staging.startFile(name);
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          progress.advance(1);
          if (number == 1 && !format.header().isEmpty()) continue;
          try {
            format.line(number, line, staging);
          } catch (BadRow e) {
            staging.reject(number, line, e.getMessage());
          }
        }
        // Rows, not lines: a header is not a row.
        read += format.header().isEmpty() ? number : Math.max(0, number - 1);
      }
      format.endOfFile(staging);
    }
    return read;
  }

  private static List<Path> files(Path input) throws IOException {
    if (Files.isRegularFile(input)) return List.of(input);
    if (!Files.isDirectory(input)) throw new IllegalArgumentException("--input " + input + " does not exist");
    try (Stream<Path> s = Files.list(input)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
      if (files.isEmpty()) throw new IllegalArgumentException("--input " + input + " holds no file");
      return files;
    }
  }
}
