package io.jointcs.search;

/**
 * T(M, c) of one model on one target at one cut point, with its parts.
 *
 * @param target target name
 * @param cutPoint c: blocks 1..c on the device, c+1..B on the edge
 * @param headMs predicted device latency of blocks 1..c
 * @param transferMs bytes / bandwidth + rtt, 0 when c = B (only the result leaves the device)
 * @param tailMs predicted edge latency of blocks c+1..B
 * @param cutBytes bytes sent at the cut, 0 when c = B
 * @param latencyMs the end-to-end latency, head + transfer + tail
 */
public record TargetCut(String target, int cutPoint, double headMs, double transferMs, double tailMs, long cutBytes,
    double latencyMs) {

  public TargetCut {
    double sum = headMs + transferMs + tailMs;
    if (Math.abs(sum - latencyMs) > 1e-9 * Math.max(1, Math.abs(sum))) {
      throw new IllegalArgumentException("latency " + latencyMs + " ms of target '" + target
          + "' is not head + transfer + tail = " + sum + " ms");
    }
  }

  public static TargetCut of(String target, int cutPoint, double headMs, double transferMs, double tailMs,
      long cutBytes) {
    return new TargetCut(target, cutPoint, headMs, transferMs, tailMs, cutBytes, headMs + transferMs + tailMs);
  }
}
