package io.livelake.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writes one JSON event per line into rolling files events-00000.jsonl[.gz], N records per file. */
public final class JsonlFileSink implements EventSink {
  private final Path dir;
  private final boolean gzip;
  private final long perFile;
  private BufferedWriter out;
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
    if (out != null) out.close();
    Path f = dir.resolve(String.format(Locale.ROOT, "events-%05d.jsonl%s", files++, gzip ? ".gz" : ""));
    OutputStream os = Files.newOutputStream(f);
    if (gzip) os = new GZIPOutputStream(os, 1 << 16);
    out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
    inFile = 0;
  }

  @Override
  public String describe() { return files + " file(s) in " + dir; }

  @Override
  public void close() {
    try {
      if (out != null) out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close output in " + dir, e);
    }
  }
}
