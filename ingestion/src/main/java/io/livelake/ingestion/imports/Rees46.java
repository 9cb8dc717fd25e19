package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REES46 multi-category store events CSV (Kaggle "eCommerce behavior data"), with its header
 * event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session; times
 * like {@code 2019-10-01 00:00:00 UTC}, types view, cart, remove_from_cart and purchase. The purchases of one
 * user_session in one room are one order, as the data set's description says ("a session can have multiple purchase
 * events ... it's a single order"); a purchase without a session or a price is an order of its own, so that the
 * ingestion quarantines it alone.
 */
final class Rees46 implements ImportFormat {
  private static final List<String> COLUMNS = List.of("event_time", "event_type", "product_id", "category_id",
      "category_code", "brand", "price", "user_id", "user_session");
  /** The files' own spelling ({@code 2019-10-01 00:00:05 UTC}), or pandas' for a zoned time it wrote back ({@code +00:00}). */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ z][xxx]");

  private final String platform;
  private final SessionRule rule;
  private final String currency;
  /** The current file's header: its columns, the format's and any others, in file order, and its delimiter. */
  private Header.Match header = new Header.Match(COLUMNS, COLUMNS, ',');
  /** The current file's orders by visit and room, in the order of their first purchases, written at its end. */
  private final Map<String, GatheredOrder> baskets = new LinkedHashMap<>();

  Rees46(String platform, SessionRule rule, String currency) {
    this.platform = platform;
    this.rule = rule;
    this.currency = currency;
  }

  @Override
  public String name() { return "rees46"; }

  @Override
  public String currency() { return currency; }

  @Override
  public List<List<String>> headers() { return List.of(COLUMNS); }

  @Override
  public void startFile(Header.Match header) { this.header = header; }

  @Override
  public void line(long number, String text, Staging out) {
    CsvRow r = header.row(text);
    long time = time(r.required("event_time"));
    String type = switch (r.required("event_type")) {
      case "view" -> "product_click";
      case "cart" -> "cart_add";
      case "remove_from_cart" -> "cart_remove";
      case "purchase" -> "order_paid";
      default -> throw new BadRow("event_type must be view, cart, remove_from_cart or purchase: '"
          + r.text("event_type") + "'");
    };
    String product = r.required("product_id");
    BigDecimal price = r.decimal("price");
    String visit = r.text("user_session").strip();
    SessionRule.Room room = rule.room(platform, r.text("category_id").strip(), visit, time);
    String code = r.text("category_code").strip();
    out.product(product, r.text("brand").strip(), code.isEmpty() ? r.text("category_id").strip() : code, price, currency);
    if (type.equals("order_paid") && !visit.isEmpty() && price.signum() > 0) {
      baskets.computeIfAbsent(visit + '\u0000' + room.sessionId(), k -> {
        ObjectNode order = out.event(type, number, time, platform, r.text("user_id").strip());
        out.inRoom(order, room, platform);
        return new GatheredOrder(order.put("order_id", platform + ":" + visit
            + (rule == SessionRule.USER_SESSION ? "" : ":" + room.sessionId())), number);
      }).add(number, product, 1, price);
      return;
    }
    ObjectNode e = out.event(type, number, time, platform, r.text("user_id").strip());
    out.inRoom(e, room, platform);
    if (type.equals("order_paid")) {
      e.put("order_id", platform + ":" + visit + ":" + product + ":" + time);
      e.putArray("lines").addObject().put("product_id", product).put("quantity", 1).put("price", price);
      e.put("amount", price).put("currency", currency);
    } else {
      e.put("product_id", product);
      if (!type.equals("product_click")) e.put("quantity", 1);
    }
    out.write(number, e);
  }

  @Override
  public void endOfFile(Staging out) {
    baskets.values().forEach(basket -> basket.stage(out, currency));
    baskets.clear();
  }

  private static long time(String s) {
    try {
      return ZonedDateTime.parse(s, TIME).withZoneSameInstant(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadRow("event_time is not like yyyy-MM-dd HH:mm:ss UTC or yyyy-MM-dd HH:mm:ss+00:00: '" + s + "'");
    }
  }
}
