package io.livelake.bench;

import io.livelake.app.LiveLakeCli;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * `livelake import` of ROWS rows of each public CSV format, written here in the format's exact layout
 * (Tianchi UserBehavior ordered by user as the published file is, so the import's time sort has work;
 * REES46 and Online Retail in time order, invoices of 1 to 20 rows), and REES46's rows again as 4 files of
 * consecutive times, the latest first in path order (the import merges them and makes the visits over all of them).
 * Each run goes into a lake of its own. Usage: ImportBench [rows=1000000] [dir].
 */
public final class ImportBench {
  private static final DateTimeFormatter REES46 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
  private static final DateTimeFormatter RETAIL = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
  private static final String[] BEHAVIORS = {"pv", "pv", "pv", "pv", "pv", "pv", "pv", "pv", "cart", "fav", "buy"};
  private static final String[] REES46_TYPES = {"view", "view", "view", "view", "view", "view", "cart", "remove_from_cart", "purchase"};

  private ImportBench() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    Path dir = args.length > 1 ? Scratch.named(args[1]) : Scratch.directory("livelake-import-bench");
    StringJoiner figures = new StringJoiner(",");
    figures.add(run(dir, "taobao-user-behavior", taobao(dir.resolve("UserBehavior.csv"), rows), rows));
    figures.add(run(dir, "rees46", rees46(List.of(dir.resolve("2019-Oct.csv")), rows), rows));
    // The same rows as 4 files of consecutive times (as monthly files are), the latest first in path order: the merge
    // and the visits made over all of them.
    Path parts = Files.createDirectories(dir.resolve("rees46-parts"));
    List<Path> partFiles = new ArrayList<>();
    for (int i = 0; i < 4; i++) partFiles.add(parts.resolve(String.format(Locale.ROOT, "part-%05d.csv", i)));
    figures.add(run(dir, "rees46", "rees46-4-parts", rees46(partFiles, rows).getParent(), rows));
    figures.add(run(dir, "online-retail", retail(dir.resolve("OnlineRetail.csv"), rows), rows,
        "--set", "reporting.fx.rates=CNY:1,USD:7.1,EUR:7.7,IDR:0.00045,GBP:9.1"));
    System.out.printf(Locale.ROOT, "{\"bench\":\"import\",\"rows\":%d,\"formats\":[%s],\"cores\":%d,\"max_heap_gb\":%.1f}%n",
        rows, figures, java.lang.Runtime.getRuntime().availableProcessors(), java.lang.Runtime.getRuntime().maxMemory() / 1e9);
  }

  /** Imports {@code csv} into a new lake; the command's output goes to stderr, its figures into the JSON. */
  private static String run(Path dir, String format, Path csv, long rows, String... settings) {
    return run(dir, format, format, csv, rows, settings);
  }

  /** As above, the run named {@code name}; {@code input} a file or a directory of files. */
  private static String run(Path dir, String format, String name, Path input, long rows, String... settings) {
    List<String> args = new ArrayList<>(List.of(settings));
    args.addAll(List.of("--lake", dir.resolve("lake-" + name).toString(), "import", "--format", format,
        "--input", input.toString(), "--show", "0"));
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    long t = System.nanoTime();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = LiveLakeCli.run(args.toArray(String[]::new));
    } finally {
      System.setOut(out);
    }
    double s = (System.nanoTime() - t) / 1e9;
    String summary = captured.toString(StandardCharsets.UTF_8);
    System.err.print(summary);
    if (code != 0) throw new IllegalStateException(name + ": import exited with " + code);
    System.err.printf(Locale.ROOT, "bench: %s: %,d rows in %.1f s (%,.0f rows/s)%n", name, rows, s, rows / s);
    return String.format(Locale.ROOT, "{\"format\":\"%s\",\"seconds\":%.1f,\"rows_per_s\":%.0f,\"summary\":\"%s\"}",
        name, s, rows / s, summary.lines().skip(1).findFirst().orElse("").replace("\"", "'"));
  }

  /** No header: user,item,category,behavior,unix seconds; grouped by user as the published file is. */
  private static Path taobao(Path file, long rows) throws IOException {
    SplittableRandom r = new SplittableRandom(1);
    long start = 1_511_539_200L; // 2017-11-25 00:00 UTC
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      long user = 1;
      for (long i = 0; i < rows; i++) {
        if (i % 100 == 0) user++;
        w.write(user + "," + (1_000_000 + r.nextInt(50_000)) + "," + (2_000_000 + r.nextInt(300)) + ","
            + BEHAVIORS[r.nextInt(BEHAVIORS.length)] + "," + (start + r.nextLong(9 * 86_400L)) + "\n");
      }
    }
    return file;
  }

  /**
   * With its header; in time order, one event every 0.1 s; sessions of about 20 events. With several files, each
   * holds a stretch of consecutive rows, the last stretch in the first file (REES46's 2019-Nov.csv comes before its
   * 2019-Oct.csv); the first file.
   */
  private static Path rees46(List<Path> files, long rows) throws IOException {
    SplittableRandom r = new SplittableRandom(2);
    LocalDateTime start = LocalDateTime.of(2019, 10, 1, 0, 0);
    List<BufferedWriter> out = new ArrayList<>();
    try {
      for (Path f : files) {
        out.add(Files.newBufferedWriter(f, StandardCharsets.UTF_8));
        out.get(out.size() - 1).write("event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n");
      }
      for (long i = 0; i < rows; i++) {
        long session = i / 20;
        out.get(files.size() - 1 - (int) (i * files.size() / rows)).write(start.plusSeconds(i / 10).format(REES46) + ","
            + REES46_TYPES[r.nextInt(REES46_TYPES.length)] + ","
            + (1_000_000 + r.nextInt(20_000)) + "," + (2_053_013_552_326_770_905L + r.nextInt(100)) + ","
            + (r.nextInt(3) == 0 ? "" : "electronics.smartphone") + ",brand" + r.nextInt(50) + ","
            + String.format(Locale.ROOT, "%.2f", 1 + r.nextDouble() * 500) + "," + (500_000_000 + session % 40_000) + ","
            + "00000000-0000-4000-8000-" + String.format(Locale.ROOT, "%012d", session) + "\n");
      }
    } finally {
      for (BufferedWriter w : out) w.close();
    }
    return files.get(0);
  }

  /** With its header; invoices of 1 to 20 rows in time order, one in 50 cancelled. */
  private static Path retail(Path file, long rows) throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    LocalDateTime start = LocalDateTime.of(2010, 12, 1, 8, 26);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
      long written = 0;
      for (long invoice = 536_365; written < rows; invoice++) {
        boolean cancelled = r.nextInt(50) == 0;
        String date = start.plusMinutes(invoice - 536_365).format(RETAIL);
        String customer = Long.toString(12_000 + r.nextInt(4_000));
        int lines = 1 + r.nextInt(20);
        for (int l = 0; l < lines && written < rows; l++, written++) {
          int quantity = 1 + r.nextInt(12);
          w.write((cancelled ? "C" : "") + invoice + "," + (20_000 + r.nextInt(4_000)) + ",\"GIFT, BOX " + l + "\","
              + (cancelled ? -quantity : quantity) + "," + date + ","
              + String.format(Locale.ROOT, "%.2f", 0.5 + r.nextInt(2_000) / 100.0) + "," + customer + ",United Kingdom\n");
        }
      }
    }
    return file;
  }
}
