package io.livelake.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The simulated market: platforms, anchors of differing quality, a product catalogue with
 * categories and prices, ad campaigns and users with differing activity and spending.
 */
final class World {
  record Platform(String name, String currency, double cnyPerUnit, double weight) {}

  record Anchor(String id, String name, Platform platform, double quality, double popularity) {}

  record Product(String id, String name, String category, double price, double quality) {}

  record Ad(String id, String campaignId, String campaignName, Product product) {}

  record User(String id, double activity, double spend, int platformIndex, String favouriteCategory) {}

  static final List<Platform> PLATFORMS = List.of(
      new Platform("taobao", "CNY", 1.0, 0.35),
      new Platform("douyin", "CNY", 1.0, 0.35),
      new Platform("kuaishou", "CNY", 1.0, 0.2),
      new Platform("tiktok_shop", "USD", 7.1, 0.1));

  static final List<String> CATEGORIES = List.of("beauty", "apparel", "snacks", "electronics", "home",
      "baby", "sports", "jewelry", "books", "pets");

  private static final double[] CATEGORY_PRICE = {120, 180, 40, 900, 150, 110, 260, 600, 60, 90};

  final List<Anchor> anchors = new ArrayList<>();
  final List<Product> products = new ArrayList<>();
  final List<Ad> ads = new ArrayList<>();
  /** Everyday items (15-30 CNY, or the one nearest 20 CNY): what viewers buy after a session. */
  final List<Product> staples;
  final List<User> users = new ArrayList<>();
  /** Cumulative user weights (activity) for sampling viewers in proportion to activity. */
  final double[] userCumulative;

  World(long seed, int nAnchors, int nProducts, int nUsers) {
    SplittableRandom r = new SplittableRandom(seed * 31 + 7);
    for (int i = 0; i < nAnchors; i++) {
      Platform p = pickPlatform(r);
      double quality = beta(r, 2, 2);
      double popularity = Math.exp(r.nextGaussian() * 0.6);
      anchors.add(new Anchor(String.format(Locale.ROOT, "a%04d", i), "Anchor " + (i + 1), p, quality, popularity));
    }
    for (int i = 0; i < nProducts; i++) {
      int c = r.nextInt(CATEGORIES.size());
      double price = Math.round(CATEGORY_PRICE[c] * Math.exp(r.nextGaussian() * 0.5) * 100) / 100.0;
      products.add(new Product(String.format(Locale.ROOT, "p%05d", i), CATEGORIES.get(c) + " item " + (i + 1),
          CATEGORIES.get(c), Math.max(1.0, price), beta(r, 3, 2)));
    }
    List<Product> everyday = products.stream().filter(p -> p.price() >= 15 && p.price() <= 30).toList();
    staples = everyday.isEmpty()
        ? List.of(products.stream().min(java.util.Comparator.comparingDouble(p -> Math.abs(p.price() - 20))).orElseThrow())
        : everyday;
    int nCampaigns = Math.max(1, nProducts / 20);
    for (int i = 0; i < nCampaigns * 3; i++) {
      int campaign = i % nCampaigns;
      ads.add(new Ad(String.format(Locale.ROOT, "ad%04d", i), String.format(Locale.ROOT, "c%03d", campaign),
          "Campaign " + (campaign + 1), products.get(r.nextInt(products.size()))));
    }
    userCumulative = new double[nUsers];
    double total = 0;
    for (int i = 0; i < nUsers; i++) {
      double activity = Math.exp(r.nextGaussian() * 0.8);
      double spend = Math.exp(r.nextGaussian() * 0.7);
      users.add(new User(String.format(Locale.ROOT, "u%07d", i), activity, spend,
          PLATFORMS.indexOf(pickPlatform(r)), CATEGORIES.get(r.nextInt(CATEGORIES.size()))));
      total += activity;
      userCumulative[i] = total;
    }
  }

  /** A user drawn in proportion to activity. */
  User sampleUser(SplittableRandom r) {
    double x = r.nextDouble() * userCumulative[userCumulative.length - 1];
    int lo = 0;
    int hi = userCumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (userCumulative[mid] < x) lo = mid + 1; else hi = mid;
    }
    return users.get(lo);
  }

  private static Platform pickPlatform(SplittableRandom r) {
    double x = r.nextDouble();
    for (Platform p : PLATFORMS) {
      x -= p.weight();
      if (x <= 0) return p;
    }
    return PLATFORMS.get(PLATFORMS.size() - 1);
  }

  /** A Beta(a, b) draw from two gamma draws (integer shapes suffice here). */
  static double beta(SplittableRandom r, int a, int b) {
    double x = gamma(r, a);
    double y = gamma(r, b);
    return x / (x + y);
  }

  private static double gamma(SplittableRandom r, int shape) {
    double s = 0;
    for (int i = 0; i < shape; i++) s -= Math.log(1 - r.nextDouble());
    return s;
  }
}
