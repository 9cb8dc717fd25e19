package io.livelake.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.ingestion.validation.EventValidator;
import io.livelake.progress.Progress;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EVENTS = 60_000;
  /** Faults scaled up so that every kind occurs many times in a small run. */
  private static final FaultRates FAULTS = FaultRates.defaults().scaled(5);
  private static Path first;
  private static Manifest manifest;

  @BeforeAll
  static void generate() throws IOException {
    first = TestSpark.newDir("sim-a");
    manifest = run(first, SimulatorOptions.defaults(7, EVENTS).withFaults(FAULTS));
  }

  static Manifest run(Path dir, SimulatorOptions o) throws IOException {
    try (JsonlFileSink sink = new JsonlFileSink(dir.resolve("events"), false, 25_000)) {
      return new Simulator(o).run(sink, dir, Progress.silent());
    }
  }

  @Test
  void sameSeedGivesByteIdenticalOutput() throws IOException {
    Path second = TestSpark.newDir("sim-b");
    run(second, SimulatorOptions.defaults(7, EVENTS).withFaults(FAULTS));
    List<Path> a = files(first);
    List<Path> b = files(second);
    assertEquals(a.stream().map(p -> first.relativize(p).toString()).toList(),
        b.stream().map(p -> second.relativize(p).toString()).toList());
    assertTrue(a.size() >= 6, "3 event files, 3 dimension files and the manifest");
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), "differs: " + a.get(i));
    }
    Path other = TestSpark.newDir("sim-c");
    run(other, SimulatorOptions.defaults(8, EVENTS).withFaults(FAULTS));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(first.resolve("events/events-00000.jsonl")),
        Files.readAllBytes(other.resolve("events/events-00000.jsonl"))), "another seed gives other events");
  }

  @Test
  void manifestMatchesAnIndependentCountOfTheOutput() throws IOException {
    List<String> lines = lines(first);
    assertEquals(manifest.recordsWritten(), lines.size());
    assertEquals(EVENTS, manifest.baseEvents());

    long malformed = 0;
    long missing = 0;
    long wrongType = 0;
    List<JsonNode> valid = new ArrayList<>();
    for (String line : lines) {
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        malformed++;
        continue;
      }
      if (!n.path("event_time").isIntegralNumber()) {
        wrongType++;
      } else if (!n.hasNonNull("event_id") || !n.hasNonNull("user_id") || !n.hasNonNull("platform")
          || (n.hasNonNull("anchor_id") && !n.hasNonNull("session_id"))) {
        missing++;
      } else {
        valid.add(n);
      }
    }
    assertEquals(manifest.fault(Manifest.MALFORMED_JSON), malformed);
    assertEquals(manifest.fault(Manifest.WRONG_TYPE), wrongType);
    assertEquals(manifest.fault(Manifest.MISSING_FIELD), missing);

    // Duplicates: same id right after (exact) or later (redelivered).
    long exact = 0;
    long redelivered = 0;
    Set<String> ids = new HashSet<>();
    String previous = null;
    for (String line : lines) {
      JsonNode n = parseOrNull(line);
      if (n != null && n.path("event_time").isIntegralNumber() && n.hasNonNull("event_id")) {
        if (!ids.add(n.get("event_id").asText())) {
          if (line.equals(previous)) exact++; else redelivered++;
        }
      }
      previous = line;
    }
    assertEquals(manifest.fault(Manifest.EXACT_DUPLICATE), exact);
    assertEquals(manifest.fault(Manifest.REDELIVERED_DUPLICATE), redelivered);

    Map<String, Integer> perUserMinute = new HashMap<>();
    Map<String, Integer> perUserHour = new HashMap<>();
    Set<String> accessKeys = new HashSet<>();
    Set<String> orderKeys = new HashSet<>();
    Map<String, List<Long>> cartAdds = new HashMap<>();
    long accessDup = 0;
    long orderDup = 0;
    long cartReadd = 0;
    long bigCart = 0;
    long oddOrders = 0;
    long late = 0;
    long maxTime = Long.MIN_VALUE;
    Set<String> seen = new HashSet<>();
    for (JsonNode n : valid) {
      String id = n.get("event_id").asText();
      String type = n.get("event_type").asText();
      String user = n.get("user_id").asText();
      long t = n.get("event_time").asLong();
      if (maxTime != Long.MIN_VALUE && maxTime - t > 10 * 60_000L) {
        late++;
        continue;
      }
      maxTime = Math.max(maxTime, t);
      if (!seen.add(id)) continue;
      if (type.equals("cart_add") && n.get("quantity").asInt() > 50) {
        bigCart++;
        continue;
      }
      if (type.equals("order_paid")) {
        double sum = 0;
        for (JsonNode l : n.get("lines")) sum += l.get("price").asDouble() * l.get("quantity").asInt();
        if (Math.abs(n.get("amount").asDouble() - sum) > 0.5 * sum) {
          oddOrders++;
          continue;
        }
        if (!orderKeys.add(n.get("order_id").asText() + "|" + t + "|" + n.get("lines"))) {
          orderDup++;
          continue;
        }
      }
      if (Set.of("login", "logout", "enter_room", "leave_room", "heartbeat").contains(type)
          && !accessKeys.add(user + "|" + type + "|" + t)) {
        accessDup++;
        continue;
      }
      if (type.equals("cart_add")) {
        List<Long> prior = cartAdds.computeIfAbsent(user + "|" + n.get("product_id").asText(), k -> new ArrayList<>());
        boolean dup = prior.stream().anyMatch(p -> Math.abs(p - t) <= 10_000);
        prior.add(t);
        if (dup) {
          cartReadd++;
          continue;
        }
      }
      String group = switch (type) {
        case "product_click", "ad_click" -> "click";
        case "comment" -> "comment";
        case "like" -> "like";
        default -> null;
      };
      if (group != null) perUserMinute.merge(user + "|" + group + "|" + t / 60_000, 1, Integer::sum);
      if (type.equals("login") || type.equals("logout")) perUserHour.merge(user + "|" + type + "|" + t / 3_600_000, 1, Integer::sum);
    }
    assertEquals(manifest.fault(Manifest.ACCESS_LOG_DUPLICATE), accessDup);
    assertEquals(manifest.fault(Manifest.ORDER_DUPLICATE), orderDup);
    assertEquals(manifest.fault(Manifest.CART_READD_DUPLICATE), cartReadd);
    assertEquals(manifest.fault(Manifest.ABNORMAL_CART_QUANTITY), bigCart);
    assertEquals(manifest.fault(Manifest.ABNORMAL_ORDER_AMOUNT), oddOrders);
    assertEquals(manifest.fault(Manifest.LATE), late);
    Map<String, Integer> limits = Map.of("click", 60, "comment", 30, "like", 120);
    long bots = perUserMinute.entrySet().stream()
        .filter(e -> e.getValue() > limits.get(e.getKey().split("\\|")[1])).mapToLong(Map.Entry::getValue).sum();
    long logins = perUserHour.entrySet().stream()
        .filter(e -> e.getKey().contains("|login|") && e.getValue() > 20).mapToLong(Map.Entry::getValue).sum();
    long logouts = perUserHour.entrySet().stream()
        .filter(e -> e.getKey().contains("|logout|") && e.getValue() > 20).mapToLong(Map.Entry::getValue).sum();
    assertEquals(manifest.fault(Manifest.BOT_BURST_EVENTS), bots);
    assertEquals(manifest.fault(Manifest.ABNORMAL_LOGIN_EVENTS), logins);
    assertEquals(manifest.fault(Manifest.FREQUENT_LOGOUT_EVENTS), logouts);
    for (String kind : manifest.faults().keySet()) {
      if (!kind.equals(Manifest.ABNORMAL_LOGIN_EVENTS) && !kind.equals(Manifest.FREQUENT_LOGOUT_EVENTS)) {
        assertTrue(manifest.fault(kind) > 0, "fault kind injected at least once: " + kind);
      }
    }
  }

  @Test
  void cleanRunValidatesAgainstTheContractAndHasAPlausibleFunnel() throws IOException {
    Path dir = TestSpark.newDir("sim-clean");
    // A small world over about two days, so that refunds (one to five days after an order) occur.
    Manifest clean = run(dir, SimulatorOptions.defaults(3, 40_000).withFaults(FaultRates.none())
        .withWorld(5_000, 20, 200, 48, 3));
    assertEquals(40_000, clean.recordsWritten());
    assertEquals(40_000, clean.expectedObtRows());
    Dataset<Row> payloads = TestSpark.session().createDataset(lines(dir), Encoders.STRING()).toDF("payload");
    Dataset<Row> invalid = EventValidator.validate(payloads).where("reason IS NOT NULL");
    assertEquals(0, invalid.count(), () -> "invalid events: " + invalid.limit(5).collectAsList());

    Map<String, Long> n = clean.cleanByType();
    long impressions = n.get("product_impression");
    long clicks = n.get("product_click");
    long carts = n.get("cart_add");
    long orders = n.get("order_paid");
    assertTrue(impressions > clicks && clicks > carts && carts > orders && orders > 0,
        "funnel " + impressions + " > " + clicks + " > " + carts + " > " + orders);
    assertTrue(n.get("order_refunded") < orders, "refunds are a minority of orders");
    assertTrue(n.get("enter_room") > n.get("leave_room"), "some viewers never leave; heartbeats close their visits");
    assertTrue(Files.readAllLines(dir.resolve("dimensions/sessions.jsonl")).size() >= 10);
  }

  private static JsonNode parseOrNull(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> lines(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir.resolve("events"))) {
      for (Path p : s.sorted().toList()) out.addAll(Files.readAllLines(p));
    }
    return out;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
