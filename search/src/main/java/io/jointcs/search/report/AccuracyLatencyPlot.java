package io.jointcs.search.report;

import io.jointcs.search.SearchResult;
import io.jointcs.search.SeriesEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Accuracy against end-to-end latency on one target: one polyline per method, through its series of models. */
public final class AccuracyLatencyPlot {
  private AccuracyLatencyPlot() {}

  /**
   * @param subtitle says where the latencies come from (e.g. "predicted, analytic MACs model" or "measured")
   */
  public static SvgPlot of(List<SearchResult> results, String target, String subtitle) {
    List<SvgPlot.Series> series = new ArrayList<>();
    for (SearchResult result : results) {
      List<SvgPlot.Point> points = new ArrayList<>();
      for (SeriesEntry e : result.series()) {
        points.add(new SvgPlot.Point(e.cut(target).latencyMs(), 100 * e.reportedAccuracy()));
      }
      points.sort(Comparator.comparingDouble(SvgPlot.Point::x));
      series.add(new SvgPlot.Series(result.method(), points));
    }
    return new SvgPlot("Accuracy vs end-to-end latency: " + target, subtitle, "end-to-end latency (ms)",
        "top-1 accuracy (%)", series);
  }

  public static SvgPlot of(SearchReport report, String target, String subtitle) {
    return of(report.results(), target, subtitle);
  }
}
