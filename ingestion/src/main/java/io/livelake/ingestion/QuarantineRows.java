package io.livelake.ingestion;

import static org.apache.spark.sql.functions.*;

import io.livelake.catalog.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** Shapes rejected records into rows of bronze.quarantine. */
final class QuarantineRows {
  private QuarantineRows() {}

  static Dataset<Row> toQuarantine(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : Tables.QUARANTINE.schema().fields()) {
      Column c = switch (f.name()) {
        case "event_time" -> rows.schema().apply("event_time").dataType() == DataTypes.LongType
            ? timestamp_millis(col("event_time")) : col("event_time");
        case "ingest_date" -> to_date(col("ingest_time"));
        default -> col(f.name());
      };
      cols.add(c.cast(f.dataType()).alias(f.name()));
    }
    return rows.select(cols.toArray(Column[]::new));
  }
}
