package io.jointcs.splitinference;

/**
 * Class scores of one request and its timing.
 *
 * @param batchSize images in the request
 * @param numClasses scores per image
 * @param scores row-major (batchSize x numClasses)
 * @param timing where the time went
 */
public record InferenceResult(int batchSize, int numClasses, float[] scores, RequestTiming timing) {

  /** The class with the highest score for image {@code i}. */
  public int predictedClass(int i) {
    int best = 0;
    for (int c = 1; c < numClasses; c++) {
      if (scores[i * numClasses + c] > scores[i * numClasses + best]) {
        best = c;
      }
    }
    return best;
  }
}
