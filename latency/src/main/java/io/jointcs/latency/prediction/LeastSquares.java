package io.jointcs.latency.prediction;

/**
 * Ordinary (optionally weighted) least squares with an intercept, for the handful of columns the linear models
 * use. Columns are standardized and a tiny ridge keeps collinear or constant columns (MACs are all 0 for
 * pooling layers) from blowing up: a constant column gets coefficient 0.
 */
final class LeastSquares {
  private static final double RIDGE = 1e-9;

  private LeastSquares() {}

  /**
   * Coefficients [intercept, w1..wk] minimizing sum_i weight_i (y_i - intercept - x_i . w)^2.
   *
   * @param weights per-row weights, or null for all 1
   */
  static double[] fit(double[][] x, double[] y, double[] weights) {
    return fit(x, y, weights, 0);
  }

  /**
   * As {@link #fit(double[][], double[], double[])} with a ridge penalty {@code ridge * |w|^2} on the standardized
   * slopes: negligible for thousands of rows, stabilizing for ten.
   */
  static double[] fit(double[][] x, double[] y, double[] weights, double ridge) {
    int n = y.length;
    if (n == 0) {
      throw new IllegalArgumentException("least squares needs at least one row");
    }
    int k = x[0].length;
    double wSum = 0;
    double[] mean = new double[k];
    double yMean = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      wSum += w;
      yMean += w * y[i];
      for (int j = 0; j < k; j++) {
        mean[j] += w * x[i][j];
      }
    }
    yMean /= wSum;
    double[] scale = new double[k];
    for (int j = 0; j < k; j++) {
      mean[j] /= wSum;
    }
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      for (int j = 0; j < k; j++) {
        double d = x[i][j] - mean[j];
        scale[j] += w * d * d;
      }
    }
    for (int j = 0; j < k; j++) {
      scale[j] = Math.sqrt(scale[j] / wSum);
    }
    // normal equations on standardized, centered columns
    double[][] a = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1 : weights[i];
      double[] z = new double[k];
      for (int j = 0; j < k; j++) {
        z[j] = scale[j] > 0 ? (x[i][j] - mean[j]) / scale[j] : 0;
      }
      for (int j = 0; j < k; j++) {
        b[j] += w * z[j] * (y[i] - yMean);
        for (int l = 0; l < k; l++) {
          a[j][l] += w * z[j] * z[l];
        }
      }
    }
    for (int j = 0; j < k; j++) {
      a[j][j] += RIDGE * wSum + ridge + (scale[j] > 0 ? 0 : 1);
    }
    double[] beta = solve(a, b);
    if (beta == null) {
      throw new IllegalStateException("the regularized normal equations of a least-squares fit are singular");
    }
    double[] out = new double[k + 1];
    double intercept = yMean;
    for (int j = 0; j < k; j++) {
      out[j + 1] = scale[j] > 0 ? beta[j] / scale[j] : 0;
      intercept -= out[j + 1] * mean[j];
    }
    out[0] = intercept;
    return out;
  }

  /** Gaussian elimination with partial pivoting of a small system; null when it is singular. */
  static double[] solve(double[][] a, double[] b) {
    int k = b.length;
    double[][] m = new double[k][];
    double[] r = b.clone();
    for (int i = 0; i < k; i++) {
      m[i] = a[i].clone();
    }
    for (int col = 0; col < k; col++) {
      int pivot = col;
      for (int row = col + 1; row < k; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      if (Math.abs(m[pivot][col]) < 1e-14) {
        return null;
      }
      double[] tmp = m[col];
      m[col] = m[pivot];
      m[pivot] = tmp;
      double t = r[col];
      r[col] = r[pivot];
      r[pivot] = t;
      for (int row = col + 1; row < k; row++) {
        double f = m[row][col] / m[col][col];
        r[row] -= f * r[col];
        for (int c = col; c < k; c++) {
          m[row][c] -= f * m[col][c];
        }
      }
    }
    double[] x = new double[k];
    for (int row = k - 1; row >= 0; row--) {
      double s = r[row];
      for (int c = row + 1; c < k; c++) {
        s -= m[row][c] * x[c];
      }
      x[row] = s / m[row][row];
    }
    return x;
  }
}
