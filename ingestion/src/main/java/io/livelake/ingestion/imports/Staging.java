package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livelake.progress.Progress;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * The staging directory of one import run: contract events in {@code events/<input file>.jsonl} (its path under
 * the input directory; then
 * {@code <input file>.part-00002.jsonl} and on, past the part size) and
 * the dimension files derived from them in {@code dimensions/}. Every staged record carries
 * {@code import_file} and {@code import_line} (fields outside the contract, so ingestion ignores them
 * and keeps them in the payload), which is how a quarantined record is traced to its input row.
 *
 * <p>Converted records are staged in event-time order (rows that did not convert first): the
 * cleaning rules judge records in arrival order, and a log sorted by user (Tianchi's UserBehavior)
 * would otherwise be mostly `late`. Each input file's records are held in memory for that sort, and the visits
 * its in-room events imply ({@link Visits}) are staged among them; the records of several files are merged into one
 * time order first, and the visits made over all of them ({@link #finish}).
 */
final class Staging implements AutoCloseable {
  static final String FILE = "import_file";
  static final String LINE = "import_line";
  /** The last input line of a record made of several (an invoice's rows). */
  static final String LAST_LINE = "import_last_line";
  static final String PROBLEM = "import_problem";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  /** The size at which a staged file is closed and the next part of the same input file begun. */
  private final long partBytes;
  /** ingest.max.file.bytes: what the file ingestion reads whole, the bound of a file staged as it is. */
  private final long maxFileBytes;
  /** How many input files there are: with several, the visits are made once their records are merged. */
  private final int inputFiles;
  /** Whether the current file is staged line for line (jsonl), so that its staged lines are the input's. */
  private boolean verbatim;
  private final long startedMs = System.currentTimeMillis();
  private Counted counted;
  private Path current;
  private int part;
  private int filesClosed;
  private final Map<String, long[]> sessionTimes = new LinkedHashMap<>();
  private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();
  private final Map<String, ObjectNode> products = new LinkedHashMap<>();
  private Writer events;
  /** Where new event files go: events/, or the merge's directory while it runs. */
  private Path partsDir;
  /** Each input file's staged event files (its parts), in input order. */
  private final List<List<Path>> stagedByInput = new ArrayList<>();
  /** The current file's converted records with their event times, written sorted when the file ends. */
  private final List<Timed> pending = new ArrayList<>();
  private String inputName;
  private long staged;
  private long visits;
  private long repeatedRows;

  /**
   * A new staging directory at {@code dir} (it must not exist: a run never adds to another's) for {@code inputFiles}
   * input files and a file ingestion that reads files of up to {@code maxFileBytes} whole: converted records go to
   * parts of about a quarter of that (64 MiB at most), a file staged as it is must stay within it.
   */
  Staging(Path dir, long maxFileBytes, int inputFiles) throws IOException {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    this.inputFiles = inputFiles;
    this.partBytes = Math.min(64L << 20, maxFileBytes / 4);
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir);
    Files.createDirectories(events());
    partsDir = events();
  }

  /** Where the staged events are: the input of the file ingestion. */
  Path events() { return dir.resolve("events"); }

  /** Where the dimension files are, or null when the input yields none. */
  Path dimensions() { return sessions.isEmpty() && products.isEmpty() ? null : dir.resolve("dimensions"); }

  /** Records staged so far. */
  long staged() { return staged; }

  /** Visits made for the converted events so far ({@link Visits}): an enter_room each, and a leave_room if it lasts. */
  long visits() { return visits; }

  /** Rows so far that repeat an earlier row of their order exactly ({@link #repeatedRow}). */
  long repeatedRows() { return repeatedRows; }

  /**
   * Counts a row that repeats an earlier row of its order exactly, which is still staged as a line of the order:
   * whether such a row is a second unit or the same row exported twice cannot be told from the data, so the summary
   * says how many there were.
   */
  void repeatedRow() { repeatedRows++; }

  /** Starts the staged file of the input file {@code name}. */
  void startFile(String name) throws IOException {
    closeFile();
    inputName = name;
    verbatim = false;
    part = 1;
    stagedByInput.add(new ArrayList<>());
    Path file = events().resolve(name + ".jsonl");
    Files.createDirectories(file.getParent());
    open(file);
  }

  private void open(Path file) throws IOException {
    current = file;
    if (partsDir.equals(events())) stagedByInput.get(stagedByInput.size() - 1).add(file);
    counted = new Counted(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    events = new OutputStreamWriter(counted, StandardCharsets.UTF_8);
  }

  /**
   * Closes the current event file with a modification time after every earlier one's: the file source takes files
   * oldest first, so a file's parts and the input files are ingested in the order they were staged.
   */
  private void closeEvents() throws IOException {
    events.close();
    Files.setLastModifiedTime(current, FileTime.fromMillis(startedMs + filesClosed++));
    events = null;
  }

  /**
   * Counts the bytes written through it. The writer above is flushed after each record, so that the count is exact;
   * that flush stops here, the buffer below writes to the file when full.
   */
  private static final class Counted extends FilterOutputStream {
    long bytes;

    Counted(OutputStream out) { super(out); }

    @Override public void flush() { }

    @Override public void close() throws IOException {
      out.close();
    }

    @Override public void write(int b) throws IOException {
      out.write(b);
      bytes++;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bytes += len;
    }
  }

  /** A contract event of input line {@code line} with its common fields, to be completed and then {@link #write written}. */
  ObjectNode event(String type, long line, long timeMs, String platform, String userId) {
    ObjectNode e = JSON.createObjectNode();
    // An id per input row, the same on every import of the file.
    e.put("schema_version", 1).put("event_id", platform + ":" + inputName + ":" + line).put("event_type", type)
        .put("event_time", timeMs).put("platform", platform);
    // A missing user stays missing: ingestion quarantines it as a schema violation.
    if (!userId.isBlank()) e.put("user_id", userId);
    return e;
  }

  /** Stages {@code event}, converted from input line {@code line}. */
  void write(long line, ObjectNode event) {
    event.put(FILE, inputName).put(LINE, line);
    pending.add(new Timed(event.get("event_time").longValue(), line, event));
  }

  /** A converted record with its sort key: time (a row that did not convert first), then input line. */
  private record Timed(long time, long line, ObjectNode record) {
    static final Comparator<Timed> ORDER = Comparator.comparingLong(Timed::time).thenComparingLong(Timed::line);
  }

  /**
   * Stages input line {@code line}, which could not be converted, as a record with none of the
   * contract's fields: ingestion quarantines it (schema_violation) with the row in its payload.
   */
  void reject(long line, String row, String why) {
    ObjectNode o = JSON.createObjectNode();
    o.put(FILE, inputName).put(LINE, line).put(PROBLEM, why).put("import_row", row);
    pending.add(new Timed(Long.MIN_VALUE, line, o));
  }

  /** Puts {@code event} in {@code room}: sets its session and anchor and widens the session's span. */
  void inRoom(ObjectNode event, SessionRule.Room room, String platform) {
    event.put("session_id", room.sessionId()).put("anchor_id", room.anchorId());
    long t = event.get("event_time").longValue();
    long[] span = sessionTimes.computeIfAbsent(room.sessionId(), k -> new long[] {t, t});
    span[0] = Math.min(span[0], t);
    span[1] = Math.max(span[1], t);
    sessions.computeIfAbsent(room.sessionId(), k -> JSON.createObjectNode().put("session_id", k)
        .put("anchor_id", room.anchorId()).putNull("anchor_name").put("platform", platform).put("title", room.title()));
  }

  /** Records a product as last seen (a later row wins, as in the dimension load). */
  void product(String id, String name, String category, BigDecimal listPrice, String currency) {
    ObjectNode p = JSON.createObjectNode().put("product_id", id);
    p.put("product_name", name == null || name.isBlank() ? null : name);
    p.put("category", category == null || category.isBlank() ? null : category);
    p.put("list_price", listPrice);
    p.put("currency", currency);
    products.put(id, p);
  }

  /** Stages {@code line} as it is, in input order: a record already in the contract's form, traced by its staged line. */
  void verbatim(String line) {
    verbatim = true;
    append(line);
  }

  private void append(ObjectNode record) {
    try {
      append(JSON.writeValueAsString(record));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void append(String record) {
    put(record);
    staged++;
  }

  /** Writes {@code record} to the current event file, begun or closed at its part size. */
  private void put(String record) {
    try {
      // A part is begun by its first record, so that no part is empty.
      if (events == null) open(partsDir.resolve(inputName + String.format(Locale.ROOT, ".part-%05d.jsonl", ++part)));
      events.write(record);
      events.write('\n');
      events.flush();
      if (verbatim && counted.bytes > maxFileBytes) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "import: %s holds more than ingest.max.file.bytes "
            + "= %,d bytes, which the file ingestion reads whole and a jsonl file is staged as it is: split it into "
            + "smaller files (e.g. split -l 1000000); nothing was ingested", inputName, maxFileBytes));
      }
      if (!verbatim && counted.bytes >= partBytes) closeEvents();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeFile() throws IOException {
    pending.sort(Timed.ORDER);
    if (inputFiles > 1) {
      for (Timed t : pending) append(t.record());
    } else {
      Visits made = new Visits((record, text) -> append(record));
      for (Timed t : pending) made.add(t.record(), null);
      made.end();
      visits += made.made();
    }
    pending.clear();
    if (events != null) closeEvents();
  }

  /**
   * Ends the staging of the input files: when there were several, merges their records into one event-time order
   * ({@code progress} counting them), since the cleaning rules judge records in the order they arrive and the files
   * come in path order: REES46's 2019-Nov.csv comes before its 2019-Oct.csv, whose events would all be late. The
   * visits are made over the merged records, so that a user's visit is one whatever files its rows are in (a
   * log exported as part files splits it anywhere). Each file's records are in time order already, so a k-way merge
   * holds one record of each file in memory, and the visits the records of their last {@link Visits#GAP_MS}.
   */
  void finish(Progress progress) throws IOException {
    if (!endInput()) return;
    Path merged = dir.resolve("merged");
    Files.createDirectory(merged);
    List<BufferedReader> readers = new ArrayList<>();
    try {
      PriorityQueue<Head> heads = new PriorityQueue<>(Head.ORDER);
      for (int i = 0; i < stagedByInput.size(); i++) {
        readers.add(chained(stagedByInput.get(i)));
        Head h = Head.next(readers.get(i), i);
        if (h != null) heads.add(h);
      }
      partsDir = merged;
      inputName = "merged";
      part = 1;
      open(merged.resolve("merged.jsonl"));
      Visits made = new Visits((record, text) -> {
        if (text == null) append(record);
        else put(text);
      });
      while (!heads.isEmpty()) {
        Head h = heads.poll();
        made.add(h.record(), h.text());
        progress.advance(1);
        Head next = Head.next(readers.get(h.input()), h.input());
        if (next != null) heads.add(next);
      }
      made.end();
      visits = made.made();
      if (events != null) closeEvents();
    } finally {
      for (BufferedReader r : readers) r.close();
    }
    try (Stream<Path> old = Files.walk(events())) {
      for (Path p : old.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    Files.move(merged, events());
    partsDir = events();
  }

  /**
   * Ends the last input file's staging (so that {@link #staged} counts every record but the visits of several files);
   * true when {@link #finish} has the records of several files to merge: converted ones (jsonl is staged as it is).
   */
  boolean endInput() throws IOException {
    closeFile();
    return !verbatim && inputFiles > 1;
  }

  /** The lines of {@code files} one after the other. */
  private static BufferedReader chained(List<Path> files) throws IOException {
    List<InputStream> streams = new ArrayList<>();
    for (Path f : files) streams.add(Files.newInputStream(f));
    return new BufferedReader(new InputStreamReader(new SequenceInputStream(Collections.enumeration(streams)),
        StandardCharsets.UTF_8), 1 << 16);
  }

  /** The next staged record of one input file: its time (a row that did not convert first), then input file order. */
  private record Head(long time, int input, ObjectNode record, String text) {
    static final Comparator<Head> ORDER = Comparator.comparingLong(Head::time).thenComparingInt(Head::input);

    static Head next(BufferedReader in, int input) throws IOException {
      String line = in.readLine();
      if (line == null) return null;
      ObjectNode r = (ObjectNode) JSON.readTree(line);
      JsonNode time = r.get("event_time");
      return new Head(time == null ? Long.MIN_VALUE : time.longValue(), input, r, line);
    }
  }

  /**
   * Closes the last events file and writes the dimension files that have rows (the load refuses an
   * empty one).
   */
  @Override
  public void close() throws IOException {
    closeFile();
    if (dimensions() == null) return;
    Files.createDirectories(dimensions());
    sessions.forEach((id, s) -> s.put("start_time", sessionTimes.get(id)[0]).put("end_time", sessionTimes.get(id)[1]));
    writeDimension("sessions.jsonl", sessions);
    writeDimension("products.jsonl", products);
  }

  private void writeDimension(String name, Map<String, ObjectNode> rows) throws IOException {
    if (rows.isEmpty()) return;
    try (BufferedWriter w = Files.newBufferedWriter(dimensions().resolve(name), StandardCharsets.UTF_8)) {
      for (ObjectNode r : rows.values()) {
        w.write(JSON.writeValueAsString(r));
        w.write('\n');
      }
    }
  }
}
