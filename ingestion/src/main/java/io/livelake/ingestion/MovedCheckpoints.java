package io.livelake.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A stateful query's checkpoint in a lake that was moved or copied (a directory renamed, a backup restored, a
 * lake synced to another disk). Spark's {@code transformWithState} writes the absolute paths of its state schema
 * files into the operator metadata ({@code state/<op>/_metadata/v2/<batch>}), so such a checkpoint read the
 * schemas of the lake it came from while that one was there, and failed once it was gone ("File ... does not
 * exist"). The paths are pointed at the same files in this checkpoint instead, before the query starts.
 */
public final class MovedCheckpoints {
  private static final Logger LOG = LogManager.getLogger(MovedCheckpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BATCH = Pattern.compile("\\d+");

  private MovedCheckpoints() {}

  /**
   * Points the state schema paths of the checkpoint at {@code dir} that name another checkpoint's files at this
   * one's files of the same name, when this one has them; returns the metadata files rewritten.
   */
  public static List<Path> relocate(Configuration conf, String dir) {
    Path root = new Path(dir);
    List<Path> rewritten = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      Path state = new Path(root, "state");
      if (!fs.exists(state)) return rewritten;
      String here = fs.makeQualified(root).toString();
      for (FileStatus operator : fs.listStatus(state)) {
        Path metadata = new Path(operator.getPath(), "_metadata/v2");
        if (!operator.isDirectory() || !fs.exists(metadata)) continue;
        for (FileStatus f : fs.listStatus(metadata)) {
          if (f.isFile() && BATCH.matcher(f.getPath().getName()).matches()
              && relocate(fs, f.getPath(), here, operator.getPath().getName())) {
            rewritten.add(f.getPath());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("checking the state schema paths of the checkpoint " + dir + ": "
          + e.getMessage(), e);
    }
    if (!rewritten.isEmpty()) {
      LOG.info("the checkpoint {} came from another place (a lake moved or copied): its state schema paths now "
          + "name its own files", dir);
    }
    return rewritten;
  }

  /** Rewrites one metadata file whose schema paths lie outside {@code here}; whether it did. */
  private static boolean relocate(FileSystem fs, Path file, String here, String operator) throws IOException {
    String text;
    try (var in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int eol = text.indexOf('\n');
    if (eol < 0) return false;
    JsonNode entry = JSON.readTree(text.substring(eol + 1));
    String marker = "/state/" + operator + "/_stateSchema/";
    boolean changed = false;
    for (JsonNode store : entry.path("stateStoreInfo")) {
      if (!(store.get("stateSchemaFilePaths") instanceof ArrayNode paths)) continue;
      for (int i = 0; i < paths.size(); i++) {
        String p = paths.get(i).asText();
        int at = p.lastIndexOf(marker);
        if (at < 0 || p.startsWith(here + "/")) continue;
        Path local = new Path(here + p.substring(at));
        if (!fs.exists(local)) continue;
        paths.set(i, TextNode.valueOf(local.toString()));
        changed = true;
      }
    }
    if (!changed) return false;
    // Written whole over the old file (and its checksum), as Spark reads it: the version line, then the entry.
    try (OutputStream out = fs.create(file, true)) {
      out.write((text.substring(0, eol + 1) + JSON.writeValueAsString((ObjectNode) entry)).getBytes(StandardCharsets.UTF_8));
    }
    return true;
  }
}
