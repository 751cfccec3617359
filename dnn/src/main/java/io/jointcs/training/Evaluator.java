package io.jointcs.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Network;
import io.jointcs.progress.ProgressBar;
import java.io.PrintStream;
import java.util.function.BiFunction;

/** Top-1 accuracy of a network (or of any function from images to class scores) on a labelled set. */
public final class Evaluator {
  public static final int BATCH_SIZE = 250;

  private Evaluator() {}

  /** Result of one evaluation. */
  public record Accuracy(long correct, long total, double imagesPerSecond) {
    public double top1() {
      return total == 0 ? 0 : (double) correct / total;
    }
  }

  public static Accuracy evaluate(Network network, LabeledImages images, PrintStream progress) {
    return evaluate(network.manager(), images, progress, (manager, x) -> network.forward(x, false));
  }

  /** {@code scores} maps a normalized batch (created in the given manager) to class scores. */
  public static Accuracy evaluate(NDManager parent, LabeledImages images, PrintStream progress,
      BiFunction<NDManager, NDArray, NDArray> scores) {
    long correct = 0;
    long start = System.nanoTime();
    ProgressBar bar = progress == null ? null : new ProgressBar("eval", images.size(), progress);
    for (int from = 0; from < images.size(); from += BATCH_SIZE) {
      int[] indices = range(from, Math.min(images.size(), from + BATCH_SIZE));
      try (NDManager batch = parent.newSubManager()) {
        NDArray x = batch.create(BatchSampler.pixels(images, indices, null),
            new ai.djl.ndarray.types.Shape(indices.length, 3, LabeledImages.SIZE, LabeledImages.SIZE));
        NDArray predicted = scores.apply(batch, x).argMax(1);
        NDArray truth = batch.create(BatchSampler.labels(images, indices)).toType(predicted.getDataType(), false);
        correct += predicted.eq(truth).sum().getLong();
      }
      if (bar != null) {
        bar.update(indices[indices.length - 1] + 1L, String.format(java.util.Locale.ROOT, "acc %.4f",
            (double) correct / (indices[indices.length - 1] + 1)));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Accuracy(correct, images.size(), images.size() / Math.max(1e-9, seconds));
  }

  static int[] range(int from, int to) {
    int[] indices = new int[to - from];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = from + i;
    }
    return indices;
  }
}
