package io.livelake.indicators;

import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Sessions s0, s1, .. with every indicator's raw column as {@code value} gives it (null allowed). */
final class IndicatorRows {
  private IndicatorRows() {}

  static Dataset<Row> of(int sessions, BiFunction<Integer, Indicator, Double> value) {
    StructType schema = new StructType().add("session_id", DataTypes.StringType);
    for (Indicator i : Indicator.values()) schema = schema.add(i.column(), DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      Object[] v = new Object[1 + Indicator.values().length];
      v[0] = "s" + s;
      for (Indicator i : Indicator.values()) v[1 + i.ordinal()] = value.apply(s, i);
      rows.add(RowFactory.create(v));
    }
    return TestSpark.session().createDataFrame(rows, schema);
  }
}
