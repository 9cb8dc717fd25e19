package io.livelake.ml.segments;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes a segment in plain words. Buying is judged against the average buyer (users with at
 * least one paid order): "frequent" from 1.5 times their mean order count, "high-value" from 1.5 times
 * and "low-value" up to half their mean purchase value. Watching, interacting and recency are judged
 * against all users on the standardized centroid: notable beyond half a standard deviation. "Lapsed" also needs a
 * week without an event: standardized, seconds between users' last events read as a lapse.
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
    if (purchases < 0.5) {
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
}
