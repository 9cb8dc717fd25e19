package io.livelake.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livelake.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void wideCharactersTakeTwoColumnsAndMarksNone() {
    assertEquals(4, TerminalText.width("抖音"));
    assertEquals(6, TerminalText.width("tiktok"));
    assertEquals(2, TerminalText.width("😀"), "an emoji, a supplementary character");
    assertEquals(4, TerminalText.width("ｔｏ"), "full-width Latin");
    assertEquals(1, TerminalText.width("e\u0301"), "e and a combining acute accent");
    assertEquals(4, TerminalText.width("한국"));
    assertEquals("抖音  |", TerminalText.pad("抖音", 6) + "|");
  }

  @Test
  void aCellIsOneLineCutAtAWholeCharacter() {
    assertEquals("a\\nb\\tc\\r\\u001B", TerminalText.cell("a\nb\tc\r\u001b", 60));
    assertEquals("抖音...", TerminalText.cell("抖音直播间", 8), "5 columns of ideographs and the dots, not half of one");
    assertEquals("ab😀...", TerminalText.cell("ab😀😀😀", 7), "a surrogate pair is never split");
    assertEquals("abcdefgh", TerminalText.cell("abcdefgh", 8));
  }

  @Test
  void theSqlTableAlignsChineseValuesAndKeepsARowOnOneLine() {
    StructType schema = new StructType().add("platform", DataTypes.StringType).add("text", DataTypes.StringType)
        .add("n", DataTypes.LongType);
    List<Row> rows = List.of(RowFactory.create("抖音", "hi\nthere", 1L), RowFactory.create("taobao", null, 22L));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResultPrinter.forFormat("table").print(TestSpark.session().createDataFrame(rows, schema), 10,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertEquals("""
        platform | text      | n
        ---------+-----------+---
        抖音     | hi\\nthere | 1
        taobao   | NULL      | 22
        (2 rows)
        """, bytes.toString(StandardCharsets.UTF_8));
  }
}
