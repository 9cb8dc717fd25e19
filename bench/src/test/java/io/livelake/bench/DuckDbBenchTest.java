package io.livelake.bench;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.*;

import io.livelake.indicators.SessionIndicators;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DuckDbBench's DuckDB SQL against {@link SessionIndicators#compute} on a small synthetic OBT: 20,000
 * rows in 50 sessions of 5 anchors drawing on 500 users, so viewers return (A43 below 1), buy after
 * the session (the later outcome), rate and play.
 */
@IntegrationTest
class DuckDbBenchTest {
  private static final SyntheticObt SMALL = new SyntheticObt(20, 5, 500);
  private static IndicatorRowsMatch.Rows livelake;
  private static IndicatorRowsMatch.Rows duck;

  @BeforeAll
  static void computeBoth() throws Exception {
    SparkSession spark = TestSpark.session();
    Path dir = TestSpark.newDir("duckdb-bench");
    String parquet = dir.resolve("obt").toString();
    // Two broadcasts under one id in some sessions: their likes carry another platform, their shares another anchor.
    Column some = col("session_id").isNotNull().and(pmod(hash(col("session_id")), lit(4)).equalTo(0));
    SMALL.rows(spark, 20_000)
        .withColumn("platform", when(some.and(col("event_type").equalTo("like")), lit("zz-other")).otherwise(col("platform")))
        .withColumn("anchor_id", when(some.and(col("event_type").equalTo("share")), lit("zz-anchor")).otherwise(col("anchor_id")))
        .write().parquet(parquet);
    Dataset<Row> obt = spark.read().parquet(parquet);
    livelake = IndicatorRowsMatch.Rows.of(SessionIndicators.compute(obt, obt, obt, 7, ZoneOffset.UTC));
    try (Connection c = DuckDbBench.DuckDb.open(dir.resolve("spill"), 1L << 30); Statement s = c.createStatement()) {
      DuckDbBench.DuckDb.setOutcomeDays(s, 7);
      s.execute("CREATE VIEW obt AS SELECT * FROM read_parquet('" + parquet + "/*.parquet')");
      s.execute("CREATE TABLE result AS " + DuckDbBench.DuckDb.indicatorsSql());
      duck = DuckDbBench.DuckDb.rows(s, "result");
    }
  }

  @Test
  void duckDbComputesLiveLakesValues() {
    assertEquals(50, duck.bySession().size());
    assertEquals(50L * IndicatorRowsMatch.COLUMNS.size(), IndicatorRowsMatch.check(duck, livelake, "DuckDB", "LiveLake"));
  }

  @Test
  void theDataExercisesTheSubtleColumns() {
    assertTrue(any(r -> (double) r.get("a43_user_growth_rate") > 0 && (double) r.get("a43_user_growth_rate") < 1),
        "viewers returning to an anchor");
    assertTrue(any(r -> (double) r.get("outcome_later_gmv_per_viewer") != 0), "shop orders after a session");
    assertTrue(any(r -> (double) r.get("gmv_refunded") > 0), "refunds");
    assertTrue(any(r -> r.get("a22_anchor_professionalism") != null), "anchor ratings");
    assertTrue(any(r -> r.get("a22_anchor_professionalism") == null), "sessions without anchor ratings");
    assertTrue(any(r -> (long) r.get("game_participants") > 0), "games");
    assertTrue(any(r -> r.get("session_id_conflict") != null && ((String) r.get("session_id_conflict")).contains("; ")),
        "sessions whose events carry two anchors and two platforms");
    assertTrue(any(r -> r.get("session_id_conflict") == null), "sessions of one broadcast");
  }

  private static boolean any(Predicate<Map<String, Object>> p) {
    return livelake.bySession().values().stream().anyMatch(p);
  }

  @Test
  void aDifferenceNamesTheSessionAndTheColumn() {
    Map<String, Map<String, Object>> changed = new HashMap<>(duck.bySession());
    String session = changed.keySet().iterator().next();
    Map<String, Object> row = new HashMap<>(changed.get(session));
    row.put("a43_user_growth_rate", (Double) row.get("a43_user_growth_rate") + 1e-6);
    changed.put(session, row);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> IndicatorRowsMatch.check(new IndicatorRowsMatch.Rows(duck.columns(), changed), livelake, "DuckDB", "LiveLake"));
    assertTrue(e.getMessage().contains("session " + session + " column a43_user_growth_rate"), e.getMessage());
  }
}
