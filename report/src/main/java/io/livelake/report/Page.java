package io.livelake.report;

import io.livelake.report.charts.ChartImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One HTML page of the report: headings, charts each with its reading beneath, tables and notes. Pages
 * sit side by side in the report directory and their PNGs in its charts/ folder, referenced relatively,
 * so the report opens from the file system with nothing fetched from elsewhere.
 */
final class Page {
  static final String CHARTS = "charts";
  private static final String STYLE = """
      body{font-family:sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
      h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}
      figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
      figcaption{font-size:1.05em;margin-top:.4em}
      table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right}
      th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
      .warning{background:#fff4e0;border-left:4px solid #e69500;padding:.6em 1em}
      .missing{background:#eef3fb;border-left:4px solid #4a7bd0;padding:.6em 1em}
      """;

  private final Path dir;
  private final String file;
  private final String title;
  private final StringBuilder body = new StringBuilder();
  private final List<Path> charts = new ArrayList<>();
  private final List<Path> boxed = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();

  /** A page written to {@code dir/file} under this title. */
  Page(Path dir, String file, String title) {
    this.dir = dir;
    this.file = file;
    this.title = title;
  }

  /** The page's file name, for links from other pages. */
  String file() { return file; }

  /** The chart files this page wrote. */
  List<Path> charts() { return List.copyOf(charts); }

  /** The chart files whose labels hold characters no installed font draws. */
  List<Path> boxed() { return List.copyOf(boxed); }

  /** Those characters, each once. */
  String missing() { return ChartImage.distinctCharacters(missing); }

  Page heading(String text) {
    body.append("<h2>").append(HtmlTable.escape(text)).append("</h2>\n");
    return this;
  }

  Page paragraph(String text) {
    body.append("<p>").append(HtmlTable.escape(text)).append("</p>\n");
    return this;
  }

  /** A note the reader must not miss, e.g. that the model was trained on too few sessions. */
  Page warning(String text) {
    body.append("<p class=\"warning\">").append(HtmlTable.escape(text)).append("</p>\n");
    return this;
  }

  /** Says that a section has no data yet and which command makes it. */
  Page missing(String table, String command) {
    body.append("<p class=\"missing\">").append(HtmlTable.escape("No data for this part yet: " + table
        + " is missing or empty. Run " + command + " first, then write the report again.")).append("</p>\n");
    return this;
  }

  /** A link to another page of the report. */
  Page link(String href, String text) {
    body.append("<p><a href=\"").append(HtmlTable.escape(href)).append("\">").append(HtmlTable.escape(text))
        .append("</a></p>\n");
    return this;
  }

  /** Writes the chart as charts/{@code name}.png and shows it with its reading in plain words beneath. */
  Page chart(String name, String alt, ChartImage chart, String reading) {
    String relative = CHARTS + "/" + name + ".png";
    Path written = chart.write(dir.resolve(relative));
    charts.add(written);
    body.append("<figure><img src=\"").append(relative).append("\" alt=\"").append(HtmlTable.escape(alt))
        .append("\" width=\"").append(chart.image().getWidth()).append("\" height=\"").append(chart.image().getHeight())
        .append("\"><figcaption>").append(HtmlTable.escape(reading)).append("</figcaption></figure>\n");
    if (chart.missing().isEmpty()) return this;
    boxed.add(written);
    missing.add(chart.missing());
    return warning(chart.missingNotice());
  }

  /** A table of already formatted cells; a cell may be a link given as {@link #anchorLink}. */
  Page table(List<String> columns, List<List<String>> cells) {
    List<Row> rows = new ArrayList<>();
    for (List<String> r : cells) rows.add(RowFactory.create(r.toArray()));
    String html = HtmlTable.of(columns, rows);
    // HtmlTable escapes every cell; links are put back by their marker.
    body.append(html.replaceAll("\\[\\[link:([^|\\]]+)\\|([^\\]]+)\\]\\]", "<a href=\"$1\">$2</a>"));
    return this;
  }

  /** A table cell that links to {@code href}: both parts must be free of '|' and ']'. */
  static String anchorLink(String href, String text) { return "[[link:" + href + "|" + text + "]]"; }

  /** Writes the page and returns its path. */
  Path write() {
    String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + HtmlTable.escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<h1>"
        + HtmlTable.escape(title) + "</h1>\n" + body + "</body>\n</html>\n";
    Path out = dir.resolve(file);
    try {
      Files.createDirectories(dir);
      return Files.writeString(out, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + out, e);
    }
  }
}
