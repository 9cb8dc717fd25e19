package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The REES46 multi-category store events CSV (Kaggle "eCommerce behavior data"), with its header
 * event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session; times
 * like {@code 2019-10-01 00:00:00 UTC}, types view, cart, remove_from_cart and purchase.
 */
final class Rees46 implements ImportFormat {
  private static final List<String> COLUMNS = List.of("event_time", "event_type", "product_id", "category_id",
      "category_code", "brand", "price", "user_id", "user_session");
  /** The files' own spelling ({@code 2019-10-01 00:00:05 UTC}), or pandas' for a zoned time it wrote back ({@code +00:00}). */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ z][xxx]");

  private final String platform;
  private final SessionRule rule;
  private final String currency;

  Rees46(String platform, SessionRule rule, String currency) {
    this.platform = platform;
    this.rule = rule;
    this.currency = currency;
  }

  @Override
  public String name() { return "rees46"; }

  @Override
  public List<List<String>> headers() { return List.of(COLUMNS); }

  @Override
  public void line(long number, String text, Staging out) {
    CsvRow r = new CsvRow(COLUMNS, text);
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
    ObjectNode e = out.event(type, number, time, platform, r.text("user_id").strip());
    out.inRoom(e, rule.room(platform, r.text("category_id").strip(), r.text("user_session").strip(), time), platform);
    if (type.equals("order_paid")) {
      e.put("order_id", platform + ":" + r.text("user_session").strip() + ":" + product + ":" + time);
      e.putArray("lines").addObject().put("product_id", product).put("quantity", 1).put("price", price);
      e.put("amount", price).put("currency", currency);
    } else {
      e.put("product_id", product);
      if (!type.equals("product_click")) e.put("quantity", 1);
    }
    String code = r.text("category_code").strip();
    out.product(product, r.text("brand").strip(), code.isEmpty() ? r.text("category_id").strip() : code, price, currency);
    out.write(number, e);
  }

  private static long time(String s) {
    try {
      return ZonedDateTime.parse(s, TIME).withZoneSameInstant(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadRow("event_time is not like yyyy-MM-dd HH:mm:ss UTC or yyyy-MM-dd HH:mm:ss+00:00: '" + s + "'");
    }
  }
}
