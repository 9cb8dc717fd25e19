package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The UCI Online Retail invoices CSV, with its header
 * InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country and dates like
 * {@code 12/1/2010 8:26} in a given zone. Consecutive rows of one invoice make one order (its first
 * row gives the time and customer); an invoice starting with C is a cancellation, a refund of the
 * units its negative quantities name. Orders are not in live rooms, so no sessions are made.
 */
final class OnlineRetail implements ImportFormat {
  private static final List<String> COLUMNS = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
      "InvoiceDate", "UnitPrice", "CustomerID", "Country");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");

  private final String platform;
  private final String currency;
  private final ZoneId zone;
  /** The invoice being read, written out when a row of another invoice or the end of the file comes. */
  private ObjectNode order;
  private String invoice;
  private long firstLine;
  private long lastLine;
  private BigDecimal amount;

  OnlineRetail(String platform, String currency, ZoneId zone) {
    this.platform = platform;
    this.currency = currency;
    this.zone = zone;
  }

  @Override
  public String name() { return "online-retail"; }

  @Override
  public List<String> header() { return COLUMNS; }

  @Override
  public void line(long number, String text, Staging out) {
    CsvRow r = new CsvRow(COLUMNS, text);
    String no = r.required("InvoiceNo");
    String product = r.required("StockCode");
    long quantity = r.integer("Quantity");
    BigDecimal price = r.decimal("UnitPrice");
    long time = time(r.required("InvoiceDate"));
    boolean cancelled = no.startsWith("C");
    if (!no.equals(invoice)) {
      endOfFile(out);
      String type = cancelled ? "order_refunded" : "order_paid";
      order = out.event(type, number, time, platform, customer(r.text("CustomerID")));
      order.put("order_id", cancelled ? no.substring(1) : no);
      order.putArray("lines");
      invoice = no;
      firstLine = number;
      amount = BigDecimal.ZERO;
    }
    long units = cancelled ? -quantity : quantity;
    ((ArrayNode) order.get("lines")).addObject().put("product_id", product).put("quantity", units).put("price", price);
    amount = amount.add(price.multiply(BigDecimal.valueOf(units)));
    lastLine = number;
    out.product(product, r.text("Description").strip(), null, price, currency);
  }

  @Override
  public void endOfFile(Staging out) {
    if (order == null) return;
    // A negative total (lines the contract refuses anyway) is not an amount; the line rule names the cause.
    order.put("amount", amount.max(BigDecimal.ZERO)).put("currency", currency);
    order.put(Staging.LAST_LINE, lastLine);
    out.write(firstLine, order);
    order = null;
    invoice = null;
  }

  /** The customer id as text; the export writes some as decimals (17850.0). */
  private static String customer(String s) {
    String id = s.strip();
    return id.endsWith(".0") ? id.substring(0, id.length() - 2) : id;
  }

  private long time(String s) {
    try {
      return LocalDateTime.parse(s, DATE).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadRow("InvoiceDate is not like M/d/yyyy H:mm: '" + s + "'");
    }
  }
}
