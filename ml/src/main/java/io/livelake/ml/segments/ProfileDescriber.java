package io.livelake.ml.segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Describes a segment in plain words. Buying is judged against the average buyer (users with at
 * least one paid order): "frequent" from 1.5 times their mean order count, "high-value" from 1.5 times
 * and "low-value" up to half their mean purchase value. Watching, interacting and recency are judged
 * against all users on the standardized centroid: notable beyond half a standard deviation. "Lapsed" also needs a
 * week without an event: standardized, seconds between users' last events read as a lapse. "Net returners" are
 * members whose refunds exceed what they paid, on average (a negative purchase value).
 */
public final class ProfileDescriber {
  static final double NOTABLE = 0.5;
  static final double HIGH = 1.5;
  static final double LOW = 0.5;
  static final double LAPSED_DAYS = 7;

  private ProfileDescriber() {}

  /**
   * @param z the centroid in standardized feature space, in {@link UserFeatures#COLUMNS} order
   * @param purchases the members' mean number of paid orders
   * @param value the members' mean purchase value
   * @param recencyDays the members' mean days since their last event
   * @param buyerPurchases the mean number of paid orders of all buyers
   * @param buyerValue the mean purchase value of all buyers
   */
  public static String describe(double[] z, double purchases, double value, double recencyDays, double buyerPurchases,
      double buyerValue) {
    double watch = z[0];
    double interactions = z[1];
    double recency = z[4];
    List<String> words = new ArrayList<>();
    if (recency > NOTABLE && recencyDays >= LAPSED_DAYS) words.add("lapsed");
    if (value < 0) {
      // Refunds of orders paid before the window: neither viewers nor buyers describe them.
      words.add("net returners");
    } else if (purchases < 0.5) {
      if (interactions > NOTABLE) {
        words.add("highly interactive viewers who rarely buy");
      } else if (watch > NOTABLE) {
        words.add("long-watching viewers who rarely buy");
      } else {
        words.add("casual viewers");
      }
    } else {
      words.add(purchases >= HIGH * buyerPurchases ? "frequent" : "occasional");
      words.add(value >= HIGH * buyerValue ? "high-value" : value <= LOW * buyerValue ? "low-value" : "mid-value");
      words.add("buyers");
    }
    return String.join(" ", words);
  }

  /** How a member mean of each feature ({@link UserFeatures#COLUMNS} order) reads after a segment's name. */
  private static final List<String> MEANS = List.of("%.0f min watched", "%.0f interactions", "%.1f purchases",
      "%.0f spent", "last seen %.1f days ago");

  /**
   * {@code names} ({@link #describe}'s, one per segment) with those that are alike told apart: two segments of
   * "casual viewers" read the same to a marketer, so each gets, in brackets, its members' mean of the feature in which
   * the alike segments' centroids {@code z} lie furthest apart ({@code means}, in {@link UserFeatures#COLUMNS} order).
   */
  public static List<String> distinguish(List<String> names, List<double[]> z, List<double[]> means) {
    List<String> out = new ArrayList<>(names);
    for (String name : names.stream().distinct().toList()) {
      List<Integer> alike = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) if (names.get(i).equals(name)) alike.add(i);
      if (alike.size() < 2) continue;
      int feature = 0;
      double widest = -1;
      for (int f = 0; f < MEANS.size(); f++) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int i : alike) {
          lo = Math.min(lo, z.get(i)[f]);
          hi = Math.max(hi, z.get(i)[f]);
        }
        if (hi - lo > widest) {
          widest = hi - lo;
          feature = f;
        }
      }
      for (int i : alike) out.set(i, name + " (" + String.format(Locale.ROOT, MEANS.get(feature), means.get(i)[feature]) + ")");
    }
    return out;
  }
}
