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

  private static final class Table extends ResultPrinter {
    @Override
    void print(Dataset<Row> rows, int maxRows, PrintStream out) {
      String[] cols = rows.columns();
      List<Row> data = rows.limit(maxRows + 1).collectAsList();
      int[] width = new int[cols.length];
      for (int i = 0; i < cols.length; i++) width[i] = cols[i].length();
      List<String[]> cells = new ArrayList<>();
      for (Row r : data.subList(0, Math.min(maxRows, data.size()))) {
        String[] c = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
          c[i] = r.isNullAt(i) ? "NULL" : text(r.get(i));
          width[i] = Math.max(width[i], Math.min(60, c[i].length()));
        }
        cells.add(c);
      }
      out.println(line(cols, width));
      StringBuilder sep = new StringBuilder();
      for (int i = 0; i < cols.length; i++) sep.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
      out.println(sep);
      for (String[] c : cells) out.println(line(c, width));
      out.println("(" + cells.size() + (data.size() > maxRows ? "+ rows, truncated at --max-rows)" : " rows)"));
    }

    private static String line(String[] c, int[] width) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < c.length; i++) {
        String v = c[i].length() > 60 ? c[i].substring(0, 57) + "..." : c[i];
        sb.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", v));
      }
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
