package io.livelake.simulator;

import io.livelake.events.EventType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Simulates the viewers of one live session: the funnel enter room → impressions → clicks → cart →
 * pay (with refunds), interactions, ads, ratings and purchases in the days after. Behaviour depends
 * non-linearly on the session's qualities, so indicators and outcomes vary in a learnable way.
 */
final class SessionSimulator {
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final double[] GIFT_VALUES = {1, 5, 10, 52, 99, 520};
  private static final String[] COMMENTS = {
      "this looks great", "how much is the second one?", "link please", "love it!", "is there a discount today",
      "what size should I take", "shipping to Shanghai?", "666", "bought it last week, very good", "too expensive",
      "show the red one again", "hello from Chengdu", "does it come in black", "can you try it on", "amazing anchor"};
  private static final String[] PII_COMMENTS = {
      "add me on wechat 13812345678 for wholesale", "email me at buyer.li@example.com about the order",
      "my phone is +86 139 1234 5678 call me"};
  private static final String[] REVIEWS = {
      "good quality", "as described", "arrived late", "not worth the price", "excellent, will buy again",
      "colour differs from the live stream", "fast delivery"};

  private final World world;
  private final LongSupplier seq;
  /** Per user: the time until which the user is watching another room (one room at a time). */
  private final Map<String, Long> busyUntil = new HashMap<>();
  private final Map<String, Long> lastLoginDay = new HashMap<>();
  private final Set<String> seenAnchor = new HashSet<>();
  private final Set<String> follows = new HashSet<>();
  private long orderCounter;

  SessionSimulator(World world, LongSupplier seq) {
    this.world = world;
    this.seq = seq;
  }

  /** One simulated session: its events, unordered, and the drivers of its outcome as generated. */
  record Simulated(List<SimEvent> events, OutcomeTruth.Drivers drivers) {}

  /**
   * All events of one session, its viewers' later refunds and ratings, and the purchases they make
   * in the days after it, as many as {@link OutcomeTruth} says the session leads to.
   */
  Simulated simulate(LiveSession s, SplittableRandom r) {
    List<SimEvent> out = new ArrayList<>();
    Tally tally = new Tally();
    List<World.User> viewers = new ArrayList<>();
    for (int i = 0; i < s.expectedViewers(); i++) {
      World.User u = pickFreeUser(s, r);
      if (u != null) {
        viewers.add(u);
        viewer(s, u, r, out, tally);
      }
    }
    OutcomeTruth.Drivers drivers = tally.drivers(viewers.size());
    laterPurchases(s, viewers, OutcomeTruth.laterOrdersPerViewer(drivers), r, out);
    return new Simulated(out, drivers);
  }

  /**
   * Orders of everyday items by the session's viewers in the two days after it, outside any room: the
   * expected number rounded at random, so the count carries no more noise than the rounding.
   */
  private void laterPurchases(LiveSession s, List<World.User> viewers, double perViewer, SplittableRandom r,
      List<SimEvent> out) {
    if (viewers.isEmpty()) return;
    int n = (int) Math.floor(perViewer * viewers.size() + r.nextDouble());
    for (int i = 0; i < n; i++) {
      World.User u = viewers.get(r.nextInt(viewers.size()));
      World.Product p = world.staples.get(r.nextInt(world.staples.size()));
      SimEvent o = order(s, u, s.end() + MINUTE + (long) (r.nextDouble() * 2 * DAY), List.of(p), 0, 1, r);
      o.sessionId = null;
      o.anchorId = null;
      out.add(o);
    }
  }

  /** What the session's viewers did, counted as the indicators count it (A11, A23, A31, A33, A51). */
  private static final class Tally {
    long watchMs;
    long gamePlayers;
    long buyers;
    long productImpressions;
    long productClicks;
    long adImpressions;
    long adClicks;

    OutcomeTruth.Drivers drivers(int viewers) {
      return new OutcomeTruth.Drivers(ratio(watchMs / 1000.0, viewers), ratio(gamePlayers, viewers),
          ratio(buyers, viewers), ratio(productClicks, productImpressions), ratio(adClicks, adImpressions));
    }

    private static double ratio(double a, double b) { return b == 0 ? 0 : a / b; }
  }

  private World.User pickFreeUser(LiveSession s, SplittableRandom r) {
    for (int attempt = 0; attempt < 8; attempt++) {
      World.User u = world.sampleUser(r);
      if (busyUntil.getOrDefault(u.id(), Long.MIN_VALUE) < s.start()) return u;
    }
    return null;
  }

