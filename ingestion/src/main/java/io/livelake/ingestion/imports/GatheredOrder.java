package io.livelake.ingestion.imports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * One order gathered from several rows of an input file (an invoice's rows, a visit's purchases) and staged when the
 * file ends: its first row gives its time and buyer, every row a line of goods.
 */
final class GatheredOrder {
  private final ObjectNode order;
  private final ArrayNode lines;
  private final long firstLine;
  private long lastLine;
  private BigDecimal amount = BigDecimal.ZERO;

  /** The order {@code order} (its event, without lines or amount) of input line {@code firstLine}. */
  GatheredOrder(ObjectNode order, long firstLine) {
    this.order = order;
    this.lines = order.putArray("lines");
    this.firstLine = firstLine;
    this.lastLine = firstLine;
  }

  /** Adds input line {@code line}'s goods: {@code units} of {@code product} at {@code price} each. */
  void add(long line, String product, long units, BigDecimal price) {
    lines.addObject().put("product_id", product).put("quantity", units).put("price", price);
    amount = amount.add(price.multiply(BigDecimal.valueOf(units)));
    lastLine = line;
  }

  /**
   * Stages the order with its amount in {@code currency} and the span of its rows. A negative total (of lines the
   * contract refuses anyway) is no amount: 0, and the line rule names the cause.
   */
  void stage(Staging out, String currency) {
    order.put("amount", amount.max(BigDecimal.ZERO)).put("currency", currency).put(Staging.LAST_LINE, lastLine);
    out.write(firstLine, order);
  }
}
