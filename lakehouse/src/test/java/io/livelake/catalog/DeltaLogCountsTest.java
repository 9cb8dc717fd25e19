package io.livelake.catalog;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.Test;
import scala.Option;

/** Row counts from the Delta log equal Spark's count through appends, MERGE and DELETE with deletion vectors, OPTIMIZE and checkpoints. */
class DeltaLogCountsTest {
  private static long logCount(SparkSession spark, String path) throws Exception {
    return DeltaLogCounts.rows(spark.sparkContext().hadoopConfiguration(), path);
  }

  /** Both counts, which must agree; returned as the log's. */
  private static long counted(SparkSession spark, String path) throws Exception {
    long log = logCount(spark, path);
    assertEquals(spark.read().format("delta").load(path).count(), log);
    return log;
  }

  private static List<String> checkpoints(String path) {
    String[] names = new File(path, "_delta_log").list((d, n) -> n.contains(".checkpoint.") && !n.endsWith(".crc"));
    Arrays.sort(names);
    return List.of(names);
  }

  @Test
  void countsFollowEveryKindOfCommitAndCheckpoint() throws Exception {
    SparkSession spark = TestSpark.session();
    String path = TestSpark.newDir("log-counts").resolve("t").toString();
    String t = "delta.`" + path + "`";
    spark.sql("CREATE TABLE " + t + " (id BIGINT, v STRING) USING delta TBLPROPERTIES ('delta.checkpointInterval' = '3')");
    assertEquals(0, counted(spark, path));
    for (int batch = 0; batch < 3; batch++) {
      spark.range(batch * 1000L, batch * 1000L + 1000).selectExpr("id", "'a' AS v").repartition(2)
          .write().format("delta").mode("append").save(path);
    }
    assertEquals(3000, counted(spark, path));
    assertEquals(List.of("00000000000000000003.checkpoint.parquet"), checkpoints(path));

    // 100 matched: the even 50 deleted, the odd 50 updated (their old rows marked deleted); 100 inserted.
    spark.range(2900, 3100).createOrReplaceTempView("changes");
    spark.sql("MERGE INTO " + t + " USING changes c ON " + t + ".id = c.id"
        + " WHEN MATCHED AND c.id % 2 = 0 THEN DELETE WHEN MATCHED THEN UPDATE SET v = 'b'"
        + " WHEN NOT MATCHED THEN INSERT (id, v) VALUES (c.id, 'c')");
    assertEquals(3050, counted(spark, path));
    spark.sql("DELETE FROM " + t + " WHERE id < 500");
    assertEquals(2550, counted(spark, path));
    assertTrue(spark.read().json(path + "/_delta_log/*.json").where("add.deletionVector IS NOT NULL").count() > 0,
        "the MERGE and the DELETE marked rows with deletion vectors");
    spark.sql("OPTIMIZE " + t);
    assertEquals(2550, counted(spark, path));
    assertEquals(List.of("00000000000000000003.checkpoint.parquet", "00000000000000000006.checkpoint.parquet"),
        checkpoints(path));

    // A checkpoint in parts (at most one action each), and a DELETE after it.
    spark.range(5000, 5100).selectExpr("id", "'d' AS v").write().format("delta").mode("append").save(path);
    spark.conf().set("spark.databricks.delta.checkpoint.partSize", "1");
    try {
      DeltaLog log = DeltaLog.forTable(spark, path);
      log.checkpoint(log.unsafeVolatileSnapshot(), Option.empty());
    } finally {
      spark.conf().unset("spark.databricks.delta.checkpoint.partSize");
    }
    List<String> written = new ArrayList<>(List.of("00000000000000000003.checkpoint.parquet",
        "00000000000000000006.checkpoint.parquet"));
    // 15 actions: protocol, metadata, the live files and the tombstones VACUUM keeps.
    for (int part = 1; part <= 15; part++) {
      written.add(String.format("00000000000000000007.checkpoint.%010d.0000000015.parquet", part));
    }
    assertEquals(written, checkpoints(path));
    assertEquals(2650, counted(spark, path));
    spark.sql("DELETE FROM " + t + " WHERE id >= 5050");
    assertEquals(2600, counted(spark, path));
  }

  @Test
  void aFileWithoutRowStatisticsIsUnreadable() throws Exception {
    SparkSession spark = TestSpark.session();
    String path = TestSpark.newDir("log-counts-nostats").resolve("t").toString();
    spark.range(10).write().format("delta").save(path);
    spark.conf().set("spark.databricks.delta.stats.collect", "false");
    try {
      spark.range(10, 15).write().format("delta").mode("append").save(path);
    } finally {
      spark.conf().unset("spark.databricks.delta.stats.collect");
    }
    DeltaLogCounts.Unreadable e = assertThrows(DeltaLogCounts.Unreadable.class, () -> logCount(spark, path));
    assertTrue(e.getMessage().matches("file part-\\d{5}-.*\\.parquet has no numRecords statistic"), e.getMessage());
  }
}
