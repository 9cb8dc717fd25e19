package io.livelake.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livelake.progress.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The live-commerce simulator: schedules sessions day by day with a daily rhythm of traffic,
 * simulates their viewers, merges all events into event-time order, injects faults and writes the
 * records, the dimension files (sessions, products, ad campaigns) and a manifest of what it wrote.
 */
public final class Simulator {
  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  /** Relative traffic by hour of day (UTC+8 evenings are the peak of live commerce). */
  private static final double[] HOURLY = {
      0.5, 0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0,
      1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.1};

  private final SimulatorOptions options;
  private long seq;

  public Simulator(SimulatorOptions options) { this.options = options; }

  /**
   * Runs the simulation into {@code sink}; dimension files and manifest.json go to {@code metaDir}.
   * Returns the manifest.
   */
  public Manifest run(EventSink sink, Path metaDir, Progress progress) throws IOException {
    World world = new World(options.seed(), options.anchors(), options.products(), options.users());
    Manifest manifest = new Manifest();
    recordParams(manifest);
    SplittableRandom faultRandom = new SplittableRandom(options.seed() * 1_000_003L + 11);
    Throttle throttle = new Throttle(options.eventsPerSecond());
    FaultInjector faults = new FaultInjector(options.faults(), faultRandom, () -> seq++,
        (key, json) -> {
          sink.write(key, json);
          throttle.tick();
        }, manifest, options.watermarkMs());
    SessionSimulator sim = new SessionSimulator(world, () -> seq++);
    PriorityQueue<SimEvent> heap = new PriorityQueue<>();
    List<LiveSession> sessions = new ArrayList<>();
    List<OutcomeTruth.Drivers> drivers = new ArrayList<>();
    long emitted = 0;
    long startMs = options.start().toEpochMilli();
    int sessionIndex = 0;
    // Sessions are scheduled until the target is reached; the sessions under way then run to their end,
    // with their viewers' later purchases, so that no session's indicators or outcome are cut short. That
    // tail thins out to a few orders an hour, so it gets no faults (FaultInjector.acceptWithoutFault).
    scheduling:
    for (int day = 0; ; day++) {
      for (LiveSession s : schedule(world, day, startMs, sessionIndex)) {
        sessionIndex++;
        while (!heap.isEmpty() && heap.peek().time < s.start() - 10 * MINUTE) {
          faults.accept(heap.poll());
          progress.advance(1);
          if (++emitted >= options.events()) break scheduling;
        }
        sessions.add(s);
        SessionSimulator.Simulated simulated = sim.simulate(s, new SplittableRandom(options.seed() * 7919 + sessionIndex));
        heap.addAll(simulated.events());
        drivers.add(simulated.drivers());
      }
    }
    while (!heap.isEmpty()) {
      faults.acceptWithoutFault(heap.poll());
      progress.advance(1);
    }
    faults.finish();
    manifest.sessions(sessions.size());
    manifest.outcomeTruth(OutcomeTruth.FORMULA, OutcomeTruth.importance(drivers, options.seed()));
    writeDimensions(world, sessions, metaDir);
    manifest.write(metaDir.resolve("manifest.json"));
    return manifest;
  }

  private void recordParams(Manifest m) {
    m.param("seed", options.seed());
    m.param("events", options.events());
    m.param("users", options.users());
    m.param("anchors", options.anchors());
    m.param("products", options.products());
    m.param("sessions_per_day", options.sessionsPerDay());
    m.param("start", options.start().toString());
    m.param("watermark_ms", options.watermarkMs());
    m.param("late_rule", "late when the newest event time delivered before it is more than watermark_ms newer");
  }

