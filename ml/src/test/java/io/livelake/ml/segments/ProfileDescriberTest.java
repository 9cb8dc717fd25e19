package io.livelake.ml.segments;

import static org.junit.jupiter.api.Assertions.*;

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

  @Test
  void buyersAreJudgedAgainstTheAverageBuyer() {
    double[] z = {0, 0, 1, 1, 0};
    assertEquals("frequent high-value buyers", ProfileDescriber.describe(z, 3, 300, 1, 2, 100));
    assertEquals("occasional low-value buyers", ProfileDescriber.describe(z, 1, 40, 1, 2, 100));
    assertEquals("occasional mid-value buyers", ProfileDescriber.describe(z, 1, 100, 1, 2, 100));
    assertEquals("highly interactive viewers who rarely buy",
        ProfileDescriber.describe(new double[] {0, 0.9, 0, 0, 0}, 0.2, 0, 1, 2, 100));
  }
}
