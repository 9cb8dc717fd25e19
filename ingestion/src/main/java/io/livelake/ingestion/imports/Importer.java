package io.livelake.ingestion.imports;

import io.livelake.csv.CsvRecords;
import io.livelake.ingestion.source.NotText;
import io.livelake.ingestion.source.TextEncoding;
import io.livelake.progress.Progress;
import io.livelake.spark.LocalFiles;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Converts input files of a public format into staged contract records, which the file ingestion then
 * validates, cleans and quarantines like any other events: the importer judges nothing itself.
 */
public final class Importer {
  private static final int BUFFER = 1 << 16;
  /** How many blank lines a web page may start with before its first tag, as far as the check looks. */
  private static final int WEB_PAGE_LINES = 100;

  private final ImportFormat format;
  /** The charset --encoding gave; null for the input's own. */
  private final Charset encoding;
  /** What the input files' names are relative to: the input directory, or a single input file's own directory. */
  private final Path root;
  private final List<Path> files;
  private final List<String> unreadColumns;

  private Importer(ImportFormat format, Charset encoding, Path root, List<Path> files, List<String> unreadColumns) {
    this.format = format;
    this.encoding = encoding;
    this.root = root;
    this.files = files;
    this.unreadColumns = unreadColumns;
  }

  /**
   * What a run staged: its directories, the input rows read (headers not counted), the records staged and how many
   * visits (an enter_room each, and a leave_room if it lasts) of them were made for the rows' rooms ({@link Visits}),
   * and how many rows repeat an earlier row of their order exactly (each still a line of it).
   */
  public record Staged(Path events, Path dimensions, int files, long rowsRead, long records, long visits,
      long repeatedRows) {}

  /**
   * An import of {@code input} (a file, or the files under a directory, subdirectories too, in path order) as
   * {@code options} describe, checked (options, files, each file's header) before anything is staged.
   *
   * @throws IllegalArgumentException naming the option, the input or the file whose header does not fit
   */
  public static Importer of(ImportOptions options, Path input) throws IOException {
    ImportFormat format = options.converter();
    Charset encoding = options.charset();
    List<Path> files = files(input);
    List<String> unread = new ArrayList<>();
    // Each file opens (an archive of several files is refused), is no web page and starts with its format's header,
    // or none is staged.
    for (Path file : files) {
      try (BufferedReader in = open(file, encoding).lines()) {
        String first = readLine(in, file, 0);
        String content = first;
        for (long n = 1; content != null && LocalFiles.withoutBom(content).isBlank() && n < WEB_PAGE_LINES; n++) {
          content = readLine(in, file, n);
        }
        if (content != null && isWebPage(content)) {
          throw new IllegalArgumentException("import: " + file + " is a web page (HTML), not a data file: a download "
              + "that got a page instead of the file (a sign-in or error page, as Kaggle serves to a client not signed "
              + "in) has this content; download the file itself");
        }
        try {
          if (content != null) format.checkFirstContent(LocalFiles.withoutBom(content));
        } catch (BadFile e) {
          throw new IllegalArgumentException("import: " + file + ": " + e.getMessage() + "; nothing was imported");
        }
        if (!format.headers().isEmpty()) {
          List<String> extra = layout(format, file, first).extra();
          if (!extra.isEmpty()) {
            // pandas' to_csv writes its index as a first column without a name.
            List<String> named = extra.stream().map(c -> c.isEmpty() ? "(unnamed)" : c).toList();
            unread.add(file + ": column" + (extra.size() == 1 ? " " : "s ") + String.join(", ", named) + " not read ("
                + (extra.size() == 1 ? "it is" : "they are") + " not " + format.name() + "'s)");
          }
        }
      }
    }
    Path absolute = input.toAbsolutePath();
    return new Importer(format, encoding, Files.isDirectory(absolute) ? absolute : absolute.getParent(), files,
        List.copyOf(unread));
  }

  /** The input files, in the order they are imported. */
  public List<Path> files() { return files; }

