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
  private Importer() {}

  /** What a run staged: its directories, the input lines read (headers included) and the records staged. */
  public record Staged(Path events, Path dimensions, int files, long rowsRead, long records) {}

  /**
   * Stages every line of {@code input} (a file, or the files of a directory in name order) in a new
   * directory {@code dir}, once the options and the input are found to fit.
   *
   * @throws IllegalArgumentException naming the option, the input or the file's header that does not fit
   */
  public static Staged stage(ImportOptions options, Path input, Path dir, Progress progress) throws IOException {
    ImportFormat format = options.converter();
    List<Path> files = files(input);
    Staging staging = new Staging(dir);
    long read;
    try (staging) {
      read = stage(format, files, staging, progress);
    }
    return new Staged(staging.events(), staging.dimensions(), files.size(), read, staging.staged());
  }

  private static long stage(ImportFormat format, List<Path> files, Staging staging, Progress progress) throws IOException {
    long read = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      staging.startFile(name);
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        long number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          try {
            format.line(number, line, staging);
          } catch (BadRow e) {
            staging.reject(number, line, e.getMessage());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("import: " + file + ": line " + number + ": " + e.getMessage(), e);
          }
          progress.advance(1);
        }
        read += number;
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
