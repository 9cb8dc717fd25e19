package io.livelake.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What ingestion must make of a stream of records, counted from the records alone with plain Java
 * and the default thresholds, independently of both the simulator's manifest and the pipeline's
 * code: a second opinion that tests compare both against. Records must be in arrival order of one
 * partition.
 */
public final class IndependentCount {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WATERMARK = 10 * 60_000L;
  private static final Set<String> ACCESS = Set.of("login", "logout", "enter_room", "leave_room", "heartbeat");
  private static final Map<String, Integer> LIMITS = Map.of("click", 60, "comment", 30, "like", 120, "login", 20, "logout", 20);

  public long malformed;
  public long wrongType;
  public long missingField;
  public long exactDuplicates;
  public long redelivered;
  public long accessDuplicates;
  public long orderDuplicates;
  public long cartReadds;
  public long abnormalCart;
  public long abnormalOrders;
  public long late;
  public long botBurst;
  public long abnormalLogins;
  public long frequentLogouts;
  public final Map<String, Long> obtByType = new TreeMap<>();

  public static IndependentCount of(List<String> records) {
    IndependentCount c = new IndependentCount();
    c.count(records);
    return c;
  }

  public long duplicates() { return exactDuplicates + redelivered + accessDuplicates + orderDuplicates + cartReadds; }

  public long obtRows() { return obtByType.values().stream().mapToLong(Long::longValue).sum(); }

  /** Quarantined records by the pipeline's reason codes (zeros left out). */
  public Map<String, Long> quarantine() {
    Map<String, Long> q = new TreeMap<>();
    q.put("malformed_json", malformed);
    q.put("schema_violation", wrongType + missingField);
    q.put("late", late);
    q.put("bot_burst", botBurst);
    q.put("abnormal_login", abnormalLogins);
    q.put("frequent_logout", frequentLogouts);
    q.put("abnormal_cart_quantity", abnormalCart);
    q.put("abnormal_order_amount", abnormalOrders);
    q.values().removeIf(v -> v == 0);
    return q;
  }

  private void count(List<String> records) {
    Set<String> seenIds = new HashSet<>();
    Set<String> accessKeys = new HashSet<>();
    Set<String> orderKeys = new HashSet<>();
    Map<String, List<Long>> cartAdds = new HashMap<>();
    Map<String, List<JsonNode>> buckets = new HashMap<>();
    List<JsonNode> kept = new ArrayList<>();
    long maxTime = Long.MIN_VALUE;
    String previous = null;
    for (String line : records) {
      String before = previous;
      previous = line;
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        malformed++;
        continue;
      }
      if (!n.path("event_time").isIntegralNumber()) {
        wrongType++;
        continue;
      }
      if (!n.hasNonNull("event_id") || !n.hasNonNull("user_id") || !n.hasNonNull("platform")
          || (n.hasNonNull("anchor_id") && !n.hasNonNull("session_id"))) {
        missingField++;
        continue;
      }
      String id = n.get("event_id").asText();
      String type = n.get("event_type").asText();
      String user = n.get("user_id").asText();
      long t = n.get("event_time").asLong();
      if (maxTime != Long.MIN_VALUE && maxTime - t > WATERMARK) {
        late++;
        continue;
      }
      maxTime = Math.max(maxTime, t);
      if (type.equals("cart_add") && n.get("quantity").asInt() > 50) {
        abnormalCart++;
        continue;
      }
      if (type.equals("order_paid")) {
        double sum = 0;
        for (JsonNode l : n.get("lines")) sum += l.get("price").asDouble() * l.get("quantity").asInt();
        if (Math.abs(n.get("amount").asDouble() - sum) > 0.5 * sum) {
          abnormalOrders++;
          continue;
        }
      }
      if (!seenIds.add(id)) {
        if (line.equals(before)) exactDuplicates++; else redelivered++;
        continue;
      }
      if (ACCESS.contains(type) && !accessKeys.add(user + "|" + n.path("session_id").asText("-") + "|" + type + "|" + t)) {
        accessDuplicates++;
        continue;
      }
      if (type.startsWith("order_") && !orderKeys.add(n.get("order_id").asText() + "|" + type + "|" + t + "|" + n.get("lines"))) {
        orderDuplicates++;
        continue;
      }
      if (type.equals("cart_add")) {
        List<Long> prior = cartAdds.computeIfAbsent(user + "|" + n.get("product_id").asText(), k -> new ArrayList<>());
        if (prior.stream().anyMatch(p -> Math.abs(p - t) <= 10_000)) {
          cartReadds++;
          continue;
        }
        prior.add(t);
      }
      String group = switch (type) {
        case "product_click", "ad_click" -> "click";
        case "comment", "like", "login", "logout" -> type;
        default -> null;
      };
      if (group != null) {
        long size = group.startsWith("log") ? 3_600_000L : 60_000L;
        buckets.computeIfAbsent(user + "|" + group + "|" + Math.floorDiv(t, size), k -> new ArrayList<>()).add(n);
      } else {
        kept.add(n);
      }
    }
    for (Map.Entry<String, List<JsonNode>> b : buckets.entrySet()) {
      String group = b.getKey().split("\\|")[1];
      int size = b.getValue().size();
      if (size > LIMITS.get(group)) {
        switch (group) {
          case "login" -> abnormalLogins += size;
          case "logout" -> frequentLogouts += size;
          default -> botBurst += size;
        }
      } else {
        kept.addAll(b.getValue());
      }
    }
    for (JsonNode n : kept) obtByType.merge(n.get("event_type").asText(), 1L, Long::sum);
  }
}
