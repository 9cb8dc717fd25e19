package io.livelake.ml.segments;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain words of a segment, from its standardized centroid and its members' means. */
class ProfileDescriberTest {
  /** A centroid (watch, interactions, purchases, value, recency) notable in recency alone. */
  private static final double[] LATE = {0, 0, 0, 0, 1.2};

  @Test
  void lapsedNeedsAWeekAsWellAsAStandardizedLead() {
    assertEquals("lapsed casual viewers", ProfileDescriber.describe(LATE, 0, 0, 40, 0, 0));
    // Three users last seen seconds apart: standardized, the latest is 1.2 deviations "late", but not lapsed.
    assertEquals("casual viewers", ProfileDescriber.describe(LATE, 0, 0, 2.0 / 86_400, 0, 0));
    assertEquals("casual viewers", ProfileDescriber.describe(new double[] {0, 0, 0, 0, 0.2}, 0, 0, 40, 0, 0));
  }

  /**
   * An import's 43 users gave two segments of "casual viewers": 26 watching 57.7 minutes with 116.5 interactions,
   * 3 watching 12 with 34 (centroids here as if 1.3 deviations apart in watching, less in anything else).
   */
  @Test
  void segmentsNamedAlikeAreToldApartByTheFeatureTheyDifferMostIn() {
    List<double[]> z = List.of(new double[] {0.8, 0.1, 1.2, 1.1, -0.3}, new double[] {0.2, 0.3, -0.4, -0.4, -0.2},
        new double[] {-1.1, -0.9, -0.5, -0.5, 0.5});
    List<double[]> means = List.of(new double[] {38.2, 66.0, 4.71, 4.71, 0.2}, new double[] {57.7, 116.5, 0.42, 0.42, 0.3},
        new double[] {12.0, 34.0, 0, 0, 1.7});
    assertEquals(List.of("occasional mid-value buyers", "casual viewers (58 min watched)", "casual viewers (12 min watched)"),
        ProfileDescriber.distinguish(List.of("occasional mid-value buyers", "casual viewers", "casual viewers"), z, means));
    // Recency sets them furthest apart: its mean reads in days.
    assertEquals(List.of("casual viewers (last seen 0.3 days ago)", "casual viewers (last seen 9.0 days ago)"),
        ProfileDescriber.distinguish(List.of("casual viewers", "casual viewers"),
            List.of(new double[] {0, 0, 0, 0, -0.4}, new double[] {0.1, 0, 0, 0, 0.45}),
            List.of(new double[] {10, 5, 0, 0, 0.3}, new double[] {11, 5, 0, 0, 9})));
  }

  @Test
  void buyersAreJudgedAgainstTheAverageBuyer() {
    double[] z = {0, 0, 1, 1, 0};
    assertEquals("frequent high-value buyers", ProfileDescriber.describe(z, 3, 300, 1, 2, 100));
    assertEquals("occasional low-value buyers", ProfileDescriber.describe(z, 1, 40, 1, 2, 100));
    assertEquals("occasional mid-value buyers", ProfileDescriber.describe(z, 1, 100, 1, 2, 100));
    assertEquals("highly interactive viewers who rarely buy",
        ProfileDescriber.describe(new double[] {0, 0.9, 0, 0, 0}, 0.2, 0, 1, 2, 100));
  }

  /**
   * On 12 days of a public Online Retail copy, 50 of 713 customers mostly refunded orders paid before those days: 0.06
   * paid orders and -625.84 on average. They were named "casual viewers", though no one had watched anything.
   */
  @Test
  void membersWhoseRefundsExceedTheirPurchasesAreNetReturners() {
    double[] z = {0, 0, -0.9, -1.6, 0.1};
    assertEquals("net returners", ProfileDescriber.describe(z, 0.06, -625.84, 6.4, 1.4, 4_300));
    assertEquals("net returners", ProfileDescriber.describe(z, 2, -0.01, 6.4, 1.4, 4_300), "however many orders");
    assertEquals("lapsed net returners", ProfileDescriber.describe(new double[] {0, 0, -0.9, -1.6, 0.8}, 0, -5, 8, 1, 10));
    assertEquals("casual viewers", ProfileDescriber.describe(z, 0.06, 0, 6.4, 1.4, 4_300), "nothing refunded");
  }
}
