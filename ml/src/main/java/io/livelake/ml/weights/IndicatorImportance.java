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
 * Indicator weights and global ranking of a trained perceptron (paper 001, Fig. 4) by two methods,
 * computed on held-out rows with the network's own forward pass:
 *
 * <ul>
 *   <li>{@value #PERMUTATION}: how much the held-out R2 of the expected score drops when one
 *       indicator's values are shuffled across rows (mean of {@value #PERMUTATION_REPEATS}
 *       shuffles; negative drops count as 0).
 *   <li>{@value #CONNECTION_WEIGHT}: Olden's connection-weight method (Olden, Joy and Death 2004),
 *       not Garson's: the signed sum over all input-to-output paths of the products of connection
 *       weights. The softmax output has one unit per grade, so a last-layer hidden unit's output
 *       weight is its effect on the expected score, sum over grades of p_k (g_k - score) w_hk
 *       (g_k the grade's value, p_k its predicted probability), averaged over the held-out rows.
 * </ul>
 *
 * Each method's importances (absolute values for connection weights) are normalized to sum 1. The
 * 95% intervals are the 2.5 and 97.5 percentiles over seeded bootstrap resamples of the held-out
 * rows; for connection weights they therefore reflect the rows the output effects are averaged
 * over, not a retraining of the network.
 */
public final class IndicatorImportance {
  public static final String PERMUTATION = "permutation";
  public static final String CONNECTION_WEIGHT = "connection_weight";
  /** Both methods, in the order their weights are listed. */
  public static final List<String> METHODS = List.of(PERMUTATION, CONNECTION_WEIGHT);
  static final int PERMUTATION_REPEATS = 5;

  private final Network net;
  private final List<Indicator> indicators;
  private final double[] gradeValues;
  private final double[][] x;
  private final double[] y;

  /**
   * @param net the trained network
   * @param indicators the indicator of each network input, in input order
   * @param gradeValues the outcome each output grade stands for (unused, may be empty, for a {@link Network#linear} network)
   * @param x held-out inputs as the network sees them (scaled), one row per session
   * @param y held-out outcomes
   */
  public IndicatorImportance(Network net, List<Indicator> indicators, double[] gradeValues, double[][] x, double[] y) {
    if (net.inputs() != indicators.size()) {
      throw new IllegalArgumentException("the network has " + net.inputs() + " inputs, not one per indicator of " + indicators);
    }
    if (x.length < 2) throw new IllegalArgumentException("at least 2 held-out rows are needed for indicator weights");
    this.net = net;
    this.indicators = List.copyOf(indicators);
    this.gradeValues = gradeValues.clone();
    this.x = x;
    this.y = y;
  }

  /** Both methods' weights, ranks and bootstrap intervals ({@code rounds} resamples, seeded); permutation first. */
  public List<IndicatorWeight> compute(int rounds, long seed, IntConsumer roundDone) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] all = IntStream.range(0, x.length).toArray();
    double[] permRaw = permutationDrops(all, PERMUTATION_REPEATS, rnd.split());
    double[] cwRaw = connectionWeights(all);
    double[][] permBoot = new double[rounds][];
    double[][] cwBoot = new double[rounds][];
    for (int b = 0; b < rounds; b++) {
      SplittableRandom r = rnd.split();
      int[] sample = new int[x.length];
      for (int i = 0; i < sample.length; i++) sample[i] = r.nextInt(x.length);
      permBoot[b] = shares(PERMUTATION, permutationDrops(sample, 1, r));
      cwBoot[b] = shares(CONNECTION_WEIGHT, connectionWeights(sample));
      roundDone.accept(b + 1);
    }
    List<IndicatorWeight> out = new ArrayList<>(weights(PERMUTATION, permRaw, permBoot));
    out.addAll(weights(CONNECTION_WEIGHT, cwRaw, cwBoot));
    return out;
  }

  /** The score of one input row: the expected grade value, or a regression network's output. */
  public double score(double[] row) {
    if (net.linearOutput()) return net.linearScore(row);
    double[] p = net.probabilities(row);
    double s = 0;
    for (int g = 0; g < p.length; g++) s += p[g] * gradeValues[g];
    return s;
  }

  /** R2 drop per indicator when its column is shuffled among {@code rows}, averaged over {@code repeats} shuffles. */
  double[] permutationDrops(int[] rows, int repeats, SplittableRandom rnd) {
    int n = rows.length;
    double mean = 0;
    for (int r : rows) mean += y[r];
    mean /= n;
    double sst = 0;
    double sseBase = 0;
    for (int r : rows) {
      sst += (y[r] - mean) * (y[r] - mean);
      double e = y[r] - score(x[r]);
      sseBase += e * e;
    }
    if (sst == 0) throw new IllegalArgumentException("the held-out outcome is constant: permutation importance is undefined");
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

  /** Olden's signed connection weights over {@code rows} (see the class comment for the softmax output). */
  double[] connectionWeights(int[] rows) {
    int last = net.depth() - 1;
    int hidden = net.units(last);
    double[] effect = new double[hidden];
    if (net.linearOutput()) {
      // A linear output's hidden-to-output weight is already the hidden unit's effect on the score.
      for (int h = 0; h < hidden; h++) effect[h] = net.weight(last, h, 0);
    } else {
      for (int r : rows) {
        double[] p = net.probabilities(x[r]);
        double s = 0;
        for (int g = 0; g < p.length; g++) s += p[g] * gradeValues[g];
        for (int h = 0; h < hidden; h++) {
          double e = 0;
          for (int g = 0; g < p.length; g++) e += p[g] * (gradeValues[g] - s) * net.weight(last, h, g);
          effect[h] += e / rows.length;
        }
      }
    }
    double[] c = effect;
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
