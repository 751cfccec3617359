package io.jointcs.splitinference;

import io.jointcs.segmentation.CutQuantization;
import java.util.List;
import java.util.Locale;

/**
 * What a split-inference benchmark measured, next to what the latency model predicts from the
 * measured compute: T = head + [c < B] (bytes / bandwidth + rtt) + edge.
 *
 * @param architecture architecture id
 * @param widths channel-group widths
 * @param cutPoint c: blocks 1..c on the device
 * @param blockCount B
 * @param quantization of the cut tensor
 * @param batchSize images per request
 * @param link the emulated link (irrelevant at c = B)
 * @param edge where the edge ran ("local" at c = B)
 * @param requests measured requests
 * @param warmup unmeasured requests before them
 * @param cutBytes cut tensor bytes per request, as the latency model counts them
 * @param frameBytes bytes per request on the uplink, framing included
 * @param endToEnd end-to-end latency distribution
 * @param stageMedians median of each stage
 * @param prediction the latency model's figures from the measured stage medians
 */
public record SplitInferenceReport(String architecture, List<Integer> widths, int cutPoint, int blockCount,
    CutQuantization quantization, int batchSize, LinkEmulation link, String edge, int requests, int warmup,
    long cutBytes, long frameBytes, LatencySummary endToEnd, StageMedians stageMedians, Prediction prediction) {

  public SplitInferenceReport {
    widths = List.copyOf(widths);
  }

  /**
   * @param headMs device compute (blocks 1..c and encoding the cut tensor)
   * @param transferMs send start to reply, minus the edge compute: uplink, rtt and queueing
   * @param edgeMs edge compute (blocks c+1..B)
   */
  public record StageMedians(double headMs, double transferMs, double edgeMs) {}

  /**
   * @param transferMs cutBytes / bandwidth + rtt; 0 at c = B
   * @param endToEndMs median head + median edge + transferMs
   */
  public record Prediction(double transferMs, double endToEndMs) {}

  /** Measured median end-to-end over the prediction: 1 when the model is exact. */
  public double measuredOverPredicted() {
    return endToEnd.p50Ms() / prediction.endToEndMs();
  }

  public boolean local() {
    return cutPoint == blockCount;
  }

  /** A few lines for people. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%s cut %d/%d, %s cut tensor, batch %d, %s%n", architecture, cutPoint,
        blockCount, quantization, batchSize, local() ? "all on the device" : link + ", edge " + edge));
    if (!local()) {
      text.append(String.format(Locale.ROOT, "cut tensor %d bytes (%d on the wire with framing)%n", cutBytes,
          frameBytes));
    }
    text.append(String.format(Locale.ROOT, "%d requests after %d warm-up%n", requests, warmup));
    text.append(String.format(Locale.ROOT, "end-to-end  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  mean %.2f ms  max %.2f ms%n",
        endToEnd.p50Ms(), endToEnd.p90Ms(), endToEnd.p99Ms(), endToEnd.meanMs(), endToEnd.maxMs()));
    text.append(String.format(Locale.ROOT, "stage medians: head %.2f ms, transfer+queueing %.2f ms, edge %.2f ms%n",
        stageMedians.headMs(), stageMedians.transferMs(), stageMedians.edgeMs()));
    text.append(String.format(Locale.ROOT, "predicted: transfer %.2f ms (bytes / bandwidth + rtt), end-to-end %.2f ms; "
        + "measured p50 / predicted = %.3f%n", prediction.transferMs(), prediction.endToEndMs(), measuredOverPredicted()));
    return text.toString();
  }

  /** One row per report: the measured median next to the prediction. */
  public static String markdownTable(List<SplitInferenceReport> reports) {
    StringBuilder table = new StringBuilder();
    table.append("| cut | bytes | uplink | rtt ms | head ms | transfer ms (meas.) | transfer ms (pred.) | edge ms "
        + "| e2e p50 ms | e2e p90 ms | e2e p99 ms | e2e pred. ms | meas./pred. |\n");
    table.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SplitInferenceReport r : reports) {
      table.append(String.format(Locale.ROOT,
          "| %d/%d | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f |%n",
          r.cutPoint(), r.blockCount(), r.cutBytes(), r.local() ? "-" : LinkUnits.formatBandwidth(r.link()
              .uplinkBytesPerSec()), r.local() ? "-" : String.format(Locale.ROOT, "%.1f", r.link().rttMs()),
          r.stageMedians().headMs(), r.stageMedians().transferMs(), r.prediction().transferMs(),
          r.stageMedians().edgeMs(), r.endToEnd().p50Ms(), r.endToEnd().p90Ms(), r.endToEnd().p99Ms(),
          r.prediction().endToEndMs(), r.measuredOverPredicted()));
    }
    return table.toString();
  }
}
