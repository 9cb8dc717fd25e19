package io.livelake.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress display on stderr for work longer than a few seconds: a redrawn bar on a terminal,
 * a line every few seconds otherwise (logs, CI). Thread-safe; cheap to call per record.
 */
public final class Progress implements AutoCloseable {
  private static final long TERMINAL_INTERVAL_NS = 200_000_000L;
  private static final long LOG_INTERVAL_NS = 5_000_000_000L;

  private final String label;
  private final long total;
  private final String unit;
  private final PrintStream out;
  private final boolean terminal;
  private final long startNs = System.nanoTime();
  private long lastPrintNs = startNs;
  private long done;
  private boolean enabled = true;
  /** Made by {@link #silent()}: never shown, nor are the steps after it. */
  private boolean silent;

  /** {@code total} may be 0 when unknown. */
  public Progress(String label, long total, String unit) {
    this(label, total, unit, System.err, System.console() != null);
  }

  Progress(String label, long total, String unit, PrintStream out, boolean terminal) {
    this.label = label;
    this.total = total;
    this.unit = unit;
    this.out = out;
    this.terminal = terminal;
  }

  /** A progress that prints nothing (for library use inside tests or nested work). */
  public static Progress silent() {
    Progress p = new Progress("", 0, "", System.err, false);
    p.enabled = false;
    p.silent = true;
    return p;
  }

  /** A progress of the next step of the same work: shown where this one is, or silent like it. */
  public Progress then(String label, long total, String unit) {
    return silent ? silent() : new Progress(label, total, unit, out, terminal);
  }

  public synchronized void advance(long n) {
    done += n;
    if (!enabled) return;
    long now = System.nanoTime();
    if (now - lastPrintNs >= (terminal ? TERMINAL_INTERVAL_NS : LOG_INTERVAL_NS)) {
      lastPrintNs = now;
      print(false);
    }
  }

  /** Replaces the count (for work measured from outside, such as offsets consumed). */
  public synchronized void set(long value) {
    advance(value - done);
  }

  public synchronized long done() { return done; }

  public double seconds() { return (System.nanoTime() - startNs) / 1e9; }

  /** Items per second since the start. */
  public double rate() {
    double s = seconds();
    return s > 0 ? done / s : 0;
  }

  private void print(boolean last) {
    StringBuilder sb = new StringBuilder();
    if (terminal) sb.append('\r');
    sb.append(label).append(' ');
    if (total > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / total);
      sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      sb.append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, 100 * done / total)));
      sb.append(String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit));
    } else {
      sb.append(String.format(Locale.ROOT, "%,d %s", done, unit));
    }
    // Slow work (batches, tables) would read "0 .../s" in whole numbers.
    sb.append(String.format(Locale.ROOT, rate() < 10 ? "  %.2f %s/s  %.1fs" : "  %,.0f %s/s  %.1fs", rate(), unit,
        seconds()));
    if (terminal && !last) {
      out.print(sb);
    } else {
      out.println(sb);
    }
    out.flush();
  }

  @Override
  public synchronized void close() {
    if (enabled) {
      print(true);
      enabled = false;
    }
  }
}
