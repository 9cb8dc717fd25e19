package io.livelake.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.catalog.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The Structured Streaming checkpoint of a pipeline, {@code <lake>/_checkpoints/ingest-<pipeline>}, as
 * the ingestion sees it before the query starts: whether its files are readable, whether it has
 * committed a batch, and, for a checkpoint made by {@code ingest --recover}, the batch id of the tables
 * that its batch 0 is (Spark numbers a new checkpoint's batches from 0 again; the tables, their marks
 * and ops.ingest_batches keep counting, so recovered batch N is batch first + N of the tables).
 */
public final class StreamCheckpoint {
  /** Written by {@code ingest --recover} into the new checkpoint directory; Spark ignores files it does not know. */
  static final String RECOVERY_FILE = "livelake-recovery.properties";
  private static final String FIRST_BATCH = "first.batch";
  /** Where the set-aside checkpoint went: for the person who looks, the ingestion never reads it. */
  private static final String RECOVERED_FROM = "recovered.from";
  private static final Pattern BATCH_FILE = Pattern.compile("\\d+(\\.compact)?");
  private static final Pattern VERSION_LINE = Pattern.compile("v\\d+");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether {@code name} is a batch's file of one of a checkpoint's logs ({@code 7}, or {@code 9.compact}). */
  public static boolean isBatchFile(String name) { return BATCH_FILE.matcher(name).matches(); }

  private final String dir;
  private final long firstBatch;
  private final boolean recovered;
  private final boolean hasCommits;
  private final boolean keepsState;

  private StreamCheckpoint(String dir, long firstBatch, boolean recovered, boolean hasCommits, boolean keepsState) {
    this.dir = dir;
    this.firstBatch = firstBatch;
    this.recovered = recovered;
    this.hasCommits = hasCommits;
    this.keepsState = keepsState;
  }

  /** No checkpoint: a batch function called directly, whose batch ids are the tables'. */
  static final StreamCheckpoint NONE = new StreamCheckpoint("(none)", 0, false, true, false);

  /** The checkpoint directory of {@code pipeline}. */
  static String dir(Lake lake, String pipeline) { return lake.paths().checkpoint("ingest-" + pipeline); }