  private void viewer(LiveSession s, World.User u, SplittableRandom r, List<SimEvent> out, Tally tally) {
    World.Anchor a = s.anchor();
    long span = s.end() - s.start();
    long arrive = s.start() + (long) (span * 0.85 * Math.pow(r.nextDouble(), 1.3));
    double meanWatchMin = 3 + 22 * s.content() * a.quality() + 6 * s.games();
    long watch = Math.max(20 * SECOND, (long) (-Math.log(1 - r.nextDouble()) * meanWatchMin * MINUTE));
    long leave = Math.min(s.end(), arrive + watch);
    watch = leave - arrive;
    busyUntil.put(u.id(), leave + 2 * MINUTE);
    double watchMin = watch / (double) MINUTE;
    double engagement = clamp(0.25 + 0.75 * s.content() + 0.2 * r.nextGaussian(), 0.05, 1.5);
    boolean cheap = u.spend() < 0.7;

    long day = Math.floorDiv(arrive, DAY);
    if (!Long.valueOf(day).equals(lastLoginDay.get(u.id()))) {
      lastLoginDay.put(u.id(), day);
      out.add(ev(s, u, arrive - (5 + r.nextInt(120)) * SECOND, EventType.LOGIN, false));
    }
    out.add(ev(s, u, arrive, EventType.ENTER_ROOM, true));
    for (long t = arrive + MINUTE; t < leave; t += MINUTE) {
      out.add(ev(s, u, t, EventType.HEARTBEAT, true));
    }
    boolean leavesCleanly = r.nextDouble() < 0.92;
    if (leavesCleanly) out.add(ev(s, u, leave, EventType.LEAVE_ROOM, true));
    // A viewer who never leaves is seen until the last heartbeat.
    tally.watchMs += leavesCleanly ? watch : (watch - 1) / MINUTE * MINUTE;
    if (r.nextDouble() < 0.3) out.add(ev(s, u, leave + (5 + r.nextInt(55)) * SECOND, EventType.LOGOUT, false));

    String followKey = u.id() + "|" + a.id();
    boolean firstTime = seenAnchor.add(followKey);
    poisson(r, 0.25 * engagement * watchMin, arrive, watch, t -> {
      SimEvent e = ev(s, u, t, EventType.COMMENT, true);
      e.text = r.nextDouble() < 0.03 ? PII_COMMENTS[r.nextInt(PII_COMMENTS.length)] : COMMENTS[r.nextInt(COMMENTS.length)];
      out.add(e);
    });
    poisson(r, 0.8 * engagement * watchMin, arrive, watch, t -> out.add(ev(s, u, t, EventType.LIKE, true)));
    poisson(r, 0.03 * (0.5 + s.content()) * watchMin, arrive, watch, t -> out.add(ev(s, u, t, EventType.SHARE, true)));
    poisson(r, 0.02 * a.quality() * u.spend() * watchMin, arrive, watch, t -> {
      SimEvent e = ev(s, u, t, EventType.GIFT, true);
      e.giftValue = GIFT_VALUES[r.nextInt(cheap ? 3 : GIFT_VALUES.length)];
      out.add(e);
    });
    if (firstTime && r.nextDouble() < 0.08 * a.quality() * engagement) {
      follows.add(followKey);
      out.add(ev(s, u, arrive + (long) (r.nextDouble() * watch), EventType.FOLLOW, true));
    } else if (!firstTime && follows.contains(followKey) && r.nextDouble() < 0.12 * (1 - s.content())) {
      follows.remove(followKey);
      out.add(ev(s, u, arrive + (long) (r.nextDouble() * watch), EventType.UNFOLLOW, true));
    }
    if (s.games() > 0 && r.nextDouble() < 0.6 * s.games()) {
      tally.gamePlayers++;
      out.add(ev(s, u, arrive + (long) (r.nextDouble() * watch), EventType.GAME_JOIN, true));
    }
    if (r.nextDouble() < 0.04) {
      SimEvent e = ev(s, u, arrive + (long) (r.nextDouble() * watch), EventType.RATING, true);
      e.target = "anchor";
      e.rating = (int) clamp(Math.round(1 + 4 * a.quality() + 0.6 * r.nextGaussian()), 1, 5);
      out.add(e);
    }
    poisson(r, s.adIntensity() * watchMin / 4, arrive, watch, t -> {
      World.Ad ad = world.ads.get(r.nextInt(world.ads.size()));
      SimEvent imp = ev(s, u, t, EventType.AD_IMPRESSION, true);
      imp.adId = ad.id();
      out.add(imp);
      tally.adImpressions++;
      double relevance = (ad.product().category().equals(u.favouriteCategory()) ? 1.0 : 0.3) * (0.5 + s.content() / 2);
      if (r.nextDouble() < 0.01 + 0.12 * relevance) {
        SimEvent click = ev(s, u, t + (1 + r.nextInt(20)) * SECOND, EventType.AD_CLICK, true);
        click.adId = ad.id();
        out.add(click);
        tally.adClicks++;
      }
    });
    funnel(s, u, r, arrive, watch, engagement, out, tally);
  }