  /** The sessions of one day, in start order, with their hidden qualities. */
  private List<LiveSession> schedule(World world, int day, long startMs, int firstIndex) {
    SplittableRandom r = new SplittableRandom(options.seed() * 104_729L + day);
    int n = options.sessionsPerDay();
    double total = 0;
    for (double h : HOURLY) total += h;
    List<LiveSession> out = new ArrayList<>();
    double[] popularityCum = new double[world.anchors.size()];
    double acc = 0;
    for (int i = 0; i < world.anchors.size(); i++) {
      acc += world.anchors.get(i).popularity();
      popularityCum[i] = acc;
    }
    long[] starts = new long[n];
    for (int i = 0; i < n; i++) {
      double x = r.nextDouble() * total;
      int hour = 0;
      while (hour < 23 && (x -= HOURLY[hour]) > 0) hour++;
      starts[i] = startMs + day * DAY + hour * 60 * MINUTE + r.nextLong(60 * MINUTE);
    }
    java.util.Arrays.sort(starts);
    for (int i = 0; i < n; i++) {
      long start = starts[i];
      int hour = (int) (Math.floorMod(start, DAY) / (60 * MINUTE));
      long end = start + (60 + r.nextInt(120)) * MINUTE;
      double pick = r.nextDouble() * acc;
      int a = 0;
      while (popularityCum[a] < pick) a++;
      World.Anchor anchor = world.anchors.get(a);
      double content = SessionSimulator.clamp(0.6 * anchor.quality() + 0.4 * World.beta(r, 2, 2), 0, 1);
      double games = r.nextDouble() < 0.5 ? World.beta(r, 2, 2) : 0;
      double ads = World.beta(r, 2, 3);
      double discount = World.beta(r, 2, 3);
      int viewers = (int) Math.max(5, Math.round(options.meanViewers() * anchor.popularity() * HOURLY[hour]
          * Math.exp(0.4 * r.nextGaussian())));
      String category = World.CATEGORIES.get(r.nextInt(World.CATEGORIES.size()));
      List<World.Product> products = pickProducts(world, r, category);
      String id = String.format(Locale.ROOT, "s%06d", firstIndex + i);
      out.add(new LiveSession(id, anchor, start, end, anchor.name() + " live: " + category + " special",
          content, games, ads, discount, viewers, products));
    }
    return out;
  }

  private static List<World.Product> pickProducts(World world, SplittableRandom r, String category) {
    List<World.Product> sameCategory = world.products.stream().filter(p -> p.category().equals(category)).toList();
    int k = 4 + r.nextInt(9);
    List<World.Product> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      List<World.Product> from = r.nextDouble() < 0.7 && !sameCategory.isEmpty() ? sameCategory : world.products;
      World.Product p = from.get(r.nextInt(from.size()));
      if (!out.contains(p)) out.add(p);
    }
    return out;
  }

  private static void writeDimensions(World world, List<LiveSession> sessions, Path metaDir) throws IOException {
    Path dims = metaDir.resolve("dimensions");
    Files.createDirectories(dims);
    ObjectMapper json = new ObjectMapper();
    try (BufferedWriter w = Files.newBufferedWriter(dims.resolve("sessions.jsonl"))) {
      for (LiveSession s : sessions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session_id", s.id());
        m.put("anchor_id", s.anchor().id());
        m.put("anchor_name", s.anchor().name());
        m.put("platform", s.anchor().platform().name());
        m.put("title", s.title());
        m.put("start_time", s.start());
        m.put("end_time", s.end());
        w.write(json.writeValueAsString(m));
        w.newLine();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dims.resolve("products.jsonl"))) {
      for (World.Product p : world.products) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("product_id", p.id());
        m.put("product_name", p.name());
        m.put("category", p.category());
        m.put("list_price", p.price());
        m.put("currency", "CNY");
        w.write(json.writeValueAsString(m));
        w.newLine();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dims.resolve("ad_campaigns.jsonl"))) {
      for (World.Ad a : world.ads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ad_id", a.id());
        m.put("campaign_id", a.campaignId());
        m.put("campaign_name", a.campaignName());
        m.put("product_id", a.product().id());
        w.write(json.writeValueAsString(m));
        w.newLine();
      }
    }
  }

  /** Paces output to a target rate (0 = as fast as possible). */
  private static final class Throttle {
    private final double perSecond;
    private final long startNs = System.nanoTime();
    private long count;

    Throttle(double perSecond) { this.perSecond = perSecond; }

    void tick() {
      if (perSecond <= 0) return;
      count++;
      if (count % 100 != 0) return;
      long dueNs = startNs + (long) (count / perSecond * 1e9);
      long waitNs = dueNs - System.nanoTime();
      if (waitNs > 0) {
        try {
          Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
