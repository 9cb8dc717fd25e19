package io.livelake.ingestion;

import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Source records shaped as the Kafka source delivers them, for calling the batch function directly. */
final class SourceRecords {
  private static final StructType SCHEMA = new StructType()
      .add("payload", DataTypes.StringType).add("source_topic", DataTypes.StringType)
      .add("source_partition", DataTypes.IntegerType).add("source_offset", DataTypes.LongType)
      .add("source_timestamp", DataTypes.TimestampType).add("source_file", DataTypes.StringType)
      .add("source_line", DataTypes.LongType);

  private SourceRecords() {}

  /** One record per payload on partition 0 of topic "events", at offsets from {@code firstOffset} on. */
  static Dataset<Row> kafka(long firstOffset, Timestamp produced, String... payloads) {
    List<Row> rows = new ArrayList<>();
    long offset = firstOffset;
    for (String p : payloads) rows.add(RowFactory.create(p, "events", 0, offset++, produced, null, null));
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }
}
