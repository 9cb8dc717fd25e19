package io.livelake.ml.testing;

import java.util.Random;

/**
 * A known non-linear truth for judging the perceptron: the outcome is a sum of one smooth term per
 * indicator plus one interaction and Gaussian noise, y = sum a_i s_i(x_i) + c s(x_p, x_q) + e, with the
 * 14 indicators uniform in [0, 1]. Each s_i is a standardized shape (mean 0, variance 1 under the
 * uniform): a sine bump on the strongest indicator, which a straight line cannot follow at all, and
 * curved monotone shapes (x^2, sqrt x, e^x, some decreasing) elsewhere; the interaction is
 * 12 (x_p - 0.5)(x_q - 0.5), also invisible to a line. So linear regression reaches only 0.58-0.74 held-out R2,
 * while the best possible R2 is 1 - {@link #NOISE_SHARE}. It is deliberately not a sigmoid of a
 * weighted sum, the network's own shape.
 *
 * <p>True importance: shuffling x_i (independent of the others) raises the squared error of the true
 * function by 2 (a_i^2 + c^2 if i is in the interaction), so {@link #importance()} is that quantity,
 * proportional to the R2 drop permutation importance measures.
 */
public final class AdditiveTruth {
  /** Amplitude (standard deviation) of each term by importance rank, strongest first: all distinct. */
  static final double[] AMPLITUDE = {1.0, 0.85, 0.75, 0.65, 0.57, 0.5, 0.44, 0.38, 0.33, 0.28, 0.24, 0.2, 0.16, 0.12};
  /** Amplitude of the interaction between the indicators ranked 2 and 3. */
  static final double INTERACTION = 0.4;
  /** Noise variance as a share of the outcome variance: the best reachable held-out R2 is 1 minus this. */
  public static final double NOISE_SHARE = 0.03;

  private static final int SINE = 0;
  private static final int SQUARE = 1;
  private static final int ROOT = 2;
  private static final int EXP = 3;
  private static final int LINE = 4;
  /** Shape of the term ranked r (strongest first); the bump goes to the strongest indicator. */
  private static final int[] SHAPE = {SINE, SQUARE, ROOT, EXP, SQUARE, ROOT, EXP, LINE, SQUARE, ROOT, EXP, LINE, SQUARE, ROOT};
  /** Direction of each ranked term: some indicators lower the outcome. */
  private static final int[] SIGN = {1, 1, 1, -1, -1, 1, 1, -1, 1, -1, 1, 1, -1, 1};

  /** Importance rank (0 = strongest) of each indicator A11..A51: A41 first as in paper 001's Fig. 4. */
  private static final int[] RANK = new int[14];

  static {
    for (int i = 0; i < 14; i++) RANK[i] = 14 - (int) GroundTruth.WEIGHTS[i];
  }

  /** A drawn table: 14 indicators per row and the outcome. */
  public record Table(double[][] x, double[] y) {}

  private AdditiveTruth() {}

  /** {@code n} rows drawn with {@code seed}. */
  public static Table draw(int n, long seed) {
    Random rnd = new Random(seed);
    double noise = Math.sqrt(NOISE_SHARE / (1 - NOISE_SHARE) * signalVariance());
    double[][] x = new double[n][14];
    double[] y = new double[n];
    for (int s = 0; s < n; s++) {
      for (int i = 0; i < 14; i++) x[s][i] = rnd.nextDouble();
      y[s] = truth(x[s]) + noise * rnd.nextGaussian();
    }
    return new Table(x, y);
  }

  /** The noiseless outcome of one row. */
  public static double truth(double[] x) {
    double y = 0;
    int p = -1;
    int q = -1;
    for (int i = 0; i < 14; i++) {
      int r = RANK[i];
      y += SIGN[r] * AMPLITUDE[r] * shape(SHAPE[r], x[i]);
      if (r == 1) p = i;
      if (r == 2) q = i;
    }
    return y + INTERACTION * 12 * (x[p] - 0.5) * (x[q] - 0.5);
  }

  /** True importance of each indicator (see the class comment), in indicator order. */
  public static double[] importance() {
    double[] imp = new double[14];
    for (int i = 0; i < 14; i++) {
      int r = RANK[i];
      imp[i] = AMPLITUDE[r] * AMPLITUDE[r] + (r == 1 || r == 2 ? INTERACTION * INTERACTION : 0);
    }
    return imp;
  }

  private static double signalVariance() {
    double v = INTERACTION * INTERACTION;
    for (double a : AMPLITUDE) v += a * a;
    return v;
  }

  /** The standardized shape: mean and standard deviation under U(0, 1) taken out. */
  private static double shape(int kind, double x) {
    return switch (kind) {
      case SINE -> (Math.sin(Math.PI * x) - 2 / Math.PI) / Math.sqrt(0.5 - 4 / (Math.PI * Math.PI));
      case SQUARE -> (x * x - 1.0 / 3) / Math.sqrt(4.0 / 45);
      case ROOT -> (Math.sqrt(x) - 2.0 / 3) / Math.sqrt(1.0 / 18);
      case EXP -> (Math.exp(x) - (Math.E - 1)) / Math.sqrt((Math.E * Math.E - 1) / 2 - (Math.E - 1) * (Math.E - 1));
      default -> (x - 0.5) * Math.sqrt(12);
    };
  }
}
