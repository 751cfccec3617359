package io.jointcs.training;

import ai.djl.ndarray.NDArray;

final class Losses {
  private Losses() {}

  /** Mean cross-entropy of logits (N, K) against integer labels (N), with optional label smoothing. */
  static NDArray crossEntropy(NDArray logits, NDArray labels, int numClasses, double smoothing) {
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray target = labels.oneHot(numClasses).toType(logits.getDataType(), false);
    if (smoothing > 0) {
      target = target.mul((float) (1 - smoothing)).add((float) (smoothing / numClasses));
    }
    return logProbabilities.mul(target).sum(new int[] {1}).mean().neg();
  }
}
