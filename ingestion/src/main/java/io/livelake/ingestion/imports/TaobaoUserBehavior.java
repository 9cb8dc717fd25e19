package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * Alibaba's UserBehavior CSV (Tianchi), no header: user_id,item_id,category_id,behavior,timestamp with
 * unix seconds and behavior pv, fav, cart or buy. The data has no prices: a purchase is one unit at
 * the configured unit price.
 */
final class TaobaoUserBehavior implements ImportFormat {
  private static final List<String> COLUMNS = List.of("user_id", "item_id", "category_id", "behavior", "timestamp");

  private final String platform;
  private final SessionRule rule;
  private final BigDecimal unitPrice;
  private final String currency;

  TaobaoUserBehavior(String platform, SessionRule rule, BigDecimal unitPrice, String currency) {
    this.platform = platform;
    this.rule = rule;
    this.unitPrice = unitPrice;
    this.currency = currency;
  }

  @Override
  public String name() { return "taobao-user-behavior"; }

  @Override
  public String currency() { return currency; }

  @Override
  public void line(long number, String text, Staging out) {
    CsvRow r = new CsvRow(COLUMNS, text);
    String user = r.text("user_id").strip();
    String item = r.required("item_id");
    String category = r.required("category_id");
    long seconds = r.integer("timestamp");
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1000) throw new BadRow("timestamp out of range: " + seconds);
    String type = switch (r.required("behavior")) {
      case "pv" -> "product_click";
      case "fav" -> "follow";
      case "cart" -> "cart_add";
      case "buy" -> "order_paid";
      default -> throw new BadRow("behavior must be pv, fav, cart or buy: '" + r.text("behavior") + "'");
    };
    long time = seconds * 1000;
    ObjectNode e = out.event(type, number, time, platform, user);
    out.inRoom(e, rule.room(platform, category, "", time), platform);
    if (type.equals("order_paid")) {
      e.put("order_id", platform + "-" + user + "-" + item + "-" + seconds);
      e.putArray("lines").addObject().put("product_id", item).put("quantity", 1).put("price", unitPrice);
      e.put("amount", unitPrice).put("currency", currency);
    } else {
      e.put("product_id", item);
      if (type.equals("cart_add")) e.put("quantity", 1);
    }
    out.product(item, null, category, unitPrice, currency);
    out.write(number, e);
  }
}
