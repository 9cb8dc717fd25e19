package io.livelake.app;

import io.livelake.catalog.TableDef;
import io.livelake.testing.TestSpark;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Six rows for any table, with a value of every kind its columns can hold: non-ASCII text, large and
 * negative numbers, NaN and infinities, timestamps with microseconds, maps, and a row of nulls. The
 * columns dashboard queries filter and group on get values those queries find.
 */
final class GoldRows {
  static final int ROWS = 6;

  private static final Map<String, IntFunction<Object>> DASHBOARD = Map.of(
      "method", i -> i % 2 == 0 ? "permutation" : "connection_weight",
      "model_version", i -> "m20260301-100000-0a1b2c3d",
      "platform", i -> i % 3 == 0 ? "douyin" : "taobao live",
      "session_id", i -> "s00000" + i,
      "indicator", i -> "A" + (11 + i),
      "rank", i -> i == 5 ? null : i / 2 + 1);

  private GoldRows() {}

  static Dataset<Row> of(TableDef t) {
    List<Row> rows = new ArrayList<>();
    StructField[] fields = t.schema().fields();
    for (int i = 0; i < ROWS; i++) {
      Object[] values = new Object[fields.length];
      for (int c = 0; c < fields.length; c++) {
        IntFunction<Object> fixed = DASHBOARD.get(fields[c].name());
        values[c] = fixed != null ? fixed.apply(i) : i == ROWS - 1 ? null : value(fields[c].dataType(), i, c);
      }
      rows.add(RowFactory.create(values));
    }
    return TestSpark.session().createDataFrame(rows, t.schema());
  }

  private static Object value(DataType type, int i, int c) {
    if (type.equals(DataTypes.StringType)) return "r" + i + "c" + c + " 直播 ü\t\"x\"";
    if (type.equals(DataTypes.LongType)) return i == 3 ? -9_007_199_254_740_993L : i * 1000L + c;
    if (type.equals(DataTypes.IntegerType)) return i * 10 + c;
    if (type.equals(DataTypes.BooleanType)) return i % 2 == 0;
    if (type.equals(DataTypes.DoubleType)) {
      return switch (i) {
        case 0 -> c + 0.1;
        case 1 -> -c * 1e-7;
        case 2 -> 1e15 + c + 0.5;
        case 3 -> c / 3.0;
        default -> c % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
      };
    }
    if (type.equals(DataTypes.TimestampType)) {
      // Micros past the millisecond on purpose: 123,456 and 999,999 µs show how Trino's milliseconds come from them.
      Timestamp ts = Timestamp.from(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(86_400L * i + c));
      ts.setNanos(i % 2 == 0 ? 123_456_000 : 999_999_000);
      return ts;
    }
    if (type.equals(DataTypes.DateType)) return Date.valueOf(LocalDate.of(2026, 3, 1).plusDays(i));
    if (type instanceof MapType m && m.keyType().equals(DataTypes.StringType)) {
      Map<String, Long> map = new TreeMap<>();
      map.put("late", (long) i);
      map.put("bot_burst", (long) c);
      return map;
    }
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.StringType)) return List.of("a" + i, "b");
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) return List.of(i + 0.5, -c * 0.25);
    throw new IllegalArgumentException("no fixture value for " + type);
  }
}
