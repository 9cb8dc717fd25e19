package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UCI Online Retail invoices CSV: Online Retail's header
 * InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country, or Online Retail II's
 * Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country (the same fields in the same
 * order), in any order and beside columns of others, which are not read; dates like {@code 12/1/2010 8:26} (the
 * first's CSV, or {@code 12/1/10 8:26} as Excel saves it), {@code 2010-12-01 08:26:00} (the second's, and either
 * workbook saved as CSV by pandas) or {@code 01.12.2010 08:26} (day first, as Excel in a German locale saves it, with
 * semicolons between fields and decimal commas in prices) in a given zone. The rows of one invoice in a file make one order,
 * consecutive or not (its first row gives the time and customer); an invoice starting with C is a cancellation, a
 * refund of the units its negative quantities name. A row that repeats an earlier row of its invoice exactly (analysts
 * often drop them as duplicates) stays a line of the order and is counted. Orders are
 * not in live rooms, so no sessions are made.
 */
final class OnlineRetail implements ImportFormat {
  private static final List<String> COLUMNS = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
      "InvoiceDate", "UnitPrice", "CustomerID", "Country");
  private static final List<String> COLUMNS_II = List.of("Invoice", "StockCode", "Description", "Quantity",
      "InvoiceDate", "Price", "Customer ID", "Country");
  private static final String DATES = "M/d/yyyy H:mm, M/d/yy H:mm, yyyy-MM-dd HH:mm:ss or d.M.yyyy H:mm";
  /** A date whose first number, above 12, can only be a day: the file is day-first, and M/d misreads its other dates. */
  private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})/(\\d{1,2})/\\d{2}");
  /**
   * Excel's short US date writes the year in two digits ({@code 12/1/10 8:26}): years 2000 to 2099. A date with dots is
   * day first, as everywhere that writes them.
   */
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("[M/d/yyyy H:mm][M/d/yy H:mm][yyyy-MM-dd HH:mm[:ss]][d.M.yyyy H:mm[:ss]]");

  private final String platform;
  private final String currency;
  private final ZoneId zone;
  /**
   * The current file's header: rows are read by its column names (so problems name the columns the file has), its
   * columns, the layout's and any others, in file order, and its delimiter.
   */
  private Header.Match header = new Header.Match(COLUMNS, COLUMNS, ',');
  /**
   * The current file's invoices by number, in the order of their first rows, written out at its end: the rows of
   * one invoice are not always consecutive (Online Retail II's 489461 has rows of 489462 between its own).
   */
  private final Map<String, GatheredOrder> invoices = new LinkedHashMap<>();
  /**
   * The current file's rows as they read, to count a row that repeats one exactly: one of its own invoice, since a row
   * holds the invoice's number.
   */
  private final Set<String> rows = new HashSet<>();

  OnlineRetail(String platform, String currency, ZoneId zone) {
    this.platform = platform;
    this.currency = currency;
    this.zone = zone;
  }

  @Override
  public String name() { return "online-retail"; }

  @Override
  public String currency() { return currency; }

  @Override
  public List<List<String>> headers() { return List.of(COLUMNS, COLUMNS_II); }

  @Override
  public void startFile(Header.Match header) { this.header = header; }

  @Override
  public void line(long number, String text, Staging out) {
    CsvRow r = header.row(text);
    String no = r.required(column("InvoiceNo"));
    String product = r.required(column("StockCode"));
    long quantity = r.integer(column("Quantity"));
    BigDecimal price = r.decimal(column("UnitPrice"));
    long time = time(r.required(column("InvoiceDate")));
    boolean cancelled = no.startsWith("C");
    GatheredOrder invoice = invoices.computeIfAbsent(no, n -> {
      ObjectNode order = out.event(cancelled ? "order_refunded" : "order_paid", number, time, platform,
          customer(r.text(column("CustomerID"))));
      return new GatheredOrder(order.put("order_id", cancelled ? no.substring(1) : no), number);
    });
    invoice.add(number, product, cancelled ? -quantity : quantity, price);
    if (!rows.add(text.strip())) out.repeatedRow();
    out.product(product, r.text(column("Description")).strip(), null, price, currency);
  }

  @Override
  public void endOfFile(Staging out) {
    invoices.values().forEach(invoice -> invoice.stage(out, currency));
    invoices.clear();
    rows.clear();
  }

  /** The current layout's name of a column of Online Retail's. */
  private String column(String name) { return header.layout().get(COLUMNS.indexOf(name)); }

  /** The customer id as text; the export writes some as decimals (17850.0). */
  private static String customer(String s) {
    String id = s.strip();
    return id.endsWith(".0") ? id.substring(0, id.length() - 2) : id;
  }

  private long time(String s) {
    try {
      return LocalDateTime.parse(s, DATE).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      Matcher dayFirst = DAY_FIRST.matcher(s);
      if (dayFirst.lookingAt() && Integer.parseInt(dayFirst.group(1)) > 12 && Integer.parseInt(dayFirst.group(2)) <= 12) {
        throw new BadFile("InvoiceDate '" + s + "' is day-first (d/M/yyyy, as a spreadsheet in a UK locale saves it), "
            + "so this file's dates of days 1 to 12 read as other months; save the workbook with ISO dates "
            + "(yyyy-MM-dd HH:mm:ss) and import that");
      }
      throw new BadRow("InvoiceDate is not like " + DATES + ": '" + s + "'");
    }
  }
}
