package io.livelake.survey;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Cronbach's alpha, KMO and Bartlett checked against values computed here by other routes: alpha
 * from the covariance matrix, the inverse by Gauss-Jordan elimination, the determinant by Gaussian
 * elimination, and the p-value by the closed form of the chi-square tail for even degrees of freedom.
 */
class ReliabilityTest {
  /** 10 respondents × 8 items: construct C1 = items 1..4, C2 = items 5..8. */
  static final double[][] SCORES = {
      {4, 5, 4, 4, 3, 4, 3, 3},
      {3, 3, 4, 3, 2, 2, 3, 2},
      {5, 5, 5, 4, 4, 5, 4, 5},
      {2, 3, 2, 2, 2, 1, 2, 2},
      {4, 4, 3, 4, 5, 4, 4, 4},
      {1, 2, 2, 1, 2, 2, 1, 1},
      {3, 4, 3, 3, 3, 3, 4, 3},
      {5, 4, 5, 5, 4, 4, 5, 4},
      {2, 2, 3, 2, 3, 2, 2, 3},
      {4, 3, 4, 5, 3, 3, 3, 4}};

  @Test
  void twoItemsByHand() {
    // x = 1..5, y = 2,2,3,5,4: var x 2.5, var y 1.7, cov 1.75; alpha = 4 cov / (vx + vy + 2 cov) = 7 / 7.7.
    double[][] s = {{1, 2}, {2, 2}, {3, 3}, {4, 5}, {5, 4}};
    Reliability.Result r = Reliability.of(s);
    assertEquals(10.0 / 11.0, r.alpha(), 1e-12);
    assertEquals(0.5, r.kmo(), 1e-12, "with two items the partial correlation equals the correlation");
    double r2 = 1.75 * 1.75 / (2.5 * 1.7);
    assertEquals(-(5 - 1 - 9.0 / 6) * Math.log(1 - r2), r.bartlettChiSquare(), 1e-12);
    assertEquals(1, r.bartlettDf());
  }

  @Test
  void fourItemConstructsAndAllEightItems() {
    check(columns(0, 4));
    check(columns(4, 8));
    check(columns(0, 8));
  }

  @Test
  void matchesNumpyAndScipy() {
    // Computed independently with NumPy 2.4 and SciPy 1.17: np.corrcoef, np.linalg.inv, np.linalg.det,
    // scipy.stats.chi2.sf (the script is in docs/indicators.md).
    expect(columns(0, 4), 0.935725, 0.588362, 36.095559, 6, 2.641210e-06);
    expect(columns(4, 8), 0.932758, 0.863234, 23.745662, 6, 5.816023e-04);
    expect(columns(0, 8), 0.961714, 0.645601, 74.865183, 28, 3.785137e-06);
  }

  private static void expect(double[][] s, double alpha, double kmo, double chi, int df, double p) {
    Reliability.Result r = Reliability.of(s);
    assertEquals(alpha, r.alpha(), 5e-7);
    assertEquals(kmo, r.kmo(), 5e-7);
    assertEquals(chi, r.bartlettChiSquare(), 5e-6);
    assertEquals(df, r.bartlettDf());
    assertEquals(p, r.bartlettPValue(), p * 1e-5);
  }

  @Test
  void undefinedValuesSayWhy() {
    double[][] constant = {{1, 3}, {2, 3}, {3, 3}, {4, 3}};
    Reliability.Result r = Reliability.of(constant);
    assertNull(r.kmo());
    assertTrue(r.note().contains("same score"));
    assertEquals("fewer than two items", Reliability.of(new double[][] {{1}, {2}, {3}}).note());
  }