  /**
   * Opens the checkpoint of {@code pipeline} (it may not exist yet), reading every file Spark will read.
   *
   * @throws UnusableCheckpointException naming the first damaged file
   */
  static StreamCheckpoint open(Lake lake, String pipeline) {
    String dir = dir(lake, pipeline);
    MovedCheckpoints.relocate(lake.spark().sparkContext().hadoopConfiguration(), dir);
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      StreamCheckpoint cp = new StreamCheckpoint(dir, 0, false, false, false);
      Path metadata = new Path(root, "metadata");
      if (fs.exists(metadata)) {
        String text = cp.read(fs, metadata);
        if (!cp.json(metadata, text.strip()).path("id").isTextual()) throw cp.damaged(metadata, "no query id");
      }
      cp.checkLog(fs, new Path(root, "offsets"), 3);
      boolean hasCommits = cp.checkLog(fs, new Path(root, "commits"), 2);
      Path sources = new Path(root, "sources");
      if (fs.exists(sources)) {
        for (FileStatus source : fs.listStatus(sources)) {
          if (source.isDirectory()) cp.checkLog(fs, source.getPath(), 1);
        }
      }
      boolean keepsState = keepsState(fs, root);
      Path recovery = new Path(root, RECOVERY_FILE);
      if (!fs.exists(recovery)) return new StreamCheckpoint(dir, 0, false, hasCommits, keepsState);
      Properties p = new Properties();
      p.load(new java.io.StringReader(cp.read(fs, recovery)));
      try {
        return new StreamCheckpoint(dir, Long.parseLong(p.getProperty(FIRST_BATCH, "")), true, hasCommits, keepsState);
      } catch (NumberFormatException e) {
        throw cp.damaged(recovery, FIRST_BATCH + " is not a batch id");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the checkpoint " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether the checkpoint of {@code pipeline} keeps state, i.e. its cleaning ran in Spark's state store. */
  static boolean keepsState(Lake lake, String pipeline) {
    Path root = new Path(dir(lake, pipeline));
    try {
      return keepsState(root.getFileSystem(lake.spark().sparkContext().hadoopConfiguration()), root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the checkpoint " + root + ": " + e.getMessage(), e);
    }
  }

  private static boolean keepsState(FileSystem fs, Path root) throws IOException {
    // Only a query with a stateful operator (the cleaning in the state store) has state.
    return fs.exists(new Path(root, "state"));
  }

  /**
   * Creates the checkpoint of a recovery: an empty directory holding only the batch id of the tables
   * its batch 0 becomes. The directory must not exist.
   */
  static void createRecovered(Lake lake, String pipeline, long firstBatch, String recoveredFrom) throws IOException {
    Path root = new Path(dir(lake, pipeline));
    FileSystem fs = root.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    String text = FIRST_BATCH + "=" + firstBatch + "\n" + RECOVERED_FROM + "=" + recoveredFrom.replace("\\", "\\\\") + "\n";
    try (FSDataOutputStream out = fs.create(new Path(root, RECOVERY_FILE), false)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The Kafka offsets the newest committed batch of {@code pipeline} read up to (the next offset of each
   * partition), per topic, from Spark's own offset log in the checkpoint; empty when no batch has
   * committed or the source is not Kafka.
   *
   * @throws UnusableCheckpointException naming a damaged file
   */
  public static Map<String, Map<Integer, Long>> committedKafkaOffsets(Lake lake, String pipeline) throws IOException {
    String dir = dir(lake, pipeline);
    FileSystem fs = new Path(dir).getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    long newest = newestCommit(fs, dir);
    if (newest < 0) return Map.of();
    Map<String, Map<Integer, Long>> out = new TreeMap<>();
    // One offset per source: {"topic":{"partition":offset}} for Kafka.
    for (JsonNode source : sourceOffsets(fs, dir, newest)) {
      source.properties().forEach(topic -> {
        if (!topic.getValue().isObject()) return;
        Map<Integer, Long> partitions = new TreeMap<>();
        topic.getValue().properties().forEach(p -> partitions.put(Integer.valueOf(p.getKey()), p.getValue().asLong()));
        out.put(topic.getKey(), partitions);
      });
    }
    return out;
  }

  /** The newest batch in the commit log of the streaming checkpoint {@code dir}; -1 when none committed. */
  static long newestCommit(FileSystem fs, String dir) throws IOException {
    Path commits = new Path(dir, "commits");
    if (!fs.exists(commits)) return -1;
    long newest = -1;
    for (FileStatus f : fs.listStatus(commits)) {
      String name = f.getPath().getName();
      if (f.isFile() && name.chars().allMatch(Character::isDigit)) newest = Math.max(newest, Long.parseLong(name));
    }
    return newest;
  }

  /**
   * The offset of each source (none for a "-") that batch {@code batch} of the streaming checkpoint
   * {@code dir} reads up to, from Spark's offset log, which must hold the batch.
   *
   * @throws UnusableCheckpointException naming a damaged file
   */
  static List<JsonNode> sourceOffsets(FileSystem fs, String dir, long batch) throws IOException {
    StreamCheckpoint cp = new StreamCheckpoint(dir, 0, false, false, false);
    Path offsets = new Path(new Path(dir, "offsets"), Long.toString(batch));
    // A version line, the batch's metadata, then one line per source.
    String[] lines = cp.read(fs, offsets).split("\n");
    List<JsonNode> out = new ArrayList<>();
    for (int i = 2; i < lines.length; i++) {
      if (!lines[i].equals("-")) out.add(cp.json(offsets, lines[i]));
    }
    return out;
  }

  String dir() { return dir; }

  /** The tables' batch id of the checkpoint's batch 0: 0 unless made by a recovery. */
  long firstBatch() { return firstBatch; }

  /** Whether the checkpoint was made by {@code ingest --recover}. */
  boolean recovered() { return recovered; }

  /** Whether the query has committed a batch to this checkpoint before this start. */
  boolean hasCommits() { return hasCommits; }

  /**
   * Refuses to resume with the cleaning state elsewhere than where this checkpoint's batches kept it: the
   * state store's state is in the checkpoint, the driver's is rebuilt from the tables, and neither is the other.
   *
   * @throws UnusableCheckpointException naming the setting and the way to switch
   */
  void requireCleaningState(boolean inStore) {
    if (!hasCommits || keepsState == inStore) return;
    String was = keepsState ? "store" : "driver";
    throw new UnusableCheckpointException("ingest.cleaning.state = " + (inStore ? "store" : "driver")
        + ", but the checkpoint " + dir + " kept the cleaning state in the " + (keepsState ? "state store" : "driver")
        + " (ingest.cleaning.state = " + was + "); set it back to " + was + ", or switch with `livelake ingest "
        + "--recover`, which resumes after what the tables hold"
        + (inStore ? " with the state store empty (duplicates of events before the switch are not recognized)" : ""));
  }

  /** The refusal of a checkpoint that does not belong to the tables, in one line. */
  UnusableCheckpointException refused(String why) {
    return new UnusableCheckpointException(why + ": the checkpoint " + dir + " does not belong to these tables (was it"
        + " deleted, moved or replaced?); nothing was written. " + RECOVERY);
  }

  private static final String RECOVERY = "Run `livelake ingest --recover` with the same options to set the checkpoint"
      + " aside and resume exactly after what the tables hold.";

  private UnusableCheckpointException damaged(Path file, String why) {
    // Named under the directory as the lake spells it, which Hadoop's paths would respell (file:/// as file:/).
    String name = dir + file.toUri().getPath().substring(new Path(dir).toUri().getPath().length());
    return new UnusableCheckpointException("the checkpoint file " + name + " is damaged (" + why
        + "); nothing was written. " + RECOVERY);
  }

  /**
   * Checks the batch files of one of Spark's metadata logs (a version line, then a JSON value or "-"
   * per line); returns whether it holds any. {@code minLines}: the lines a complete file has.
   */
  private boolean checkLog(FileSystem fs, Path log, int minLines) throws IOException {
    if (!fs.exists(log)) return false;
    boolean any = false;
    for (FileStatus f : fs.listStatus(log)) {
      if (!f.isFile() || !isBatchFile(f.getPath().getName())) continue;
      any = true;
      // A Kafka source's initial offsets begin with a zero byte (kept for Spark 2.1, SPARK-19517).
      String text = read(fs, f.getPath()).replaceFirst("^\u0000", "");
      String[] lines = text.split("\n", -1);
      int n = text.endsWith("\n") ? lines.length - 1 : lines.length;
      if (n < minLines || !VERSION_LINE.matcher(lines[0]).matches()) {
        throw damaged(f.getPath(), n == 0 ? "empty" : "incomplete: " + n + " line(s)");
      }
      for (int i = 1; i < n; i++) {
        if (!lines[i].equals("-")) json(f.getPath(), lines[i]);
      }
    }
    return any;
  }

  private JsonNode json(Path file, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw damaged(file, "not JSON: " + e.getOriginalMessage());
    }
  }

  /** The file as strict UTF-8; a checksum that no longer matches is damage too. */
  private String read(FileSystem fs, Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = fs.open(file)) {
      bytes = in.readAllBytes();
    } catch (ChecksumException e) {
      throw damaged(file, "its checksum does not match");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw damaged(file, "not text");
    }
  }
}
