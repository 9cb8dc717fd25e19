package io.livelake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livelake.catalog.Lake;
import io.livelake.catalog.TableDef;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Assertions over whole tables of two lakes. */
public final class LakeAssertions {
  private LakeAssertions() {}

  /**
   * Table {@code t} holds the same rows in both lakes, duplicates counted, the columns {@code ignored} left
   * out (wall-clock columns: when a row was written, not what it holds).
   */
  public static void assertSameRows(Lake expected, Lake actual, TableDef t, String... ignored) {
    Dataset<Row> e = expected.read(t).drop(ignored);
    Dataset<Row> a = actual.read(t).drop(ignored);
    assertEquals(e.count(), a.count(), t.fullName() + " row count");
    assertEquals(0, e.exceptAll(a).count(), t.fullName() + ": rows of " + expected.paths().root() + " missing in "
        + actual.paths().root());
    assertEquals(0, a.exceptAll(e).count(), t.fullName() + ": rows of " + actual.paths().root() + " that "
        + expected.paths().root() + " does not have");
  }
}
