package io.livelake.ingestion.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.ingestion.StreamCheckpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.paths.SparkPath;

/**
 * The files a file ingestion's checkpoint has read, as Spark's file source logged them (path, modification time,
 * batch), against the input directory now: a file modified after it was read (a log that grows, an export written
 * again under its name) is not read again, since the source reads each path once, so what it gained would be lost
 * without a word.
 */
public final class IngestedFiles {
  /** A file read in batch {@code batchId} as it was at {@code readAsOf}, modified at {@code modified} since. */
  public record Changed(String path, long batchId, long readAsOf, long modified) {}

  private record Read(long batchId, long modified) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int NAMED = 3;

  private IngestedFiles() {}

  /**
   * The files under {@code inputDir} that the checkpoint at {@code checkpointDir} read and that were modified
   * since, by path; none when the checkpoint has read nothing yet.
   */
  public static List<Changed> changed(Configuration conf, String checkpointDir, String inputDir) throws IOException {
    Map<Path, Read> read = read(conf, new Path(checkpointDir, "sources/0"));
    if (read.isEmpty()) return List.of();
    Path input = new Path(inputDir);
    FileSystem fs = input.getFileSystem(conf);
    List<Changed> changed = new ArrayList<>();
    if (!fs.exists(input)) return changed;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(input, true);
    while (files.hasNext()) {
      FileStatus f = files.next();
      Read r = read.get(fs.makeQualified(f.getPath()));
      if (r != null && f.getModificationTime() > r.modified()) {
        changed.add(new Changed(f.getPath().toString(), r.batchId(), r.modified(), f.getModificationTime()));
      }
    }
    changed.sort(java.util.Comparator.comparing(Changed::path));
    return changed;
  }

  /** What to tell of {@code changed} files under {@code inputDir}: the first few named, and what to do. */
  public static Optional<String> warning(List<Changed> changed, String inputDir) {
    if (changed.isEmpty()) return Optional.empty();
    String root = new Path(inputDir).toUri().getPath();
    List<String> named = changed.stream().limit(NAMED).map(c -> {
      String p = new Path(c.path()).toUri().getPath();
      return (p.startsWith(root + "/") ? p.substring(root.length() + 1) : p) + " (read in batch " + c.batchId()
          + " as it was at " + UTC.format(Instant.ofEpochMilli(c.readAsOf())) + ", modified at "
          + UTC.format(Instant.ofEpochMilli(c.modified())) + ")";
    }).toList();
    int n = changed.size();
    return Optional.of(String.format(Locale.ROOT, "%,d %s under %s changed after %s ingested, and what %s gained is "
        + "not read: %s%s. The file ingestion reads each file once, as it is when it appears: give new events new "
        + "files, each moved into the directory whole; to ingest what was added, write the lines after those "
        + "bronze.events_raw holds of the file (its largest source_line) to a new file", n, n == 1 ? "file" : "files",
        inputDir, n == 1 ? "it was" : "they were", n == 1 ? "it" : "they", String.join(", ", named),
        n > NAMED ? String.format(Locale.ROOT, " and %,d more", n - NAMED) : ""));
  }

  /** Spark's source log under {@code log}: each path read, with the batch and modification time of its last entry. */
  private static Map<Path, Read> read(Configuration conf, Path log) throws IOException {
    Map<Path, Read> read = new HashMap<>();
    FileSystem fs = log.getFileSystem(conf);
    if (!fs.exists(log)) return read;
    for (FileStatus f : fs.listStatus(log)) {
      if (!f.isFile() || !StreamCheckpoint.isBatchFile(f.getPath().getName())) continue;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
        in.readLine(); // the log's version, v1
        for (String line; (line = in.readLine()) != null; ) {
          if (line.isBlank()) continue;
          JsonNode e = JSON.readTree(line);
          Path path = fs.makeQualified(SparkPath.fromUrlString(e.path("path").asText()).toPath());
          Read r = new Read(e.path("batchId").asLong(), e.path("timestamp").asLong());
          read.merge(path, r, (a, b) -> a.batchId() >= b.batchId() ? a : b);
        }
      }
    }
    return read;
  }
}
