package io.livelake.report.charts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The columns of a query's rows as the lists the chart builders take, collected once. */
public final class Columns {
  private final List<Row> rows;

  private Columns(List<Row> rows) { this.rows = rows; }

  /** Collects the dataset's rows to the driver: for the small results charts are drawn from. */
  public static Columns of(Dataset<Row> dataset) { return new Columns(dataset.collectAsList()); }

  /** The given rows. */
  public static Columns of(List<Row> rows) { return new Columns(List.copyOf(rows)); }

  /** How many rows. */
  public int size() { return rows.size(); }

  /** The column's values as text; null stays null. */
  public List<String> strings(String column) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      Object v = r.get(r.fieldIndex(column));
      out.add(v == null ? null : v.toString());
    }
    return out;
  }

  /** The column's numbers as doubles; null stays null (a gap in a line, no bar). */
  public List<Double> numbers(String column) {
    List<Double> out = new ArrayList<>();
    for (Row r : rows) {
      Object v = r.get(r.fieldIndex(column));
      if (v != null && !(v instanceof Number)) {
        throw new IllegalArgumentException("column '" + column + "' holds " + v.getClass().getSimpleName() + ", not numbers");
      }
      out.add(v == null ? null : ((Number) v).doubleValue());
    }
    return out;
  }

  /** The column's timestamps or dates (UTC midnight) as the Dates a time axis takes. */
  public List<Date> times(String column) {
    List<Date> out = new ArrayList<>();
    for (Row r : rows) {
      Object v = r.get(r.fieldIndex(column));
      if (v == null || v instanceof Date) {
        out.add((Date) v);
      } else if (v instanceof Instant i) {
        out.add(Timestamp.from(i));
      } else if (v instanceof LocalDate d) {
        out.add(Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
      } else {
        throw new IllegalArgumentException("column '" + column + "' holds " + v.getClass().getSimpleName() + ", not times");
      }
    }
    return out;
  }
}
