package io.jointcs.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The models of a series that no other beats on both accuracy and end-to-end latency, on one target, fastest
 * first.
 *
 * @param target target name
 * @param points non-dominated points, ascending latency and strictly ascending accuracy
 */
public record ParetoFront(String target, List<ParetoPoint> points) {

  public ParetoFront {
    points = List.copyOf(points);
  }

  public static ParetoFront of(String target, List<SeriesEntry> entries) {
    List<ParetoPoint> all = new ArrayList<>();
    for (SeriesEntry e : entries) {
      TargetCut cut = e.cut(target);
      all.add(new ParetoPoint(e.id(), e.reportedAccuracy(), cut.latencyMs(), cut.cutPoint(), e.quantization()));
    }
    // fastest first; at equal latency the most accurate first, so the others are dominated
    all.sort(Comparator.comparingDouble(ParetoPoint::latencyMs)
        .thenComparing(Comparator.comparingDouble(ParetoPoint::accuracy).reversed()));
    List<ParetoPoint> front = new ArrayList<>();
    for (ParetoPoint p : all) {
      if (front.isEmpty() || p.accuracy() > front.get(front.size() - 1).accuracy()) {
        front.add(p);
      }
    }
    return new ParetoFront(target, front);
  }

  /** The lowest latency of a point at least as accurate as {@code accuracy}; NaN when none is. */
  public double fastestAtAccuracy(double accuracy) {
    return points.stream().filter(p -> p.accuracy() >= accuracy).mapToDouble(ParetoPoint::latencyMs).min()
        .orElse(Double.NaN);
  }

  /** The highest accuracy of a point no slower than {@code latencyMs}; NaN when none is. */
  public double bestAccuracyWithin(double latencyMs) {
    return points.stream().filter(p -> p.latencyMs() <= latencyMs).mapToDouble(ParetoPoint::accuracy).max()
        .orElse(Double.NaN);
  }
}
