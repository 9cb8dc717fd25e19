package io.livelake.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one JSON event per line into rolling files events-00000.jsonl[.gz], N records per file. Each file is
 * written under a hidden name and moved to its own when complete: a file ingestion reading the directory meanwhile
 * (which skips names starting with a dot) reads each file once, so it must never see one half written.
 */
public final class JsonlFileSink implements EventSink {
  private final Path dir;
  private final boolean gzip;
  private final long perFile;
  private BufferedWriter out;
  /** The file being written, under its hidden name, and the name it gets when complete. */
  private Path writing;
  private Path complete;
  private long inFile;
  private int files;

  public JsonlFileSink(Path dir, boolean gzip, long perFile) {
    this.dir = dir;
    this.gzip = gzip;
    this.perFile = perFile;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir, e);
    }
  }

  @Override
  public void write(String key, String json) {
    try {
      if (out == null || inFile >= perFile) roll();
      out.write(json);
      out.write('\n');
      inFile++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir, e);
    }
  }

  private void roll() throws IOException {
    finishFile();
    complete = dir.resolve(String.format(Locale.ROOT, "events-%05d.jsonl%s", files++, gzip ? ".gz" : ""));
    writing = dir.resolve("." + complete.getFileName() + ".writing");
    OutputStream os = Files.newOutputStream(writing);
    if (gzip) os = new GZIPOutputStream(os, 1 << 16);
    out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    inFile = 0;
  }

  private void finishFile() throws IOException {
    if (out == null) return;
    out.close();
    out = null;
    Files.move(writing, complete, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() { return files + " file(s) in " + dir; }

  @Override
  public void close() {
    try {
      finishFile();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close output in " + dir, e);
    }
  }
}
