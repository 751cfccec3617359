package io.jointcs.search;

/** How the widest width meeting tau is found for one channel group (predictor only). */
public enum WidthSearch {
  /**
   * Every allowed width from the widest down until one meets tau: exact for any latency model, including learned
   * ones that are not monotone in width (e.g. faster at multiples of 8 channels). Default.
   */
  LINEAR,
  /**
   * Bisection over the allowed widths: O(log n) predictions, exact only when latency never decreases as the width
   * grows (true of MAC-proportional models).
   */
  BINARY
}
