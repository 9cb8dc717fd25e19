package io.livelake.survey;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Gamma;

/**
 * Reliability and validity statistics of a questionnaire (paper 001, as SPSS reports them) for a
 * matrix of scores: one row per respondent, one column per item.
 */
public final class Reliability {
  private Reliability() {}

  /** The statistics of one set of items; a null value is undefined, {@code note} says why. */
  public record Result(int items, int respondents, Double alpha, Double kmo, Double bartlettChiSquare,
      Integer bartlettDf, Double bartlettPValue, String note) {}

  /** Cronbach's alpha, KMO and Bartlett's test of sphericity of {@code scores} (respondents × items). */
  public static Result of(double[][] scores) {
    int n = scores.length;
    int k = n == 0 ? 0 : scores[0].length;
    if (k < 2) return new Result(k, n, null, null, null, null, null, "fewer than two items");
    if (n < 3) return new Result(k, n, null, null, null, null, null, "fewer than three respondents");
    Double alpha = cronbachAlpha(scores);
    RealMatrix r = correlation(scores);
    if (r == null) {
      return new Result(k, n, alpha, null, null, null, null,
          "an item has the same score from every respondent, so its correlations are undefined");
    }
    LUDecomposition lu = new LUDecomposition(r);
    double det = lu.getDeterminant();
    if (!(det > 1e-12)) {
      return new Result(k, n, alpha, null, null, null, null, "the correlation matrix is singular (items are linearly dependent)");
    }
    double kmo = kmo(r, lu.getSolver().getInverse());
    double chi = -(n - 1 - (2.0 * k + 5) / 6.0) * Math.log(det);
    int df = k * (k - 1) / 2;
    // Upper tail of chi-square(df) = regularized upper incomplete gamma Q(df/2, chi/2), precise even for tiny p.
    double p = Gamma.regularizedGammaQ(df / 2.0, chi / 2.0);
    return new Result(k, n, alpha, kmo, chi, df, p, null);
  }

  /**
   * The items (column indexes) that run against the others: whose loading on the first principal component of the
   * items' correlations has the sign of the minority, as a reverse-keyed item left unreversed does (psych's
   * check.keys rule). Empty for fewer than three items, no minority, or an item that does not vary.
   */
  public static List<Integer> againstTheGrain(double[][] scores) {
    if (scores.length < 3 || scores[0].length < 3) return List.of();
    RealMatrix r = correlation(scores);
    if (r == null) return List.of();
    EigenDecomposition eigen = new EigenDecomposition(r);
    double[] values = eigen.getRealEigenvalues();
    int first = 0;
    for (int i = 1; i < values.length; i++) if (values[i] > values[first]) first = i;
    double[] loading = eigen.getEigenvector(first).toArray();
    int positive = 0;
    int negative = 0;
    for (double l : loading) {
      if (l > 0) positive++;
      if (l < 0) negative++;
    }
    if (positive == negative) return List.of();
    double minority = negative < positive ? -1 : 1;
    List<Integer> against = new ArrayList<>();
    for (int j = 0; j < loading.length; j++) if (Math.signum(loading[j]) == minority) against.add(j);
    return against;
  }

  /** k/(k-1) * (1 - sum of item variances / variance of the total score); null when the total never varies. */
  public static Double cronbachAlpha(double[][] scores) {
    int n = scores.length;
    int k = scores[0].length;
    double itemVariances = 0;
    for (int j = 0; j < k; j++) {
      double[] column = new double[n];
      for (int i = 0; i < n; i++) column[i] = scores[i][j];
      itemVariances += variance(column);
    }
    double[] totals = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) totals[i] += scores[i][j];
    }
    double total = variance(totals);
    if (total == 0) return null;
    return k / (k - 1.0) * (1 - itemVariances / total);
  }

  /**
   * Kaiser-Meyer-Olkin: sum of squared correlations over item pairs divided by itself plus the sum
   * of squared partial (anti-image) correlations, a_ij = -inv_ij / sqrt(inv_ii * inv_jj).
   */
  static double kmo(RealMatrix r, RealMatrix inverse) {
    int k = r.getRowDimension();
    double r2 = 0;
    double a2 = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (i == j) continue;
        double rij = r.getEntry(i, j);
        double aij = -inverse.getEntry(i, j) / Math.sqrt(inverse.getEntry(i, i) * inverse.getEntry(j, j));
        r2 += rij * rij;
        a2 += aij * aij;
      }
    }
    return r2 / (r2 + a2);
  }

  /** Pearson correlation matrix of the items; null when an item does not vary. */
  static RealMatrix correlation(double[][] scores) {
    int n = scores.length;
    int k = scores[0].length;
    double[] mean = new double[k];
    for (double[] row : scores) {
      for (int j = 0; j < k; j++) mean[j] += row[j] / n;
    }
    double[][] cov = new double[k][k];
    for (double[] row : scores) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]);
      }
    }
    for (int j = 0; j < k; j++) {
      if (cov[j][j] == 0) return null;
    }
    double[][] corr = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) corr[a][b] = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
    }
    return new Array2DRowRealMatrix(corr, false);
  }

  private static double variance(double[] x) {
    double mean = 0;
    for (double v : x) mean += v;
    mean /= x.length;
    double ss = 0;
    for (double v : x) ss += (v - mean) * (v - mean);
    return ss / (x.length - 1);
  }
}
