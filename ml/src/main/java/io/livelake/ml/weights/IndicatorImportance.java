package io.livelake.ml.weights;

import io.livelake.indicators.Indicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Indicator weights and global ranking of a trained performance network (paper 001, Fig. 4) by two
 * methods, computed on held-out rows with the network's own forward pass:
 *
 * <ul>
 *   <li>{@value #PERMUTATION}: how much the held-out R2 of the score drops when one indicator's values
 *       are shuffled across rows (mean of {@value #PERMUTATION_REPEATS} shuffles; negative drops count
 *       as 0).
 *   <li>{@value #CONNECTION_WEIGHT}: Olden's connection-weight method (Olden, Joy and Death 2004),
 *       not Garson's: the signed sum over all input-to-output paths of the products of connection
 *       weights (the output is linear, so a hidden unit's output weight is its effect on the score).
 * </ul>
 *
 * Each method's importances (absolute values for connection weights) are normalized to sum 1. The
 * 95% intervals are the 2.5 and 97.5 percentiles over seeded bootstrap resamples of the held-out
 * rows; connection weights do not depend on the rows, so their interval is a point: it would take a
 * retraining of the network per resample to give them one.
 */
public final class IndicatorImportance {
  public static final String PERMUTATION = "permutation";
  public static final String CONNECTION_WEIGHT = "connection_weight";
  /** Both methods, in the order their weights are listed. */
  public static final List<String> METHODS = List.of(PERMUTATION, CONNECTION_WEIGHT);
  static final int PERMUTATION_REPEATS = 5;

  private final Network net;
  private final List<Indicator> indicators;
  private final double[][] x;
  private final double[] y;

  /**
   * @param net the trained network
   * @param indicators the indicator of each network input, in input order
   * @param x held-out inputs as the network sees them (scaled), one row per session
   * @param y held-out outcomes
   */
  public IndicatorImportance(Network net, List<Indicator> indicators, double[][] x, double[] y) {
    if (net.inputs() != indicators.size()) {
      throw new IllegalArgumentException("the network has " + net.inputs() + " inputs, not one per indicator of " + indicators);
    }
    if (x.length < 2) throw new IllegalArgumentException("at least 2 held-out rows are needed for indicator weights");
    this.net = net;
    this.indicators = List.copyOf(indicators);
    this.x = x;
    this.y = y;
  }

  /** Both methods' weights, ranks and bootstrap intervals ({@code rounds} resamples, seeded); permutation first. */
  public List<IndicatorWeight> compute(int rounds, long seed, IntConsumer roundDone) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] all = IntStream.range(0, x.length).toArray();
    double sst = totalSquares(all);
    if (sst == 0) throw new IllegalArgumentException("the held-out outcome is constant: permutation importance is undefined");
    double[] permRaw = permutationDrops(all, PERMUTATION_REPEATS, rnd.split(), sst);
    double[] cwRaw = connectionWeights();
    double[][] permBoot = new double[rounds][];
    double[][] cwBoot = new double[rounds][];
    for (int b = 0; b < rounds; b++) {
      SplittableRandom r = rnd.split();
      int[] sample = new int[x.length];
      for (int i = 0; i < sample.length; i++) sample[i] = r.nextInt(x.length);
      // Scaled by the whole held-out set's squares, not the resample's: the shares are the same either way, and a
      // resample of a few rows often holds one outcome only (all zeros, say), whose own sum of squares is 0.
      permBoot[b] = shares(PERMUTATION, permutationDrops(sample, 1, r, sst));
      cwBoot[b] = shares(CONNECTION_WEIGHT, cwRaw);
      roundDone.accept(b + 1);
    }
    List<IndicatorWeight> out = new ArrayList<>(weights(PERMUTATION, permRaw, permBoot));
    out.addAll(weights(CONNECTION_WEIGHT, cwRaw, cwBoot));
    return out;
  }

  /** The score of one input row. */
  public double score(double[] row) { return net.score(row); }

  /** The outcome's sum of squared deviations from its mean over {@code rows}: R2's denominator. */
  double totalSquares(int[] rows) {
    double mean = 0;
    for (int r : rows) mean += y[r];
    mean /= rows.length;
    double sst = 0;
    for (int r : rows) sst += (y[r] - mean) * (y[r] - mean);
    return sst;
  }

  /**
   * Increase of the squared error per indicator when its column is shuffled among {@code rows}, over {@code sst},
   * averaged over {@code repeats} shuffles: with {@code sst} the rows' {@link #totalSquares}, the drop in R2.
   */
  double[] permutationDrops(int[] rows, int repeats, SplittableRandom rnd, double sst) {
    int n = rows.length;
    double sseBase = 0;
    for (int r : rows) {
      double e = y[r] - score(x[r]);
      sseBase += e * e;
    }
    int features = net.inputs();
    double[] drops = new double[features];
    double[] scratch = new double[features];
    int[] perm = new int[n];
    for (int j = 0; j < features; j++) {
      for (int rep = 0; rep < repeats; rep++) {
        for (int i = 0; i < n; i++) perm[i] = rows[i];
        for (int i = n - 1; i > 0; i--) {
          int k = rnd.nextInt(i + 1);
          int t = perm[i];
          perm[i] = perm[k];
          perm[k] = t;
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
          System.arraycopy(x[rows[i]], 0, scratch, 0, features);
          scratch[j] = x[perm[i]][j];
          double e = y[rows[i]] - score(scratch);
          sse += e * e;
        }
        drops[j] += (sse - sseBase) / sst / repeats;
      }
    }
    return drops;
  }

  /** Olden's signed connection weights: per input, the sum over its paths to the output of the weights' products. */
  double[] connectionWeights() {
    int last = net.depth() - 1;
    int hidden = net.units(last);
    double[] c = new double[hidden];
    for (int h = 0; h < hidden; h++) c[h] = net.weight(last, h, 0);
    for (int l = last - 1; l >= 0; l--) {
      double[] prev = new double[net.units(l)];
      for (int i = 0; i < prev.length; i++) {
        for (int j = 0; j < c.length; j++) prev[i] += net.weight(l, i, j) * c[j];
      }
      c = prev;
    }
    return c;
  }

  /**
   * A method's importances as shares summing to 1: negative permutation drops (shuffling helped) count
   * as 0, connection weights by absolute value; all-zero importances share equally.
   */
  static double[] shares(String method, double[] raw) {
    double[] v = new double[raw.length];
    double sum = 0;
    for (int i = 0; i < raw.length; i++) {
      v[i] = method.equals(PERMUTATION) ? Math.max(0, raw[i]) : Math.abs(raw[i]);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) v[i] = sum > 0 ? v[i] / sum : 1.0 / v.length;
    return v;
  }

  private List<IndicatorWeight> weights(String method, double[] raw, double[][] boot) {
    double[] w = shares(method, raw);
    Integer[] order = IntStream.range(0, w.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]).thenComparingInt(i -> i));
    int[] rank = new int[w.length];
    for (int r = 0; r < order.length; r++) rank[order[r]] = r + 1;
    List<IndicatorWeight> out = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      double[] dist = new double[boot.length];
      for (int b = 0; b < boot.length; b++) dist[b] = boot[b][i];
      Arrays.sort(dist);
      out.add(new IndicatorWeight(method, indicators.get(i), w[i], rank[i], percentile(dist, 0.025), percentile(dist, 0.975), raw[i]));
    }
    return out;
  }

  /** Linear interpolation between order statistics of a sorted array. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
