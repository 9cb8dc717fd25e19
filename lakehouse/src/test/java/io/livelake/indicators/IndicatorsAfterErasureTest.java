package io.livelake.indicators;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import io.livelake.catalog.Tables;
import io.livelake.config.LiveLakeConfig;
import io.livelake.privacy.Eraser;
import io.livelake.spark.LakePaths;
import io.livelake.testing.IntegrationTest;
import io.livelake.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * A vacuum deletes the files older versions of the OBT point at, and with them the change data feed
 * the incremental run reads: the run after one must still succeed, and come out as a full build would.
 */
@IntegrationTest
class IndicatorsAfterErasureTest {
  /** The fixture's u2 watched S0 (alone) and S1, commented, gifted, ordered and was refunded. */
  private static final String ERASED = "u2";

  @Test
  void anIncrementalRunAfterEraseWithVacuumGivesWhatAFullBuildGives() {
    Job erased = new Job("indicators-erased");
    erased.append(pseudonymized(Fixture.events().rows(), null));
    assertEquals("full", erased.run(false).mode());

    Eraser.Result r = new Eraser(erased.lake).erase(pseudonym(ERASED), true);
    assertEquals(19L, r.rowsRemoved().get("silver.events_obt"), "u2's rows in the fixture");
    assertEquals(1L, r.rowsRemoved().get("gold.user_stickiness"));

    IndicatorsJob.Result after = erased.run(false);
    assertEquals("full", after.mode());
    assertEquals("silver.events_obt vacuumed by an erasure since version 1 (last "
        + erased.lake.read(Tables.ERASURE_LOG).first().getTimestamp(2).toInstant() + "), so its change data feed is gone",
        after.reason());
    assertEquals("noop", erased.run(false).mode(), "the run after that reads the change feed again");

    Job never = new Job("indicators-never-there");
    never.append(pseudonymized(Fixture.events().rows(), ERASED));
    assertEquals("full", never.run(true).mode());
    for (TableDef t : List.of(Tables.SESSION_INDICATORS, Tables.ANCHOR_DAILY, Tables.PLATFORM_DAILY,
        Tables.SALES_DAILY, Tables.USER_STICKINESS, Tables.RETENTION_COHORTS)) {
      assertSameValues(t, never.rows(t), erased.rows(t));
    }
    assertEquals(List.of("S1", "S2", "S3"), erased.rows(Tables.SESSION_INDICATORS).stream()
        .map(row -> row.<String>getAs("session_id")).toList(), "S0 had only u2's events");
  }

  @Test
  void aVacuumNoErasureRecordedStillFallsBackToAFullBuild() {
    Job job = new Job("indicators-vacuumed");
    job.append(pseudonymized(Fixture.events().rows(), null));
    job.run(false);
    // A late comment, then compaction and a vacuum outside LiveLake: the file the comment was appended
    // in, which the change feed of its version points at, is gone.
    job.append(pseudonymized(new ObtRows()
        .session("S3", "A2", "taobao", "2024-05-02T12:00:00Z", "2024-05-02T13:00:00Z")
        .in("S3", "comment", "u7", "2024-05-02T12:11:00Z", "text", "late").rows(), null));
    job.lake.spark().sql("OPTIMIZE delta.`" + job.lake.path(Tables.EVENTS_OBT) + "`");
    job.lake.spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    job.lake.delta(Tables.EVENTS_OBT).vacuum(0);

    IndicatorsJob.Result r = job.run(false);

    assertEquals("full", r.mode());
    assertTrue(r.reason().startsWith("change data feed unavailable (a file it needs was deleted, e.g. by VACUUM: File file:"),
        r.reason());
    assertTrue(r.reason().endsWith(".parquet does not exist)"), r.reason());
    assertEquals(1, r.sessionsWritten(), "S3's A12 counts the late comment");
    assertEquals(2.0, job.rows(Tables.SESSION_INDICATORS).get(2).<Double>getAs(Indicator.A12.column()));
  }

  /** Every column but the time stamp of the write, row by row. */
  private static void assertSameValues(TableDef t, List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size(), t.fullName() + " rows");
    String[] names = t.schema().fieldNames();
    for (int i = 0; i < expected.size(); i++) {
      for (int c = 0; c < names.length; c++) {
        if (names[c].equals("computed_at")) continue;
        assertEquals(expected.get(i).get(c), actual.get(i).get(c), t.fullName() + " row " + i + " " + names[c]);
      }
    }
  }

  /** A lake of its own with the OBT and the job's configuration. */
  private static final class Job {
    final LiveLakeConfig config;
    final Lake lake;

    Job(String name) {
      config = TestSpark.config(TestSpark.newDir(name));
      lake = new Lake(TestSpark.session(), LakePaths.of(config)).ensure(Tables.EVENTS_OBT);
    }

    void append(List<Row> rows) {
      lake.spark().createDataFrame(rows, Tables.EVENTS_OBT.schema()).write().format("delta").mode("append")
          .save(lake.path(Tables.EVENTS_OBT));
    }

    IndicatorsJob.Result run(boolean full) { return IndicatorsJob.run(lake, config, full, stage -> { }); }

    /** The table's rows ordered by all their values (the time stamp of the write is last in every gold table). */
    List<Row> rows(TableDef t) {
      return lake.read(t).orderBy(Arrays.stream(t.schema().fieldNames()).map(functions::col).toArray(Column[]::new))
          .collectAsList();
    }
  }

  /** The erasure only takes pseudonyms: u7 becomes p000000000000000000000007. */
  private static String pseudonym(String user) {
    return "p" + String.format("%024d", Integer.parseInt(user.substring(1)));
  }

  /** The rows with pseudonymous users, without those of {@code leftOut} (null: all of them). */
  private static List<Row> pseudonymized(List<Row> rows, String leftOut) {
    int u = Tables.EVENTS_OBT.schema().fieldIndex("user_id");
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (leftOut != null && leftOut.equals(r.getString(u))) continue;
      Object[] v = new Object[r.size()];
      for (int k = 0; k < v.length; k++) v[k] = r.get(k);
      if (v[u] != null) v[u] = pseudonym((String) v[u]);
      out.add(RowFactory.create(v));
    }
    return out;
  }
}
