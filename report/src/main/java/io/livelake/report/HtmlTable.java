package io.livelake.report;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A small query result as an HTML table: what a notebook displays and the report embeds. */
public final class HtmlTable {
  private HtmlTable() {}

  /** The dataset's rows (collected; at most {@code limit}) under its column names; doubles to 3 decimals. */
  public static String of(Dataset<Row> dataset, int limit) {
    return of(List.of(dataset.columns()), dataset.limit(limit).collectAsList());
  }

  /** These rows under these column names. */
  public static String of(List<String> columns, List<Row> rows) {
    StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
    for (String c : columns) html.append("<th>").append(escape(c)).append("</th>");
    html.append("</tr></thead>\n<tbody>\n");
    for (Row r : rows) {
      html.append("<tr>");
      for (int i = 0; i < columns.size(); i++) html.append("<td>").append(escape(cell(r.get(i)))).append("</td>");
      html.append("</tr>\n");
    }
    return html.append("</tbody>\n</table>\n").toString();
  }

  static String cell(Object v) {
    if (v == null) return "";
    if (v instanceof Double || v instanceof Float) return String.format(Locale.ROOT, "%.3f", ((Number) v).doubleValue());
    return v.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