  private static void check(double[][] s) {
    int n = s.length;
    int k = s[0].length;
    double[][] cov = covariance(s);
    double trace = 0;
    double all = 0;
    for (int i = 0; i < k; i++) {
      trace += cov[i][i];
      for (int j = 0; j < k; j++) all += cov[i][j];
    }
    double alpha = k / (k - 1.0) * (1 - trace / all);
    double[][] corr = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) corr[i][j] = cov[i][j] / Math.sqrt(cov[i][i] * cov[j][j]);
    }
    double[][] inv = gaussJordanInverse(corr);
    double r2 = 0;
    double p2 = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (i == j) continue;
        r2 += corr[i][j] * corr[i][j];
        double p = -inv[i][j] / Math.sqrt(inv[i][i] * inv[j][j]);
        p2 += p * p;
      }
    }
    double kmo = r2 / (r2 + p2);
    double chi = -(n - 1 - (2.0 * k + 5) / 6.0) * Math.log(determinant(corr));
    int df = k * (k - 1) / 2;
    double pValue = evenDfChiSquareTail(chi, df);

    Reliability.Result r = Reliability.of(s);
    assertEquals(k, r.items());
    assertEquals(n, r.respondents());
    assertEquals(alpha, r.alpha(), 1e-9);
    assertEquals(kmo, r.kmo(), 1e-9);
    assertEquals(chi, r.bartlettChiSquare(), 1e-9);
    assertEquals(df, r.bartlettDf());
    assertEquals(pValue, r.bartlettPValue(), 1e-9);
    assertTrue(alpha > 0.5 && kmo > 0.5 && chi > 0, "a usable example");
  }

  static double[][] columns(int from, int to) {
    double[][] out = new double[SCORES.length][to - from];
    for (int i = 0; i < SCORES.length; i++) System.arraycopy(SCORES[i], from, out[i], 0, to - from);
    return out;
  }

  private static double[][] covariance(double[][] s) {
    int n = s.length;
    int k = s[0].length;
    double[][] c = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double sa = 0, sb = 0, sab = 0;
        for (double[] row : s) {
          sa += row[a];
          sb += row[b];
          sab += row[a] * row[b];
        }
        c[a][b] = (sab - sa * sb / n) / (n - 1);
      }
    }
    return c;
  }

  private static double[][] gaussJordanInverse(double[][] m) {
    int k = m.length;
    double[][] a = new double[k][2 * k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(m[i], 0, a[i], 0, k);
      a[i][k + i] = 1;
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double d = a[col][col];
      for (int j = 0; j < 2 * k; j++) a[col][j] /= d;
      for (int r = 0; r < k; r++) {
        if (r == col) continue;
        double f = a[r][col];
        for (int j = 0; j < 2 * k; j++) a[r][j] -= f * a[col][j];
      }
    }
    double[][] inv = new double[k][k];
    for (int i = 0; i < k; i++) System.arraycopy(a[i], k, inv[i], 0, k);
    return inv;
  }

  private static double determinant(double[][] m) {
    int k = m.length;
    double[][] a = new double[k][];
    for (int i = 0; i < k; i++) a[i] = m[i].clone();
    double det = 1;
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      if (pivot != col) {
        double[] t = a[col];
        a[col] = a[pivot];
        a[pivot] = t;
        det = -det;
      }
      det *= a[col][col];
      for (int r = col + 1; r < k; r++) {
        double f = a[r][col] / a[col][col];
        for (int j = col; j < k; j++) a[r][j] -= f * a[col][j];
      }
    }
    return det;
  }

  /**
   * Three items of one direction and one worded against them: the fourth runs against the grain. Two items, an even
   * split or an item that never varies give no minority to name.
   */
  @Test
  void anItemWordedAgainstTheOthersRunsAgainstTheGrain() {
    double[][] scores = {{1, 2, 1, 5}, {2, 2, 3, 4}, {3, 4, 3, 3}, {4, 4, 5, 2}, {5, 5, 4, 1}};
    assertEquals(java.util.List.of(3), Reliability.againstTheGrain(scores));
    assertEquals(java.util.List.of(), Reliability.againstTheGrain(new double[][] {{1, 5}, {3, 3}, {5, 1}}));
    assertEquals(java.util.List.of(), Reliability.againstTheGrain(new double[][] {{1, 2, 5, 4}, {3, 3, 3, 3},
        {5, 4, 1, 2}}), "two against two");
    assertEquals(java.util.List.of(), Reliability.againstTheGrain(new double[][] {{1, 2, 3}, {2, 2, 2}, {3, 2, 1}}));
  }

  /** P(X > x) for chi-square with even df: e^(-x/2) * sum_{i < df/2} (x/2)^i / i!. */
  private static double evenDfChiSquareTail(double x, int df) {
    assertEquals(0, df % 2, "closed form needs even degrees of freedom");
    double h = x / 2;
    double term = 1;
    double sum = 1;
    for (int i = 1; i < df / 2; i++) {
      term *= h / i;
      sum += term;
    }
    return Math.exp(-h) * sum;
  }
}
