package io.livelake.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livelake.catalog.Lake;
import io.livelake.catalog.Tables;
import io.livelake.ingestion.kpis.KpiEvent;
import io.livelake.ingestion.kpis.KpiState;
import io.livelake.spark.LakePaths;
import io.livelake.testing.TestSpark;
import java.sql.Timestamp;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class KpiWriterTest {
  private static final long T = 1_793_491_200_000L;
  private static final long MIN = 60_000L;

  @Test
  void replacesRunsOfConsecutiveMinutesAsRangesAndNeverSpansAGap() {
    assertEquals("(window_start >= timestamp_millis(0) AND window_start <= timestamp_millis(120000))"
            + " OR window_start = timestamp_millis(300000)"
            + " OR (window_start >= timestamp_millis(420000) AND window_start <= timestamp_millis(480000))",
        KpiWriter.condition(List.of(0L, MIN, 2 * MIN, 5 * MIN, 7 * MIN, 8 * MIN)));
    assertEquals("window_start = timestamp_millis(60000)", KpiWriter.condition(List.of(MIN)));
  }

  @Test
  void noWriteIsMarkedWithABatchWhoseExpectedRowsHaveNotArrived() {
    Lake lake = new Lake(TestSpark.session(), LakePaths.of(TestSpark.config(TestSpark.newDir("kpi-writer"))));
    lake.ensure(List.of(Tables.REALTIME_KPIS));
    KpiWriter writer = new KpiWriter(lake, "app", 0);

    writer.expect(4);
    writer.submit(5, window(T, "u1"));
    writer.flush();
    assertEquals("app:3", newestMark(lake), "batch 4's rows are still to come: the mark stays before it");
    writer.fulfil(4, window(T + MIN, "u2"));
    writer.flush();
    assertEquals("app:5", newestMark(lake));
    assertEquals(2, lake.read(Tables.REALTIME_KPIS).count());

    writer.expect(6);
    writer.discard();
    writer.submit(7, window(T + 2 * MIN, "u3"));
    writer.flush();
    assertEquals("app:7", newestMark(lake), "a discard forgets what was expected: the restart rebuilds it");
  }

  private static SortedMap<Long, List<Row>> window(long minute, String user) {
    KpiState state = new KpiState(Long.MIN_VALUE);
    state.add(new KpiEvent("s1", minute + 1_000, "douyin", "a1", user, "like", null, null));
    SortedMap<Long, List<Row>> rows = new TreeMap<>();
    rows.put(minute, state.rows(List.of(minute), new Timestamp(minute)));
    return rows;
  }

  private static String newestMark(Lake lake) {
    return lake.delta(Tables.REALTIME_KPIS).history(1).first().getAs("userMetadata");
  }
}
