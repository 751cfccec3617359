package io.jointcs.latency.prediction;

/**
 * Weighted least squares with every coefficient constrained to be >= 0, for the few (at most ~8) columns of an
 * overhead model. Exact: the optimum is the unconstrained fit on its own support, so every support (subset of
 * columns) is fitted and the best fit whose coefficients are all >= 0 wins. No intercept: give a column of ones.
 */
public final class NonNegativeLeastSquares {
  private static final int MAX_COLUMNS = 10;
  private static final double RIDGE = 1e-10;

  private NonNegativeLeastSquares() {}

  /**
   * Coefficients w >= 0 minimizing sum_i weight_i (y_i - x_i . w)^2.
   *
   * @param weights per-row weights (> 0), or null for all 1
   */
  public static double[] fit(double[][] x, double[] y, double[] weights) {
    int n = y.length;
    if (n == 0 || x.length != n) {
      throw new IllegalArgumentException("non-negative least squares needs rows, got " + n + " targets and "
          + x.length + " rows");
    }
    int k = x[0].length;
    if (k == 0 || k > MAX_COLUMNS) {
      throw new IllegalArgumentException("non-negative least squares fits 1.." + MAX_COLUMNS + " columns, got " + k);
    }
    // columns scaled to unit weighted RMS, so that the ridge and the comparison do not depend on units
    double[] scale = new double[k];
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      if (!(w > 0) || !Double.isFinite(w) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException("row " + i + ": weight " + w + ", target " + y[i]);
      }
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("row " + i + ", column " + j + " is not finite: " + x[i][j]);
        }
        scale[j] += w * x[i][j] * x[i][j];
      }
    }
    for (int j = 0; j < k; j++) {
      scale[j] = Math.sqrt(scale[j]);
    }
    double[] best = new double[k];
    double bestLoss = loss(x, y, weights, best);
    for (int mask = 1; mask < (1 << k); mask++) {
      double[] w = fitSupport(x, y, weights, scale, mask, k);
      if (w == null) {
        continue;
      }
      double l = loss(x, y, weights, w);
      if (l < bestLoss - 1e-15 * Math.max(1, Math.abs(bestLoss))) {
        bestLoss = l;
        best = w;
      }
    }
    return best;
  }

  /** Unconstrained fit on the columns in {@code mask}; null if a coefficient comes out negative or it is singular. */
  private static double[] fitSupport(double[][] x, double[] y, double[] weights, double[] scale, int mask, int k) {
    int[] cols = new int[Integer.bitCount(mask)];
    int m = 0;
    for (int j = 0; j < k; j++) {
      if ((mask & (1 << j)) != 0) {
        if (scale[j] == 0) {
          return null; // an all-zero column adds nothing
        }
        cols[m++] = j;
      }
    }
    double[][] a = new double[m][m];
    double[] b = new double[m];
    for (int i = 0; i < y.length; i++) {
      double w = weights == null ? 1 : weights[i];
      for (int p = 0; p < m; p++) {
        double zp = x[i][cols[p]] / scale[cols[p]];
        b[p] += w * zp * y[i];
        for (int q = 0; q < m; q++) {
          a[p][q] += w * zp * x[i][cols[q]] / scale[cols[q]];
        }
      }
    }
    for (int p = 0; p < m; p++) {
      a[p][p] += RIDGE;
    }
    double[] beta = LeastSquares.solve(a, b);
    if (beta == null) {
      return null;
    }
    double[] out = new double[k];
    for (int p = 0; p < m; p++) {
      double v = beta[p] / scale[cols[p]];
      if (!(v >= 0) || !Double.isFinite(v)) {
        return null;
      }
      out[cols[p]] = v;
    }
    return out;
  }

  private static double loss(double[][] x, double[] y, double[] weights, double[] w) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double r = y[i];
      for (int j = 0; j < w.length; j++) {
        r -= x[i][j] * w[j];
      }
      s += (weights == null ? 1 : weights[i]) * r * r;
    }
    return s;
  }
}