  /** A sentence per input file whose header has columns the format does not read, naming them. */
  public List<String> unreadColumns() { return unreadColumns; }

  /**
   * The currency of the amounts the import stages (--currency or the format's); null for jsonl, whose records carry
   * their own.
   */
  public String currency() { return format.currency(); }

  /**
   * Stages every line of the input but the headers in a new directory {@code dir}, in event files the file ingestion
   * reads whole ({@code maxFileBytes}, ingest.max.file.bytes).
   *
   * @throws IllegalArgumentException naming a jsonl file over that size (staged as it is, it cannot be split)
   */
  public Staged stage(Path dir, long maxFileBytes, Progress progress) throws IOException {
    Staging staging = new Staging(dir, maxFileBytes, files.size());
    long read;
    try (staging) {
      read = stage(staging, progress);
      if (staging.endInput()) {
        progress.close();
        try (Progress merge = progress.then("import: merging " + files.size() + " files in time order",
            staging.staged(), "records")) {
          staging.finish(merge);
        }
      }
    }
    return new Staged(staging.events(), staging.dimensions(), files.size(), read, staging.staged(), staging.visits(),
        staging.repeatedRows());
  }

  private long stage(Staging staging, Progress progress) throws IOException {
    long read = 0;
    for (Path file : files) {
      // The path under the input directory: two files of one name in two subdirectories stay apart (in their
      // staged files and their event ids).
      staging.startFile(root.relativize(file.toAbsolutePath()).toString());
      TextEncoding.Opened text = open(file, encoding);
      try (BufferedReader in = text.lines()) {
        CsvRecords records = new CsvRecords(in::readLine);
        if (format.csv() && format.headers().isEmpty()) records.csv(',');
        for (CsvRecords.Record record = next(records, file); record != null; record = next(records, file)) {
          long number = record.line();
          String line = record.text();
          progress.advance(record.lastLine() - number + 1);
          if (number == 1 && !format.headers().isEmpty()) {
            Header.Match header = layout(format, file, line);
            records.csv(header.delimiter());
            format.startFile(header);
            continue;
          }
          if (number == 1) line = LocalFiles.withoutBom(line);
          if (line.isBlank() && format.csv()) continue;
          if (encoding == null) requireDecoded(file, number, line, text.charset());
          read++;
          try {
            format.line(number, line, staging);
          } catch (BadRow e) {
            staging.reject(number, line, e.getMessage());
          } catch (BadFile e) {
            throw new IllegalArgumentException("import: " + file + ": line " + number + ": " + e.getMessage()
                + "; nothing was imported");
          }
        }
      }
      format.endOfFile(staging);
    }
    return read;
  }

