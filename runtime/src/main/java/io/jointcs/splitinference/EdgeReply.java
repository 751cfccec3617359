package io.jointcs.splitinference;

/**
 * The edge's answer to one request: class scores, row-major (batch x classes), and the time the
 * edge spent computing them (decoding the cut tensor, blocks c+1..B, reading the scores out), which
 * excludes any wait for the model behind other requests.
 *
 * @param requestId the request's id
 * @param batchSize rows of {@code scores}
 * @param numClasses columns of {@code scores}
 * @param scores class scores
 * @param edgeComputeNanos edge compute time in ns
 */
public record EdgeReply(long requestId, int batchSize, int numClasses, float[] scores, long edgeComputeNanos) {

  public EdgeReply {
    if (batchSize < 0 || numClasses < 0 || (long) batchSize * numClasses != scores.length) {
      throw new IllegalArgumentException("reply of " + batchSize + " x " + numClasses + " scores carries "
          + scores.length + " values");
    }
  }

  public double edgeComputeMs() {
    return edgeComputeNanos / 1e6;
  }
}
