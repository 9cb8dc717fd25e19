package io.livelake.ml.testing;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Rank statistics for the tests. */
public final class Ranks {
  private Ranks() {}

  /** 1-based ranks of {@code values}, largest first (the values used here are distinct). */
  public static int[] descending(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> -values[i]));
    int[] rank = new int[values.length];
    for (int r = 0; r < order.length; r++) rank[order[r]] = r + 1;
    return rank;
  }

  /** Spearman's rank correlation of two rankings without ties: 1 - 6 sum d^2 / (n (n^2 - 1)). */
  public static double spearman(int[] a, int[] b) {
    double d2 = 0;
    for (int i = 0; i < a.length; i++) d2 += Math.pow(a[i] - b[i], 2);
    int n = a.length;
    return 1 - 6 * d2 / (n * ((double) n * n - 1));
  }
}