  /**
   * A file's text: gunzipped when its name ends in .gz, the one file in it when it ends in .zip (the public logs are
   * published so: REES46's as .gz, Tianchi's as .zip), in {@code encoding} or else UTF-8 or UTF-16 ({@link
   * TextEncoding}); bytes that do not decode read as U+FFFD.
   */
  private static TextEncoding.Opened open(Path file, Charset encoding) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    // UCI publishes Online Retail (II) as a workbook: read as text it would be a header of binary.
    if (name.endsWith(".xlsx") || name.endsWith(".xls")) {
      throw new IllegalArgumentException("import: " + file + " is an Excel workbook, which import does not read: save "
          + "each sheet as CSV (UTF-8) and give the files or their directory");
    }
    InputStream in = null;
    try {
      in = name.endsWith(".zip") ? zipped(file) : Files.newInputStream(file);
      if (name.endsWith(".gz")) in = new GZIPInputStream(in, BUFFER);
      BufferedInputStream peeked = new BufferedInputStream(in, BUFFER);
      in = peeked;
      peeked.mark(NotText.HEAD);
      byte[] head = peeked.readNBytes(NotText.HEAD);
      peeked.reset();
      // Read as lines, a binary file would be refused as "in another encoding", which it is not.
      String binary = NotText.name(head);
      if (binary != null) {
        in.close();
        throw new IllegalArgumentException("import: " + file + " is " + binary + ", not text: import reads CSV files "
            + "(JSON Lines for --format jsonl), as they are, gzipped under a name ending in .gz or alone in a .zip; "
            + "export the data so; nothing was imported");
      }
      return TextEncoding.open(in, encoding);
    } catch (IOException e) {
      if (in != null) in.close();
      throw unreadable(file, 0, e);
    }
  }

  /**
   * The one file a ZIP archive holds. An archive of several is refused: its files would need names and an order of
   * their own, which a directory gives.
   */
  private static InputStream zipped(Path file) throws IOException {
    ZipFile zip = new ZipFile(file.toFile());
    try {
      List<? extends ZipEntry> files = zip.stream().filter(e -> !e.isDirectory()).toList();
      if (files.size() != 1) {
        throw new IllegalArgumentException("import: " + file + " is a ZIP archive of " + files.size() + " files: unzip "
            + "it and give the directory (a .zip is read when it holds one file)");
      }
      return new FilterInputStream(zip.getInputStream(files.get(0))) {
        @Override
        public void close() throws IOException {
          try (zip) {
            super.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** The layout of {@code format} that a file's first line names, or one line naming the file and the layouts. */
  private static Header.Match layout(ImportFormat format, Path file, String first) {
    try {
      return Header.require(format.headers(), first == null ? "" : first);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("import: " + file + ": line 1: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the import at the first line with bytes that do not decode, unless --encoding named the charset: the file is
   * then most likely in another encoding (Online Retail's copies are ISO-8859-1, Excel writes a CSV in windows-1252),
   * and read on, its rows would be stored with U+FFFD for letters and '£'.
   */
  private static void requireDecoded(Path file, long number, String line, Charset charset) {
    int at = line.indexOf('\uFFFD');
    if (at < 0) return;
    throw new IllegalArgumentException("import: " + file + ": line " + number + " has bytes that are not "
        + charset.name() + " (column " + (at + 1) + " reads as U+FFFD): the file is in another encoding. Give it with "
        + "--encoding (windows-1252 for a CSV saved by Excel on Windows, ISO-8859-1 for Latin-1), or --encoding "
        + charset.name() + " to read such bytes as U+FFFD, each row judged on its own; nothing was imported");
  }

  /** The next record; a file that cannot be read on (a truncated .gz) stops the import before anything is written. */
  private static CsvRecords.Record next(CsvRecords records, Path file) {
    try {
      return records.next();
    } catch (UncheckedIOException e) {
      throw unreadable(file, records.lines(), e.getCause());
    }
  }

  /** The next line; a file that cannot be read on (a truncated .gz) stops the import before anything is written. */
  private static String readLine(BufferedReader in, Path file, long linesRead) {
    try {
      return in.readLine();
    } catch (IOException e) {
      throw unreadable(file, linesRead, e);
    }
  }

  private static IllegalArgumentException unreadable(Path file, long linesRead, IOException e) {
    return new IllegalArgumentException("import: " + file + ": cannot be read" + (linesRead == 0 ? ""
        : " after line " + linesRead) + " (" + e.getMessage() + "); nothing was imported", e);
  }

  /** Whether {@code line}, a file's first that is not blank, opens an HTML document. */
  private static boolean isWebPage(String line) {
    String s = LocalFiles.withoutBom(line).strip().toLowerCase(Locale.ROOT);
    return s.startsWith("<!doctype html") || s.startsWith("<html");
  }

  /** Whether a file under the input is hidden: its name or a directory's on the way starts with a dot. */
  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) return true;
    }
    return false;
  }

  private static List<Path> files(Path input) throws IOException {
    if (Files.isRegularFile(input)) return List.of(input);
    if (!Files.isDirectory(input)) throw new IllegalArgumentException("--input " + input + " does not exist");
    try (Stream<Path> s = Files.walk(input)) {
      List<Path> files = s.filter(Files::isRegularFile).filter(p -> !hidden(input.relativize(p))).sorted().toList();
      if (files.isEmpty()) throw new IllegalArgumentException("--input " + input + " holds no file");
      return files;
    }
  }
}
