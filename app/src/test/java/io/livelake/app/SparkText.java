package io.livelake.app;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark value as the JDBC probe (app/src/test/jdbc-probe) prints Trino's: instants as epoch
 * milliseconds, dates as ISO days, maps sorted by key, arrays and structs in brackets.
 */
final class SparkText {
  private SparkText() {}

  static String of(Object v, DataType type) {
    if (v == null) return "\\N";
    if (type.equals(DataTypes.TimestampType)) return Long.toString(((Timestamp) v).toInstant().toEpochMilli());
    if (type.equals(DataTypes.DateType)) {
      return v instanceof java.sql.Date d ? d.toLocalDate().toString() : v.toString();
    }
    if (type instanceof MapType m) {
      List<String> entries = new ArrayList<>();
      for (var e : CollectionConverters.asJava((scala.collection.Map<?, ?>) v).entrySet()) {
        entries.add(of(e.getKey(), m.keyType()) + "=" + of(e.getValue(), m.valueType()));
      }
      entries.sort(null);
      return "{" + String.join(",", entries) + "}";
    }
    if (type instanceof ArrayType a) {
      StringJoiner j = new StringJoiner(",", "[", "]");
      for (Object x : CollectionConverters.asJava((scala.collection.Seq<?>) v)) j.add(of(x, a.elementType()));
      return j.toString();
    }
    if (type instanceof StructType s) {
      Row r = (Row) v;
      StringJoiner j = new StringJoiner(",", "(", ")");
      for (int i = 0; i < r.size(); i++) j.add(of(r.get(i), s.fields()[i].dataType()));
      return j.toString();
    }
    return v.toString().replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }
}
