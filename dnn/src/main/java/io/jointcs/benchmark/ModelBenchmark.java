package io.jointcs.benchmark;

import ai.djl.ndarray.NDManager;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.timing.LatencyTimer;
import io.jointcs.training.Evaluator;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import io.jointcs.training.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput and latency of the architectures on this machine: training and evaluation images per
 * second, single-image latency, and how latency of channel-pruned variants compares with their MACs.
 * Images are random bytes: speed does not depend on what the pixels show.
 */
public final class ModelBenchmark {
  /** Keep ratios of the pruned variants: 25% and 50% of every channel group removed. */
  public static final double[] KEEP_RATIOS = {1.0, 0.75, 0.5};

  private final int trainImages;
  private final int evalImages;
  private final PrintStream progress;

  /**
   * @param trainImages images per timed training epoch (two epochs run; the second is reported)
   * @param evalImages images per timed evaluation pass (two passes run; the second is reported)
   */
  public ModelBenchmark(int trainImages, int evalImages, PrintStream progress) {
    this.trainImages = trainImages;
    this.evalImages = evalImages;
    this.progress = progress;
  }

  /** One architecture at one width; throughputs are measured at full width only (null otherwise). */
  public record Row(String architecture, double keepRatio, long macs, long params, double macRatio,
      Double trainImagesPerSec, Double evalImagesPerSec, double latencyMs, double latencyP10Ms,
      double latencyP90Ms, double latencyRatio) {}

  public record Report(int threads, List<Row> rows) {
    public String toMarkdown() {
      StringBuilder md = new StringBuilder(
          "| architecture | kept | MACs (M) | params (K) | MAC ratio | train img/s | eval img/s | latency ms (p10-p90) | latency ratio |\n"
              + "|---|---|---|---|---|---|---|---|---|\n");
      for (Row r : rows) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f%% | %.1f | %.1f | %.3f | %s | %s | %.2f (%.2f-%.2f) | %.3f |%n",
            r.architecture(), 100 * r.keepRatio(), r.macs() / 1e6, r.params() / 1e3, r.macRatio(),
            format(r.trainImagesPerSec()), format(r.evalImagesPerSec()), r.latencyMs(), r.latencyP10Ms(),
            r.latencyP90Ms(), r.latencyRatio()));
      }
      return md.toString();
    }

    private static String format(Double value) {
      return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
  }

  /**
   * @param architectures architectures to measure at full width (throughput and latency)
   * @param prunedArchitectures architectures whose pruned variants are timed as well
   */
  public Report run(List<Architecture> architectures, List<Architecture> prunedArchitectures, int threads)
      throws IOException {
    List<Row> rows = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Architecture architecture : architectures) {
        boolean pruned = prunedArchitectures.contains(architecture);
        Row base = null;
        for (double keep : KEEP_RATIOS) {
          if (keep < 1 && !pruned) {
            continue;
          }
          Row row = measure(manager, architecture, keep, base);
          rows.add(row);
          if (base == null) {
            base = row;
          }
          if (progress != null) {
            progress.printf(Locale.ROOT, "bench model: %s kept %.0f%%: %.2f ms/image%n", architecture.id(),
                100 * keep, row.latencyMs());
          }
        }
      }
    }
    return new Report(threads, rows);
  }

  private Row measure(NDManager manager, Architecture architecture, double keep, Row base) throws IOException {
    ModelSpec spec = keep == 1.0 ? ModelSpec.base(architecture, 10)
        : ModelSpec.uniformlyScaled(architecture, 10, keep);
    LabeledImages images = randomImages(Math.max(trainImages, evalImages));
    Double trainRate = null;
    Double evalRate = null;
    LatencyTimer.Measurement latency;
    try (Network network = Network.initialize(spec, manager, 1)) {
      if (keep == 1.0) {
        TrainingConfig config = new TrainingConfig(2, 32, 0.01, 0.9, 5e-4, 0, LearningRateSchedule.COSINE, true, 1, 0);
        TrainingState state = new Trainer(config, null, null, null).train(network, images.head(trainImages), null);
        trainRate = state.history().get(1).imagesPerSecond();
        LabeledImages evalSet = images.head(evalImages);
        Evaluator.evaluate(network, evalSet, null);
        evalRate = Evaluator.evaluate(network, evalSet, null).imagesPerSecond();
      }
      float[] input = new float[LabeledImages.IMAGE_BYTES];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) Math.sin(i);
      }
      // each run builds its input tensor, as a real request does, and frees what it allocated
      latency = LatencyTimer.standard().measure(() -> {
        try (NDManager run = manager.newSubManager()) {
          network.forward(run.create(input, network.inputShape(1)), false).toFloatArray();
        }
      });
    }
    long macs = spec.plan().macs();
    double macRatio = base == null ? 1.0 : (double) macs / base.macs();
    double latencyRatio = base == null ? 1.0 : latency.medianMs() / base.latencyMs();
    return new Row(architecture.id(), keep, macs, spec.plan().params(), macRatio, trainRate, evalRate,
        latency.medianMs(), latency.p10Ms(), latency.p90Ms(), latencyRatio);
  }

  private static LabeledImages randomImages(int n) {
    Random random = new Random(3);
    byte[] pixels = new byte[n * LabeledImages.IMAGE_BYTES];
    random.nextBytes(pixels);
    int[] labels = new int[n];
    List<String> ids = new ArrayList<>(n);
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      classes.add("class" + c);
    }
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      ids.add("random#" + i);
    }
    return new LabeledImages(classes, ids, labels, pixels);
  }
}
