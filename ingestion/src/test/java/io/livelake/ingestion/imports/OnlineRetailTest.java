package io.livelake.ingestion.imports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.csv.CsvRecords;
import io.livelake.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Online Retail and Online Retail II files, in the layouts and date spellings they are published and saved in. */
class OnlineRetailTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Rows of Online Retail II (UCI, CC BY 4.0) as its CSV copies spell them: the Kaggle one with ISO dates and
   * customers as decimals, and one saved by a spreadsheet with a byte-order mark and US dates (as in
   * xq2005/kafka-avro-spark-samples' online_retail_II.csv); the invoice 489461 has rows of 489462 between its own.
   */
  @Test
  void bothLayoutsAndDateSpellingsGiveOneOrderPerInvoiceConsecutiveOrNot() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(input.resolve("a_II.csv"), """
        Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
        489461,82483,WOOD 2 DRAWER CABINET WHITE FINISH,3,2009-12-01 10:49:00,5.95,17865.0,United Kingdom
        489462,90200D,PINK SWEETHEART BRACELET,3,2009-12-01 10:49:00,4.25,17592.0,United Kingdom
        489462,90200E,GREEN SWEETHEART BRACELET,3,2009-12-01 10:49:00,4.25,17592.0,United Kingdom
        489461,21212,PACK OF 72 RETRO SPOT CAKE CASES,24,2009-12-01 10:49:00,0.55,17865.0,United Kingdom
        489463,71477,short,-240,1 Dec 2009,0.0,,United Kingdom
        """);
    Files.writeString(input.resolve("b_excel.csv"), """
        \uFEFFInvoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\r
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 08:26,2.55,17850,United Kingdom\r
        """);
    Files.writeString(input.resolve("c_I.csv"), """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom
        536380,22961,JAM MAKING SET PRINTED,24,2010-12-01 09:41,1.45,17809,United Kingdom
        """);

    Importer.Staged staged = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(8, staged.rowsRead());

    assertEquals(List.of(
        "a_II.csv:6 InvoiceDate is not like M/d/yyyy H:mm, M/d/yy H:mm, yyyy-MM-dd HH:mm:ss or d.M.yyyy H:mm: "
            + "'1 Dec 2009'",
        "a_II.csv:2-5 order_paid 489461 17865 2009-12-01T10:49:00Z 2 lines 31.05 GBP",
        "a_II.csv:3-4 order_paid 489462 17592 2009-12-01T10:49:00Z 2 lines 25.5 GBP",
        "b_excel.csv:2-2 order_paid 536365 17850 2010-12-01T08:26:00Z 1 lines 15.3 GBP",
        "c_I.csv:2-2 order_refunded 536379 14527 2010-12-01T09:41:00Z 1 lines 27.5 GBP",
        "c_I.csv:3-3 order_paid 536380 17809 2010-12-01T09:41:00Z 1 lines 34.8 GBP"), summaries(staged));
  }

  /**
   * Files come in path order, which is not time order (REES46's 2019-Nov.csv before its 2019-Oct.csv; here a copy of
   * Online Retail saved before one of Online Retail II): their records are merged into one time order, or the cleaning
   * rules, which judge records in the order they arrive, would find the earlier file's events late.
   */
  @Test
  void theRecordsOfSeveralFilesAreStagedInOneTimeOrder() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(input.resolve("a_2010.csv"), """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
        536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:41,1.45,17809,United Kingdom
        """);
    Files.writeString(input.resolve("b_2009.csv"), """
        Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
        489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom
        489463,71477,short,-240,1 Dec 2009,0.0,,United Kingdom
        489461,82483,WOOD 2 DRAWER CABINET WHITE FINISH,3,2010-12-01 09:00:00,5.95,17865.0,United Kingdom
        """);
    Importer.Staged staged = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(List.of(
        "b_2009.csv:3 InvoiceDate is not like M/d/yyyy H:mm, M/d/yy H:mm, yyyy-MM-dd HH:mm:ss or d.M.yyyy H:mm: "
            + "'1 Dec 2009'",
        "b_2009.csv:2-2 order_paid 489434 13085 2009-12-01T07:45:00Z 1 lines 83.4 GBP",
        "a_2010.csv:2-2 order_paid 536365 17850 2010-12-01T08:26:00Z 1 lines 15.3 GBP",
        "b_2009.csv:4-4 order_paid 489461 17865 2010-12-01T09:00:00Z 1 lines 17.85 GBP",
        "a_2010.csv:3-3 order_paid 536380 17809 2010-12-01T09:41:00Z 1 lines 34.8 GBP"), summaries(staged));
    try (Stream<Path> files = Files.list(staged.events())) {
      assertEquals(List.of("merged.jsonl"), files.map(f -> f.getFileName().toString()).toList(),
          "the files' own staging is replaced by the merged one");
    }
    assertEquals(5, staged.records());
  }

  /** Each staged record in a line: a refused row's file, line and problem, or an order's lines, ids, time and amount. */
  private static List<String> summaries(Importer.Staged staged) throws Exception {
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      got.add(r.has("import_problem")
          ? r.get("import_file").asText() + ":" + r.get("import_line") + " " + r.get("import_problem").asText()
          : String.join(" ", r.get("import_file").asText() + ":" + r.get("import_line") + "-"
              + r.get("import_last_line"), r.get("event_type").asText(), r.get("order_id").asText(),
              r.get("user_id").asText(), Instant.ofEpochMilli(r.get("event_time").asLong()).toString(),
              r.get("lines").size() + " lines", r.get("amount").decimalValue().toPlainString(),
              r.get("currency").asText()));
    }
    return got;
  }

  /**
   * A cell with a line break (Alt+Enter in Excel) is saved as a quoted field over two lines, RFC 4180's CSV, which
   * pandas and DuckDB read as one row. A quote that never closes costs its own row only, and rows after it are read.
   */
  @Test
  void aQuotedFieldMayHoldALineBreakAndAStrayQuoteCostsOneRow() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(input.resolve("cells.csv"), """
        \uFEFFInvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\r
        536365,85123A,"WHITE HANGING
        HEART, T-LIGHT ""HOLDER""\",6,12/1/2010 8:26,2.55,17850,United Kingdom\r
        536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\r
        536366,22633,"HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom\r
        536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom\r
        """);
    Importer.Staged staged = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(4, staged.rowsRead(), "the rows at lines 2-3, 4, 5 and 6");
    assertEquals(List.of(
        "cells.csv:5 not CSV: a quoted field is not closed",
        "cells.csv:2-4 order_paid 536365 17850 2010-12-01T08:26:00Z 2 lines 35.64 GBP",
        "cells.csv:6-6 order_paid 536367 13047 2010-12-01T08:34:00Z 1 lines 54.08 GBP"), summaries(staged));
    JsonNode product = JSON.readTree(Files.readAllLines(staged.dimensions().resolve("products.jsonl")).get(0));
    assertEquals("85123A WHITE HANGING\nHEART, T-LIGHT \"HOLDER\"",
        product.get("product_id").asText() + " " + product.get("product_name").asText());

    // A stray quote with a quoted field further down than a record may span: that field does not close it.
    StringBuilder text = new StringBuilder("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
        + "Country\n600000,1,\"STRAY,1,12/1/2010 9:00,1.00,1,United Kingdom\n");
    for (int i = 1; i < CsvRecords.MAX_LINES; i++) {
      text.append(600000 + i).append(",1,PLAIN,1,12/1/2010 9:00,1.00,1,United Kingdom\n");
    }
    text.append("700000,1,\"QUOTED, AS IT MAY BE\",1,12/1/2010 9:00,1.00,1,United Kingdom\n");
    Path far = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(far.resolve("far.csv"), text);
    List<String> got = summaries(Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), far)
        .stage(far.resolve("staging"), 1 << 20, Progress.silent()));
    assertEquals("far.csv:2 not CSV: a quoted field is not closed", got.get(0));
    assertEquals(CsvRecords.MAX_LINES + 1, got.size(), "the stray row refused, every row after it an order");
    assertEquals("far.csv:" + (CsvRecords.MAX_LINES + 2) + "-" + (CsvRecords.MAX_LINES + 2)
        + " order_paid 700000 1 2010-12-01T09:00:00Z 1 lines 1.0 GBP", got.get(got.size() - 1));
  }

  /** A file PowerShell wrote (UTF-16 with a byte-order mark): its header was refused as not the format's. */
  @Test
  void aUtf16FileIsReadAsTheTextItIs() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    String text = "\uFEFFInvoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\r\n"
        + "536365,85123A,CRÈME HEART,6,12/1/2010 08:26,2.55,17850,United Kingdom\r\n";
    Files.write(input.resolve("utf16.csv"), text.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
    Importer.Staged staged = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    JsonNode order = StagedRecords.read(staged.events()).get(0);
    assertEquals("536365 15.3", order.get("order_id").asText() + " " + order.get("amount").asText());
    JsonNode product = JSON.readTree(Files.readAllLines(staged.dimensions().resolve("products.jsonl")).get(0));
    assertEquals("85123A CRÈME HEART", product.get("product_id").asText() + " " + product.get("product_name").asText());
  }

  @Test
  void aFileInNeitherLayoutIsRefusedNamingBoth() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Path file = Files.writeString(input.resolve("x.csv"), "Invoice,StockCode,Quantity\n1,2,3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), file));
    assertEquals("import: " + file + ": line 1: the header must name the columns "
        + "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country or "
        + "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country (each once; others are not "
        + "read), got 'Invoice,StockCode,Quantity'", e.getMessage());
  }

  /**
   * Analysts' copies add columns and Excel shortens years: the first rows of FatymaHassan/Online-Retail-Data-Analysis'
   * "Online Retail.csv" (UCI Online Retail, CC BY 4.0) as that copy spells them, with a TotalPrice column and dates
   * like 12/1/10 8:26. Columns are read by name, in any order; a column of the layout named twice is refused.
   */
  @Test
  void columnsAreReadByNameBesideAddedOnesAndTwoDigitYearsAreThisCentury() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(input.resolve("a_copy.csv"), """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,TotalPrice\r
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/10 8:26,2.55,17850,United Kingdom,15.3\r
        536365,71053,WHITE METAL LANTERN,6,12/1/10 8:26,3.39,17850,United Kingdom,20.34\r
        C536379,D,Discount,-1,12/1/10 9:41,27.5,14527,United Kingdom,-27.5\r
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/10 8:26,2.55,17850,United Kingdom,15.3\r
        """);
    Files.writeString(input.resolve("b_moved.csv"), """
        ,CustomerID,InvoiceNo,InvoiceDate,StockCode,Quantity,UnitPrice,Description,Country,Month
        7,13047,536367,12/1/2010 8:34,84879,32,1.69,ASSORTED COLOUR BIRD ORNAMENT,United Kingdom,12
        """);
    Importer importer = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input);
    assertEquals(List.of(input.resolve("a_copy.csv") + ": column TotalPrice not read (it is not online-retail's)",
        input.resolve("b_moved.csv") + ": columns (unnamed), Month not read (they are not online-retail's)"),
        importer.unreadColumns());
    Importer.Staged staged = importer.stage(input.resolve("staging"), 1 << 20, Progress.silent());
    assertEquals(1, staged.repeatedRows(), "the last row of a_copy.csv repeats its second: a line of the order still");
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      got.add(String.join(" ", r.get("event_type").asText(), r.get("order_id").asText(), r.get("user_id").asText(),
          Instant.ofEpochMilli(r.get("event_time").asLong()).toString(), r.get("amount").decimalValue().toPlainString()));
    }
    // In time order across the two files (theRecordsOfSeveralFilesAreStagedInOneTimeOrder).
    assertEquals(List.of("order_paid 536365 17850 2010-12-01T08:26:00Z 50.94",
        "order_paid 536367 13047 2010-12-01T08:34:00Z 54.08", "order_refunded 536379 14527 2010-12-01T09:41:00Z 27.5"),
        got);

    Path twice = Files.writeString(input.resolve("twice.csv"),
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,CustomerID\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), twice));
    assertTrue(e.getMessage().startsWith("import: " + twice + ": line 1: the header must name the columns "), e.getMessage());
  }

  /**
   * The workbook saved as CSV, as import's refusal of it says, by Excel in a German locale: semicolons between fields,
   * decimal commas, dates day first with dots, a quoted description holding a semicolon. The orders are those of the
   * same rows in the published CSV (first test: 2.55 x 6 = 15.3; 5.95 x 3 + 0.55 x 24 = 31.05).
   */
  @Test
  void aWorkbookSavedByExcelInADecimalCommaLocaleReadsAsThePublishedCsv() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Files.writeString(input.resolve("online_retail_II.csv"), """
        Invoice;StockCode;Description;Quantity;InvoiceDate;Price;Customer ID;Country
        489461;82483;WOOD 2 DRAWER CABINET WHITE FINISH;3;01.12.2009 10:49;5,95;17865;United Kingdom
        489461;21212;"PACK OF 72; RETRO SPOT CAKE CASES";24;01.12.2009 10:49;0,55;17865;United Kingdom
        536365;85123A;WHITE HANGING HEART T-LIGHT HOLDER;6;01.12.2010 08:26;2,55;17850;United Kingdom
        C536379;D;Discount;-1;01.12.2010 09:41;27,5;14527;United Kingdom
        536380;22961;JAM MAKING SET PRINTED;24;01.12.2010 09:41;1.45;17809;United Kingdom
        """);
    Importer.Staged staged = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input)
        .stage(input.resolve("staging"), 1 << 20, Progress.silent());
    List<String> got = new ArrayList<>();
    for (JsonNode r : StagedRecords.read(staged.events())) {
      got.add(String.join(" ", r.get("event_type").asText(), r.get("order_id").asText(), r.get("user_id").asText(),
          Instant.ofEpochMilli(r.get("event_time").asLong()).toString(), r.get("amount").decimalValue().toPlainString()));
    }
    assertEquals(List.of("order_paid 489461 17865 2009-12-01T10:49:00Z 31.05",
        "order_paid 536365 17850 2010-12-01T08:26:00Z 15.3", "order_refunded 536379 14527 2010-12-01T09:41:00Z 27.5",
        "order_paid 536380 17809 2010-12-01T09:41:00Z 34.8"), got, "a point is a decimal point here too");
  }

  /**
   * Saved by a spreadsheet in a UK locale, 1 December reads 01/12/2010, which M/d takes for 12 January without a
   * sign; the first date past the 12th shows the file day-first, and the import stops before anything is ingested.
   */
  @Test
  void aDayFirstFileStopsTheImportAtItsFirstTellingDate() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Path file = Files.writeString(input.resolve("uk.csv"), """
        InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
        536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,01/12/2010 08:26,2.55,17850,United Kingdom
        539993,22386,JUMBO BAG PINK POLKADOT,10,04/01/2011 10:00,1.95,13313,United Kingdom
        540002,84029E,RED WOOLLY HOTTIE WHITE HEART.,6,13/01/2011 11:00,3.75,14911,United Kingdom
        """);
    Importer importer = Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> importer.stage(input.resolve("staging"), 1 << 20, Progress.silent()));
    assertEquals("import: " + file + ": line 4: InvoiceDate '13/01/2011 11:00' is day-first (d/M/yyyy, as a spreadsheet "
        + "in a UK locale saves it), so this file's dates of days 1 to 12 read as other months; save the workbook with "
        + "ISO dates (yyyy-MM-dd HH:mm:ss) and import that; nothing was imported", e.getMessage());
  }

  /** UCI publishes both data sets as workbooks; one given as it is would read as a header of binary. */
  @Test
  void aWorkbookIsRefusedSayingToSaveItsSheetsAsCsv() throws Exception {
    Path input = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "online-retail-");
    Path workbook = Files.write(input.resolve("online_retail_II.xlsx"), new byte[] {'P', 'K', 3, 4, 20, 0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Importer.of(new ImportOptions("online-retail", null, null, null, null, null, null), input));
    assertEquals("import: " + workbook + " is an Excel workbook, which import does not read: save each sheet as CSV "
        + "(UTF-8) and give the files or their directory", e.getMessage());
  }
}
