package io.livelake.ml.model;

import static org.junit.jupiter.api.Assertions.*;

import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Training tables in CSV as spreadsheets and other tools save them. */
class InputTableTest {
  private static Dataset<Row> csv(String name, String text) throws IOException {
    Path file = Files.writeString(TestSpark.newDir("input-table").resolve(name), text);
    InputTable.Loaded loaded = InputTable.read(TestSpark.session(), file.toString(), null);
    assertEquals("csv", loaded.source().format());
    return loaded.table();
  }

  private static String types(Dataset<Row> t) {
    return Arrays.stream(t.schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString())
        .collect(Collectors.joining(","));
  }

  /**
   * A German or Brazilian spreadsheet saves "0,25" with semicolons between fields (and a byte-order mark, CRLF line
   * ends): the numbers are read as numbers, whole ones stay whole, and a column that mixes decimal commas and points
   * stays text, which training then names as non-numeric rather than guess.
   */
  @Test
  void semicolonsAndDecimalCommasAsASpreadsheetSavesThem() throws IOException {
    Dataset<Row> t = csv("sessions.csv", "\uFEFFA11;A31;outcome;mixed;note\r\n"
        + "1200,5;0,25;-3,5;0,5;\"a;b\"\r\n"
        + "900;0,125;12;0.5;c\r\n");
    assertEquals("A11:double,A31:double,outcome:double,mixed:string,note:string", types(t));
    assertEquals(List.of("[1200.5,0.25,-3.5,0,5,a;b]", "[900.0,0.125,12.0,0.5,c]"),
        t.collectAsList().stream().map(Row::toString).toList());
  }

  /** pandas' {@code to_csv(sep=';')} or a tab-separated export writes points: they read as Spark infers them. */
  @Test
  void otherDelimitersWithDecimalPointsAndCommaSeparatedFilesAsBefore() throws IOException {
    assertEquals("A11:double,outcome:int", types(csv("points.csv", "A11;outcome\n0.5;3\n1.25;4\n")));
    assertEquals("A11:double,outcome:double", types(csv("tabs.csv", "A11\toutcome\n0,5\t3,5\n1\t4\n")));
    assertEquals("A11:string,outcome:string", types(csv("header.csv", "A11;outcome\n")), "a header alone: no rows");
    Dataset<Row> comma = csv("comma.csv", "A11,outcome,label\n0.5,3,\"1,5\"\n");
    assertEquals("A11:double,outcome:int,label:string", types(comma), "a quoted decimal comma in a comma file is text");
  }
}
