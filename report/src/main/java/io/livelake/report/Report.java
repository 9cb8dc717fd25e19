package io.livelake.report;

import static org.apache.spark.sql.functions.col;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.report.charts.ChartImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The marketers' report of a lake: an index page (overview, real-time KPIs, the model, the indicator
 * weights, the anchors, the users, data quality) and a page per anchor, with PNG charts beside them,
 * that opens from the file system with no server and no network.
 */
public final class Report {
  /**
   * What to write and for whom.
   *
   * @param out the report directory (created; earlier pages and charts in it are replaced)
   * @param session a session whose KPIs and levers the report shows besides the top ones, or null
   * @param anchor the one anchor to write a page for, or null for the top {@code anchorPages} by GMV
   * @param currency the reporting currency amounts are in
   * @param anchorPages how many of the top anchors get a page when no anchor is asked for
   * @param model the warnings of the latest model version from its registry, or null when unknown
   */
  public record Options(Path out, String session, String anchor, String currency, int anchorPages, ModelNotes model) {}

  /** What a model version's registry entry says a reader of its numbers must know. */
  public record ModelNotes(String version, List<String> warnings) {}

  /**
   * What was written.
   *
   * @param index the index page
   * @param pages every page, the index first
   * @param charts every chart
   * @param boxed the charts whose labels hold characters no font installed here draws (shown as boxes; each page
   *     says so beneath them)
   * @param missing those characters, each once
   */
  public record Written(Path index, List<Path> pages, List<Path> charts, List<Path> boxed, String missing) {}

  /** What the index of a lake without live sessions says in place of the sections about them. */
  static final String NO_SESSIONS = "This lake holds no live session: " + Tables.EVENTS_OBT.fullName()
      + " has no event in a live room (orders placed outside live rooms, as an online-retail import makes, have none). "
      + "The overview of platforms and sessions, the real-time KPIs, the model and the anchors are about sessions, so "
      + "this report shows the orders, the users and the data quality.";

  private Report() {}

  /**
   * Writes the report, logging each section as it starts. A lake without live sessions gets the sections that do not
   * rest on them (orders, users, data quality); a lake without gold.session_indicators, or a session or anchor it does
   * not hold, is refused by name (IllegalArgumentException).
   */
  public static Written write(Lake lake, Options options, Consumer<String> progress) {
    if (!lake.exists(Tables.SESSION_INDICATORS)) {
      throw new IllegalArgumentException("lake " + lake.paths().root() + " has no " + Tables.SESSION_INDICATORS.fullName()
          + " yet: run bin/livelake indicators (or bin/livelake demo) first");
    }
    refuseUnknown(lake, "--session", "session_id", options.session());
    refuseUnknown(lake, "--anchor", "anchor_id", options.anchor());
    removeEarlier(options.out());
    Context c = new Context(lake, options);
    Page index = new Page(options.out(), "index.html", "LiveLake report: live-commerce marketing performance");
    index.paragraph("Lake " + lake.paths().display() + ". Amounts are in " + options.currency()
        + "; every chart has its reading beneath it.");
    long t0 = System.nanoTime();
    List<Page> anchorPages = List.of();
    if (c.has(Tables.SESSION_INDICATORS)) {
      step(progress, t0, "overview");
      Overview.write(c, index);
      step(progress, t0, "real-time KPIs");
      RealtimeKpis.write(c, index);
      step(progress, t0, "model");
      String version = ModelSection.latestVersion(c);
      ModelSection.write(c, index, version);
      Weights.write(c, index, version);
      step(progress, t0, "anchors");
      anchorPages = Anchors.write(c, index);
    } else {
      index.warning(NO_SESSIONS);
      step(progress, t0, "orders");
      Orders.write(c, index);
    }
    step(progress, t0, "users");
    Users.write(c, index);
    step(progress, t0, "data quality");
    DataQuality.write(c, index);

    List<Page> all = new ArrayList<>(List.of(index));
    all.addAll(anchorPages);
    List<Path> pages = new ArrayList<>();
    List<Path> charts = new ArrayList<>();
    List<Path> boxed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Page p : all) {
      pages.add(p.write());
      charts.addAll(p.charts());
      boxed.addAll(p.boxed());
      missing.add(p.missing());
    }
    step(progress, t0, "written: " + Fmt.count(pages.size(), "page") + ", " + Fmt.count(charts.size(), "chart"));
    return new Written(pages.get(0), List.copyOf(pages), List.copyOf(charts), List.copyOf(boxed),
        ChartImage.distinctCharacters(missing));
  }

  /** An earlier report's anchor pages and charts would be linked to nothing or show stale numbers; nothing else is touched. */
  private static void removeEarlier(Path out) {
    remove(out, "anchor-*.html");
    remove(out.resolve(Page.CHARTS), "*.png");
  }

  private static void remove(Path dir, String glob) {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path f : files) Files.delete(f);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the earlier report's files in " + dir, e);
    }
  }

  private static void refuseUnknown(Lake lake, String flag, String column, String value) {
    if (value != null && lake.read(Tables.SESSION_INDICATORS).where(col(column).equalTo(value)).isEmpty()) {
      throw new IllegalArgumentException(flag + " " + value + ": no such " + column.replace("_id", "") + " in "
          + Tables.SESSION_INDICATORS.fullName());
    }
  }

  private static void step(Consumer<String> progress, long t0, String what) {
    progress.accept(String.format(Locale.ROOT, "%6.1fs  %s", (System.nanoTime() - t0) / 1e9, what));
  }
}
