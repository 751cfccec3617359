package io.jointcs.splitinference;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.ModelSpec;
import io.jointcs.progress.ProgressBar;
import io.jointcs.segmentation.Head;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures split inference for real, closed loop (one request in flight): the head on this JVM,
 * the tail on an edge server (its own process, or any address), the cut tensor over the emulated
 * link. Reports end-to-end percentiles (HdrHistogram), stage medians, and the latency model's
 * prediction from the measured compute medians, so the transfer model can be checked.
 */
public final class SplitInferenceBenchmark {
  private final BenchmarkSettings settings;
  /** null for no progress output */
  private final PrintStream progress;

  public SplitInferenceBenchmark(BenchmarkSettings settings, PrintStream progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** The head artifact against an edge already running at {@code edge}; null edge only for c = B. */
  public static SplitInferenceReport run(ModelArtifact headArtifact, InetSocketAddress edge, LinkEmulation link,
      LabeledImages images, int requests, int warmup) throws IOException {
    return new SplitInferenceBenchmark(new BenchmarkSettings(link, requests, warmup, 1), null)
        .run(headArtifact, edge, images);
  }

  /** The head artifact against an edge started in its own JVM from the tail artifact file, then stopped. */
  public static SplitInferenceReport run(ModelArtifact headArtifact, Path tailArtifactFile, LinkEmulation link,
      LabeledImages images, int requests, int warmup) throws IOException {
    return new SplitInferenceBenchmark(new BenchmarkSettings(link, requests, warmup, 1), null)
        .run(headArtifact, tailArtifactFile, EdgeProcess.Options.defaults(), images);
  }

  public SplitInferenceReport run(ModelArtifact headArtifact, InetSocketAddress edge, LabeledImages images)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        Head head = headArtifact.loadHead(manager)) {
      return run(head, edge, images);
    }
  }

  /** A head holding every block (c = B): everything on the device, nothing sent. */
  public SplitInferenceReport runLocally(ModelArtifact headArtifact, LabeledImages images) throws IOException {
    return run(headArtifact, (InetSocketAddress) null, images);
  }

  public SplitInferenceReport run(ModelArtifact headArtifact, Path tailArtifactFile, EdgeProcess.Options edgeOptions,
      LabeledImages images) throws IOException {
    try (EdgeProcess edge = EdgeProcess.start(tailArtifactFile, edgeOptions)) {
      return run(headArtifact, edge.address(), images);
    }
  }

  /** A live head against the edge at {@code edge} (ignored, and may be null, at c = B). */
  public SplitInferenceReport run(Head head, InetSocketAddress edge, LabeledImages images) throws IOException {
    try (DeviceClient device = (edge == null ? DeviceClient.local(head)
        : DeviceClient.connect(head, edge, settings.link())).withSlowdown(settings.deviceSlowdown())) {
      return measure(device, device.local() ? "local" : edge.getHostString() + ":" + edge.getPort(), images);
    }
  }

  /** Runs warm-up and measured requests on a connected device. */
  public SplitInferenceReport measure(DeviceClient device, String edgeName, LabeledImages images) throws IOException {
    if (images.size() == 0) {
      throw new IllegalArgumentException("the benchmark needs at least one image");
    }
    for (int i = 0; i < settings.warmup(); i++) {
      device.infer(batch(images, i, settings.batchSize()), settings.batchSize());
    }
    LatencyRecorder endToEnd = new LatencyRecorder();
    LatencyRecorder head = new LatencyRecorder();
    LatencyRecorder transfer = new LatencyRecorder();
    LatencyRecorder edge = new LatencyRecorder();
    ModelSpec spec = device.head().spec();
    String label = spec.architecture().id() + " cut " + device.head().cutPoint()
        + (device.local() ? "" : " @ " + LinkUnits.formatBandwidth(settings.link().uplinkBytesPerSec()));
    ProgressBar bar = progress == null ? null : new ProgressBar(label, settings.requests(), progress);
    long cutBytes = 0;
    long frameBytes = 0;
    for (int i = 0; i < settings.requests(); i++) {
      // normalizing the pixels is outside the timing: the device's clock starts at the input array
      float[] pixels = batch(images, settings.warmup() + i, settings.batchSize());
      RequestTiming timing = device.infer(pixels, settings.batchSize()).timing();
      endToEnd.record(timing.endToEndMs());
      head.record(timing.headMs());
      transfer.record(timing.transferMs());
      edge.record(timing.edgeMs());
      cutBytes = timing.cutBytes();
      frameBytes = timing.frameBytes();
      if (bar != null) {
        bar.update(i + 1, String.format(Locale.ROOT, "p50 %.1f ms", endToEnd.medianMs()));
      }
    }
    boolean local = device.local();
    double predictedTransferMs = local ? 0 : settings.link().predictedTransferMs(cutBytes);
    SplitInferenceReport.StageMedians medians = new SplitInferenceReport.StageMedians(head.medianMs(),
        local ? 0 : transfer.medianMs(), local ? 0 : edge.medianMs());
    return new SplitInferenceReport(spec.architecture().id(), spec.widths(), device.head().cutPoint(),
        spec.plan().blockCount(), device.head().quantization(), settings.batchSize(), settings.link(), edgeName,
        settings.requests(), settings.warmup(), cutBytes, frameBytes, endToEnd.summary(), medians,
        new SplitInferenceReport.Prediction(predictedTransferMs,
            medians.headMs() + medians.edgeMs() + predictedTransferMs));
  }

  /** Normalized batch number {@code b}: the images in order, wrapping around. */
  static float[] batch(LabeledImages images, int b, int batchSize) {
    int[] indices = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      indices[i] = (int) (((long) b * batchSize + i) % images.size());
    }
    return BatchSampler.pixels(images, indices, null);
  }
}
