package io.livelake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class HtmlTableTest {

  @Test
  void escapesTextRoundsDoublesAndLeavesNullsEmpty() {
    String html = HtmlTable.of(List.of("model", "r2", "rows"),
        List.of(RowFactory.create("<mlp> & co", 0.91234, 42L), RowFactory.create(null, null, 7L)));
    assertEquals("<table>\n<thead><tr><th>model</th><th>r2</th><th>rows</th></tr></thead>\n<tbody>\n"
        + "<tr><td>&lt;mlp&gt; &amp; co</td><td>0.912</td><td>42</td></tr>\n"
        + "<tr><td></td><td></td><td>7</td></tr>\n</tbody>\n</table>\n", html);
  }

  @Test
  void nonFiniteDoublesAreSpelledOut() {
    assertEquals(Arrays.asList("-Infinity", "NaN"),
        Arrays.asList(HtmlTable.cell(Double.NEGATIVE_INFINITY), HtmlTable.cell(Double.NaN)));
  }
}
