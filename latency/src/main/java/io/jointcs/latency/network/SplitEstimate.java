package io.jointcs.latency.network;

/**
 * Predicted end-to-end latency of one cut point: T(M, c) = head + [c &lt; B] transfer + tail.
 *
 * @param cutPoint c: blocks 1..c on the device, c+1..B on the edge
 * @param headMs predicted latency of blocks 1..c on the device class
 * @param transferMs time to send the cut tensor (0 when c = B: only the result leaves the device)
 * @param tailMs predicted latency of blocks c+1..B on the edge class
 * @param cutBytes size of the tensor at the cut (0 when c = B)
 * @param extrapolated whether any layer prediction was an extrapolation
 */
public record SplitEstimate(int cutPoint, double headMs, double transferMs, double tailMs, long cutBytes,
    boolean extrapolated) {

  public double totalMs() {
    return headMs + transferMs + tailMs;
  }
}
