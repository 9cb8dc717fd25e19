package io.livelake.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.indicators.Indicator;
import io.livelake.ingestion.validation.EventValidator;
import io.livelake.progress.Progress;
import io.livelake.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatorTest {
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
    // The sessions under way when the target is reached run to their end.
    assertTrue(manifest.baseEvents() > EVENTS, manifest.baseEvents() + " base events");
    IndependentCount c = IndependentCount.of(lines);
    assertEquals(manifest.fault(Manifest.MALFORMED_JSON), c.malformed);
    assertEquals(manifest.fault(Manifest.WRONG_TYPE), c.wrongType);
    assertEquals(manifest.fault(Manifest.MISSING_FIELD), c.missingField);
    assertEquals(manifest.fault(Manifest.EXACT_DUPLICATE), c.exactDuplicates);
    assertEquals(manifest.fault(Manifest.REDELIVERED_DUPLICATE), c.redelivered);
    assertEquals(manifest.fault(Manifest.ACCESS_LOG_DUPLICATE), c.accessDuplicates);
    assertEquals(manifest.fault(Manifest.ORDER_DUPLICATE), c.orderDuplicates);
    assertEquals(manifest.fault(Manifest.CART_READD_DUPLICATE), c.cartReadds);
    assertEquals(manifest.fault(Manifest.ABNORMAL_CART_QUANTITY), c.abnormalCart);
    assertEquals(manifest.fault(Manifest.ABNORMAL_ORDER_AMOUNT), c.abnormalOrders);
    assertEquals(manifest.fault(Manifest.LATE), c.late);
    assertEquals(manifest.fault(Manifest.BOT_BURST_EVENTS), c.botBurst);
    assertEquals(manifest.fault(Manifest.ABNORMAL_LOGIN_EVENTS), c.abnormalLogins);
    assertEquals(manifest.fault(Manifest.FREQUENT_LOGOUT_EVENTS), c.frequentLogouts);
    assertEquals(new java.util.TreeMap<>(manifest.cleanByType()), c.obtByType);
    assertEquals(manifest.expectedQuarantine(), c.quarantine());
    assertEquals(manifest.expectedDuplicates(), c.duplicates());
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
    assertTrue(clean.baseEvents() >= 40_000, clean.baseEvents() + " base events");
    assertEquals(clean.baseEvents(), clean.recordsWritten(), "no fault: a record per base event");
    assertEquals(clean.baseEvents(), clean.expectedObtRows());
    ObjectMapper json = new ObjectMapper();
    List<String> invalid = lines(dir).stream().filter(l -> !EventValidator.check(json, l).valid()).limit(5).toList();
    assertEquals(List.of(), invalid, "invalid events");

    Map<String, Long> n = clean.cleanByType();
    long impressions = n.get("product_impression");
    long clicks = n.get("product_click");
    long carts = n.get("cart_add");
    // The room's funnel ends in the room's orders; the viewers' purchases in the days after are in the shop.
    long orders = lines(dir).stream().filter(l -> l.contains("\"order_paid\"") && l.contains("\"session_id\"")).count();
    assertTrue(impressions > clicks && clicks > carts && carts > orders && orders > 0,
        "funnel " + impressions + " > " + clicks + " > " + carts + " > " + orders);
    assertTrue(n.get("order_paid") > orders, "and purchases after the sessions");
    assertTrue(n.get("order_refunded") < orders, "refunds are a minority of the room's orders");
    assertTrue(n.get("enter_room") > n.get("leave_room"), "some viewers never leave; heartbeats close their visits");
    assertTrue(Files.readAllLines(dir.resolve("dimensions/sessions.jsonl")).size() >= 10);
  }

  @Test
  void sessionsUnderWayAtTheTargetRunToTheirEndAsInALongerRun() throws IOException {
    Path shortRun = TestSpark.newDir("sim-short");
    Path longRun = TestSpark.newDir("sim-long");
    SimulatorOptions small = SimulatorOptions.defaults(5, 15_000).withFaults(FaultRates.none()).withWorld(5_000, 10, 100, 24, 8);
    run(shortRun, small);
    run(longRun, SimulatorOptions.defaults(5, 30_000).withFaults(FaultRates.none()).withWorld(5_000, 10, 100, 24, 8));
    ObjectMapper json = new ObjectMapper();
    List<String> sessions = new ArrayList<>();
    for (String l : Files.readAllLines(shortRun.resolve("dimensions/sessions.jsonl"))) {
      sessions.add(json.readTree(l).get("session_id").asText());
    }
    Map<String, List<String>> inShort = bySession(lines(shortRun), json, sessions);
    Map<String, List<String>> inLong = bySession(lines(longRun), json, sessions);
    assertEquals(sessions.size(), inShort.size(), "every session has events");
    assertEquals(inLong, inShort, "each session of the shorter run has exactly the events it has in the longer run");
    // Outside the rooms: logins, logouts and the viewers' purchases in the days after the sessions.
    List<String> outside = lines(shortRun).stream().filter(l -> !l.contains("\"session_id\"")).toList();
    assertTrue(outside.stream().filter(l -> l.contains("\"order_paid\"")).count() > 100, "purchases after the sessions");
    assertTrue(new java.util.HashSet<>(lines(longRun)).containsAll(outside), "the events outside the rooms too");
  }

  @Test
  void theManifestStatesTheOutcomesGroundTruth() throws IOException {
    Map<Indicator, Double> truth = manifest.outcomeTruth();
    assertEquals(Indicator.values().length, truth.size());
    assertEquals(OutcomeTruth.DRIVERS, truth.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
        .sorted().toList(), "the five drivers and no other indicator have a share");
    assertEquals(1.0, truth.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-3);
    Manifest back = Manifest.read(first.resolve("manifest.json"));
    assertEquals(truth, back.outcomeTruth());
    assertEquals(OutcomeTruth.FORMULA, back.outcomeTruthFormula());
  }

  private static Map<String, List<String>> bySession(List<String> lines, ObjectMapper json, List<String> sessions)
      throws IOException {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (String l : lines) {
      com.fasterxml.jackson.databind.JsonNode n = json.readTree(l);
      String s = n.path("session_id").asText(null);
      if (s != null && sessions.contains(s)) out.computeIfAbsent(s, k -> new ArrayList<>()).add(l);
    }
    return out;
  }

  static List<String> lines(Path dir) throws IOException {
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
