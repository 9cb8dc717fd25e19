package io.livelake.indicators;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Min-max normalization made "forward" (paper 001): n = (x - min) / (max - min) over all sessions,
 * and 1 - n for negative indicators (A42), so that larger is always better. A missing raw value
 * (null: A22 or A41 without ratings) gets 0, the least favourable value; an indicator that is the
 * same for every session (max = min) carries no information and gets 0 everywhere. Because min and
 * max are global, a session with a new extreme rescales every session, as min-max does.
 */
public final class Normalization {
  private Normalization() {}

  /** Smallest and largest raw value of one indicator over the sessions (null when every value is null). */
  public record Bounds(Double min, Double max) {}

  /** The bounds of every indicator over {@code rows}. */
  public static Map<Indicator, Bounds> bounds(Dataset<Row> rows) {
    List<Column> aggs = new ArrayList<>();
    for (Indicator i : Indicator.values()) {
      aggs.add(min(i.column()));
      aggs.add(max(i.column()));
    }
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    Map<Indicator, Bounds> b = new EnumMap<>(Indicator.class);
    int k = 0;
    for (Indicator i : Indicator.values()) {
      b.put(i, new Bounds(r.isNullAt(k) ? null : r.getDouble(k), r.isNullAt(k + 1) ? null : r.getDouble(k + 1)));
      k += 2;
    }
    return b;
  }

  /** Adds (or replaces) the n_* columns of {@code rows} from {@code bounds}. */
  public static Dataset<Row> forward(Dataset<Row> rows, Map<Indicator, Bounds> bounds) {
    Dataset<Row> out = rows;
    for (Indicator i : Indicator.values()) {
      Bounds b = bounds.get(i);
      Column x = col(i.column());
      Column n;
      if (b == null || b.min() == null || b.max() <= b.min()) {
        n = lit(0.0);
      } else {
        Column scaled = x.minus(b.min()).divide(b.max() - b.min());
        n = when(x.isNull(), lit(0.0)).otherwise(i.positive() ? scaled : lit(1.0).minus(scaled));
      }
      out = out.withColumn(i.normalizedColumn(), n);
    }
    return out;
  }

  /** {@link #forward(Dataset, Map)} with the bounds of {@code rows} themselves. */
  public static Dataset<Row> forward(Dataset<Row> rows) {
    return forward(rows, bounds(rows));
  }
}
