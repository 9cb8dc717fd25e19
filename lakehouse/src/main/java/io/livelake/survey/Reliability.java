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

  /**
   * Cronbach's alpha, KMO and Bartlett's test of sphericity of {@code scores} (respondents × items). A missing answer is
   * NaN: each pair of items is then taken over the respondents who answered both (pairwise deletion, as R's
   * {@code cov(use = "pairwise")} and psych's alpha do), and the respondents counted, Bartlett's n among them, are
   * those who answered at least one of the items.
   */
  public static Result of(double[][] scores) {
    int k = scores.length == 0 ? 0 : scores[0].length;
    int n = answering(scores);
    if (k < 2) return new Result(k, n, null, null, null, null, null, "fewer than two items");
    if (n < 3) return new Result(k, n, null, null, null, null, null, "fewer than three respondents");
    Moments m = Moments.of(scores);
    if (m.cov() == null) return new Result(k, n, null, null, null, null, null, m.undefined());
    Double alpha = cronbachAlpha(m.cov());
    if (m.corr() == null) return new Result(k, n, alpha, null, null, null, null, m.undefined());
    RealMatrix r = new Array2DRowRealMatrix(m.corr(), false);
    LUDecomposition lu = new LUDecomposition(r);
    double det = lu.getDeterminant();
    if (!(det > 1e-12)) {
      return new Result(k, n, alpha, null, null, null, null, "the correlation matrix is singular (items are linearly "
          + "dependent" + (m.pairwise() ? ", or answered by too different respondents" : "") + ")");
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
    double[][] corr = Moments.of(scores).corr();
    if (corr == null) return List.of();
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(corr, false));
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

  /**
   * k/(k-1) * (1 - sum of item variances / variance of the total score), the total's variance being the sum of the
   * covariance matrix {@code cov}; null when the total never varies.
   */
  static Double cronbachAlpha(double[][] cov) {
    int k = cov.length;
    double itemVariances = 0;
    double total = 0;
    for (int a = 0; a < k; a++) {
      itemVariances += cov[a][a];
      for (int b = 0; b < k; b++) total += cov[a][b];
    }
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

  /** Respondents with at least one answer (a row not all NaN). */
  private static int answering(double[][] scores) {
    int n = 0;
    for (double[] row : scores) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /**
   * Sample covariances and Pearson correlations of every pair of items over the respondents who answered both (all of
   * them when no answer is missing); {@code cov} is null when a pair has fewer than three such respondents and
   * {@code corr} when an item does not vary, {@code undefined} saying which.
   */
  record Moments(double[][] cov, double[][] corr, boolean pairwise, String undefined) {
    static Moments of(double[][] scores) {
      int k = scores[0].length;
      boolean pairwise = false;
      for (double[] row : scores) for (double v : row) pairwise |= Double.isNaN(v);
      double[][] cov = new double[k][k];
      double[][] corr = new double[k][k];
      boolean constant = false;
      for (int a = 0; a < k; a++) {
        for (int b = a; b < k; b++) {
          int m = 0;
          double sa = 0;
          double sb = 0;
          for (double[] row : scores) {
            if (Double.isNaN(row[a]) || Double.isNaN(row[b])) continue;
            m++;
            sa += row[a];
            sb += row[b];
          }
          if (m < 3) return new Moments(null, null, pairwise, "two items are answered together by fewer than three respondents");
          double ma = sa / m;
          double mb = sb / m;
          double sab = 0;
          double saa = 0;
          double sbb = 0;
          for (double[] row : scores) {
            if (Double.isNaN(row[a]) || Double.isNaN(row[b])) continue;
            sab += (row[a] - ma) * (row[b] - mb);
            saa += (row[a] - ma) * (row[a] - ma);
            sbb += (row[b] - mb) * (row[b] - mb);
          }
          cov[a][b] = cov[b][a] = sab / (m - 1);
          if (saa == 0 || sbb == 0) {
            constant = true;
          } else {
            corr[a][b] = corr[b][a] = sab / Math.sqrt(saa * sbb);
          }
        }
      }
      return constant
          ? new Moments(cov, null, pairwise, "an item has the same score from every respondent, so its correlations are undefined")
          : new Moments(cov, corr, pairwise, null);
    }
  }
}
