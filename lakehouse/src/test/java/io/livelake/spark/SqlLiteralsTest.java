package io.livelake.spark;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** A value written into Spark SQL text reads back as itself. */
class SqlLiteralsTest {
  @Test
  void quotesAndBackslashesReadBackAsThemselves() {
    String value = "o'clock \\ room's \\' end\\";
    assertEquals("'o\\'clock \\\\ room\\'s \\\\\\' end\\\\'", SqlLiterals.string(value));
    assertEquals(value, TestSpark.session().sql("SELECT " + SqlLiterals.string(value)).first().getString(0));
    assertEquals("oclock", TestSpark.session().sql("SELECT 'o''clock'").first().getString(0),
        "the doubled quote of standard SQL is two literals in Spark's");
  }
}
