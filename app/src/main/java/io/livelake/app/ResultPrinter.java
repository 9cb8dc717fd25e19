package io.livelake.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as an aligned table, CSV with a header row, or JSON lines. */
abstract class ResultPrinter {
  abstract void print(Dataset<Row> rows, int maxRows, PrintStream out);

  static ResultPrinter forFormat(String format) {
    return switch (format) {
      case "table" -> new Table();
      case "csv" -> new Csv();
      case "json" -> new Json();
      default -> throw new IllegalArgumentException("--format must be table, csv or json, got '" + format + "'");
    };
  }

  static String text(Object v) {
    if (v == null) return "";
    if (v instanceof scala.collection.Iterable<?> it) {
      List<String> parts = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(it).forEach(x -> parts.add(text(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    return v.toString();
  }

  /** Each row on one line, its columns aligned in a terminal's columns ({@link TerminalText}), cells cut at 60. */
  private static final class Table extends ResultPrinter {
    private static final int MAX_WIDTH = 60;

    @Override
    void print(Dataset<Row> rows, int maxRows, PrintStream out) {
      String[] cols = rows.columns();
      List<Row> data = rows.limit(maxRows + 1).collectAsList();
      String[] header = new String[cols.length];
      int[] width = new int[cols.length];
      for (int i = 0; i < cols.length; i++) {
        header[i] = TerminalText.cell(cols[i], MAX_WIDTH);
        width[i] = TerminalText.width(header[i]);
      }
      List<String[]> cells = new ArrayList<>();
      for (Row r : data.subList(0, Math.min(maxRows, data.size()))) {
        String[] c = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
          c[i] = TerminalText.cell(r.isNullAt(i) ? "NULL" : text(r.get(i)), MAX_WIDTH);
          width[i] = Math.max(width[i], TerminalText.width(c[i]));
        }
        cells.add(c);
      }
      out.println(line(header, width));
      StringBuilder sep = new StringBuilder();
      for (int i = 0; i < cols.length; i++) sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
      out.println(sep);
      for (String[] c : cells) out.println(line(c, width));
      out.println("(" + cells.size() + (data.size() > maxRows ? "+ rows, truncated at --max-rows)" : " rows)"));
    }

    private static String line(String[] c, int[] width) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.length; i++) sb.append(i == 0 ? "" : " | ").append(TerminalText.pad(c[i], width[i]));
      return sb.toString().stripTrailing();
    }
  }

  private static final class Csv extends ResultPrinter {
    @Override
    void print(Dataset<Row> rows, int maxRows, PrintStream out) {
      String[] cols = rows.columns();
      out.println(String.join(",", List.of(cols).stream().map(Csv::quote).toList()));
      Iterator<Row> it = rows.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<String> c = new ArrayList<>();
        for (int i = 0; i < cols.length; i++) c.add(quote(text(r.get(i))));
        out.println(String.join(",", c));
      }
    }

    private static String quote(String s) {
      return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
  }

  private static final class Json extends ResultPrinter {
    @Override
    void print(Dataset<Row> rows, int maxRows, PrintStream out) {
      Iterator<String> it = rows.toJSON().toLocalIterator();
      while (it.hasNext()) out.println(it.next());
    }
  }
}
