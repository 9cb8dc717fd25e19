package io.livelake.csv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
  @Test
  void fieldsAreSplitByTheDelimiterOutsideQuotes() {
    assertEquals(List.of("a", "b,c", "say \"hi\"", ""), CsvLine.parse("a,\"b,c\",\"say \"\"hi\"\"\","));
    assertEquals(List.of("0,25", "x;y", "3"), CsvLine.parse("0,25;\"x;y\";3", ';'));
    assertEquals(List.of("a,b"), CsvLine.parse("a,b", ';'));
    assertEquals(List.of(""), CsvLine.parse(""));
  }

  @Test
  void aQuoteLeftOpenOrTextAfterAClosingQuoteIsRefused() {
    assertEquals("a quoted field is not closed",
        assertThrows(IllegalArgumentException.class, () -> CsvLine.parse("a,\"b")).getMessage());
    assertEquals("text after a closing quote at column 6",
        assertThrows(IllegalArgumentException.class, () -> CsvLine.parse("a;\"b\"c", ';')).getMessage());
  }

  @Test
  void aLineEndingInsideAQuotedFieldGoesOnAtTheNext() {
    assertTrue(CsvLine.endsInQuotes("536365,85123A,\"WHITE HANGING", ','));
    assertTrue(CsvLine.endsInQuotes("a,\"say \"\"hi\"\"", ','), "a doubled quote is a quote inside the field");
    assertTrue(CsvLine.endsInQuotes("x;\"a,b", ';'));
    assertFalse(CsvLine.endsInQuotes("536365,85123A,\"WHITE HANGING\nHEART\",6", ','));
    assertFalse(CsvLine.endsInQuotes("a,12\" RULER,3", ','), "a quote inside an unquoted field is a character");
    assertFalse(CsvLine.endsInQuotes("a,\"b\"\"\"", ','));
    assertFalse(CsvLine.endsInQuotes("", ','));
    // The record a reader joins parses with the line break in its field.
    assertEquals(List.of("536365", "WHITE HANGING\nHEART, T-LIGHT", "6"),
        CsvLine.parse("536365,\"WHITE HANGING\nHEART, T-LIGHT\",6"));
  }

  @Test
  void theDelimiterIsACommaUnlessTheHeaderUsesAnotherOne() {
    assertEquals(',', CsvLine.delimiter("respondent,construct,item,score"));
    assertEquals(';', CsvLine.delimiter("respondent;construct;item;score"));
    assertEquals('\t', CsvLine.delimiter("respondent\tconstruct\titem"));
    assertEquals('|', CsvLine.delimiter("a|b|c"));
    assertEquals(',', CsvLine.delimiter("a;b,c"), "a comma outside quotes decides");
    assertEquals(';', CsvLine.delimiter("\"a,b\";c"), "a comma inside quotes is part of a name");
    assertEquals(';', CsvLine.delimiter("a;b;c|d"), "the most frequent of the others");
    assertEquals(',', CsvLine.delimiter("outcome"), "one column: nothing to tell");
  }

  /** One definition serves import's prices and train --input's columns, so both read the same values as numbers. */
  @Test
  void aDecimalCommaNumberHasDigitsOnBothSidesOfItsComma() {
    for (String number : List.of("2,55", "-0,5", "+12,0", "0,25")) assertTrue(number.matches(CsvLine.DECIMAL_COMMA), number);
    for (String other : List.of(",5", "2,", "1.450,00", "1,450,000", "2.55", "12", "2,5e3", "")) {
      assertFalse(other.matches(CsvLine.DECIMAL_COMMA), other);
    }
  }
}