  /** Impressions → clicks → cart → order → refund and rating. */
  private void funnel(LiveSession s, World.User u, SplittableRandom r, long arrive, long watch, double engagement,
      List<SimEvent> out, Tally tally) {
    World.Anchor a = s.anchor();
    int shown = Math.min(s.products().size(), 1 + poissonCount(r, watch / (4.0 * MINUTE)));
    List<World.Product> carted = new ArrayList<>();
    long lastCart = arrive;
    for (int i = 0; i < shown; i++) {
      World.Product p = s.products().get(i);
      long t = arrive + (long) (watch * (i + r.nextDouble()) / (shown + 1));
      SimEvent imp = ev(s, u, t, EventType.PRODUCT_IMPRESSION, true);
      imp.productId = p.id();
      out.add(imp);
      tally.productImpressions++;
      double affinity = p.category().equals(u.favouriteCategory()) ? 1.6 : 1.0;
      if (r.nextDouble() >= (0.04 + 0.3 * s.content() * (0.5 + s.discount())) * affinity * Math.min(1.2, engagement)) {
        continue;
      }
      long tc = t + (2 + r.nextInt(30)) * SECOND;
      SimEvent click = ev(s, u, tc, EventType.PRODUCT_CLICK, true);
      click.productId = p.id();
      out.add(click);
      tally.productClicks++;
      if (r.nextDouble() >= 0.12 + 0.5 * a.quality() * (0.4 + s.discount())) continue;
      long ta = tc + (5 + r.nextInt(60)) * SECOND;
      SimEvent add = ev(s, u, ta, EventType.CART_ADD, true);
      add.productId = p.id();
      add.quantity = r.nextDouble() < 0.85 ? 1 : 2 + r.nextInt(2);
      out.add(add);
      lastCart = Math.max(lastCart, ta);
      if (r.nextDouble() < 0.15) {
        SimEvent rm = ev(s, u, ta + (20 + r.nextInt(120)) * SECOND, EventType.CART_REMOVE, true);
        rm.productId = p.id();
        rm.quantity = add.quantity;
        out.add(rm);
      } else {
        carted.add(p);
      }
    }
    if (!carted.isEmpty()) {
      double logit = -1.6 + 3.2 * a.quality() * s.content() + 2.5 * s.discount() * s.discount() + 0.8 * Math.log(u.spend())
          + (carted.get(0).category().equals(u.favouriteCategory()) ? 0.8 : 0);
      if (r.nextDouble() < sigmoid(logit)) {
        SimEvent order = order(s, u, lastCart + (10 + r.nextInt(120)) * SECOND, carted, s.discount(), 0.9, r);
        out.add(order);
        tally.buyers++;
        World.Product first = carted.get(0);
        if (r.nextDouble() < 0.03 + 0.25 * (1 - first.quality())) {
          SimEvent refund = order.copy(seq.getAsLong(), order.time + DAY + r.nextInt(4) * DAY + r.nextInt(3600) * SECOND,
              EventType.ORDER_REFUNDED);
          refund.eventId = eventId(refund.seq);
          out.add(refund);
        }
        if (r.nextDouble() < 0.35) {
          SimEvent rating = ev(s, u, order.time + (1 + r.nextInt(3)) * DAY, EventType.RATING, true);
          rating.target = "product";
          rating.productId = first.id();
          rating.rating = (int) clamp(Math.round(1 + 4 * (0.5 * first.quality() + 0.5 * a.quality())
              + 0.7 * r.nextGaussian()), 1, 5);
          rating.text = REVIEWS[r.nextInt(REVIEWS.length)];
          out.add(rating);
        }
      }
    }
  }

  /** A paid order of {@code items}, each once or, with probability 1 - {@code single}, twice. */
  private SimEvent order(LiveSession s, World.User u, long t, List<World.Product> items, double discount,
      double single, SplittableRandom r) {
    SimEvent o = ev(s, u, t, EventType.ORDER_PAID, true);
    World.Platform pf = s.anchor().platform();
    List<SimEvent.Line> lines = new ArrayList<>();
    double amount = 0;
    for (World.Product p : items) {
      double price = Math.round(p.price() * (1 - 0.3 * discount) / pf.cnyPerUnit() * 100) / 100.0;
      int q = r.nextDouble() < single ? 1 : 2;
      lines.add(new SimEvent.Line(p.id(), q, price));
      amount += price * q;
    }
    o.orderId = "o" + Long.toString(++orderCounter + 1_000_000_000L, 36);
    o.lines = List.copyOf(lines);
    o.amount = Math.round(amount * 100) / 100.0;
    o.currency = pf.currency();
    return o;
  }

  private SimEvent ev(LiveSession s, World.User u, long t, EventType type, boolean inRoom) {
    SimEvent e = new SimEvent(seq.getAsLong(), t, type);
    e.eventId = eventId(e.seq);
    e.platform = s.anchor().platform().name();
    e.userId = u.id();
    if (inRoom) {
      e.sessionId = s.id();
      e.anchorId = s.anchor().id();
    }
    return e;
  }

  static String eventId(long seq) { return "ev" + Long.toString(seq + 2_000_000_000L, 36); }

  private static void poisson(SplittableRandom r, double mean, long from, long span, java.util.function.LongConsumer at) {
    int n = poissonCount(r, mean);
    for (int i = 0; i < n; i++) at.accept(from + (long) (r.nextDouble() * span));
  }

  static int poissonCount(SplittableRandom r, double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    double l = Math.exp(-mean);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

  static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
