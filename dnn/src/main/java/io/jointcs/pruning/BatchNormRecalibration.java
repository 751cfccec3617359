package io.jointcs.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.Network;
import io.jointcs.model.blocks.ConvBnAct;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Re-estimates the batch-norm running statistics of a network (typically just pruned) from data:
 * forward passes in training mode, no weight updates, and the running mean and variance of every
 * batch-norm set to the plain average of the per-batch statistics (PyTorch's cumulative moving
 * average, momentum=None), so that every batch counts the same.
 *
 * <p>DJL's batch-norm has a fixed exponential momentum. Each pass therefore starts from zeroed
 * running statistics, so that afterwards they hold exactly (1 - {@link ConvBnAct#BN_MOMENTUM})
 * times the batch statistics, which are divided out and summed here. As in PyTorch the running
 * variance is the unbiased batch variance. Images are not augmented: the statistics should match
 * what the network sees at evaluation.
 */
public final class BatchNormRecalibration {
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** What a recalibration did. */
  public record Result(int batchNormLayers, int batches, int images) {}

  private BatchNormRecalibration() {}

  /** Recalibrates over {@code batches} batches of {@link #DEFAULT_BATCH_SIZE} images. */
  public static Result recalibrate(Network network, LabeledImages images, int batches, long seed) {
    return recalibrate(network, images, batches, DEFAULT_BATCH_SIZE, seed);
  }

  /**
   * Recalibrates over {@code batches} batches; images are drawn without replacement in a seeded
   * order (starting a new order when all were used).
   */
  public static Result recalibrate(Network network, LabeledImages images, int batches, int batchSize, long seed) {
    if (batches < 1 || batchSize < 1) {
      throw new IllegalArgumentException("need at least one batch of one image, got " + batches + " x " + batchSize);
    }
    if (images.size() == 0) {
      throw new IllegalArgumentException("no images to recalibrate batch-norm statistics with");
    }
    List<Statistics> layers = batchNormLayers(network);
    float momentum = 1f - ConvBnAct.BN_MOMENTUM;
    int size = Math.min(batchSize, images.size());
    Random random = new Random(seed);
    int[] order = permutation(images.size(), random);
    int position = 0;
    for (int b = 0; b < batches; b++) {
      int[] indices = new int[size];
      for (int i = 0; i < size; i++) {
        if (position == order.length) {
          order = permutation(images.size(), random);
          position = 0;
        }
        indices[i] = order[position++];
      }
      layers.forEach(Statistics::zero);
      try (NDManager batch = network.manager().newSubManager()) {
        NDArray x = batch.create(BatchSampler.pixels(images, indices, null),
            new Shape(size, LabeledImages.CHANNELS, LabeledImages.SIZE, LabeledImages.SIZE));
        network.forward(x, true);
      }
      layers.forEach(s -> s.accumulate(momentum));
    }
    layers.forEach(s -> s.store(batches));
    return new Result(layers.size(), batches, batches * size);
  }

  private static List<Statistics> batchNormLayers(Network network) {
    List<Statistics> out = new ArrayList<>();
    for (LayerDescriptor layer : network.plan().layers()) {
      Block block = network.layers().get(layer.name());
      if (block instanceof ConvBnAct convBnAct) {
        out.add(new Statistics(convBnAct.batchNorm().getParameters().get("runningMean").getArray(),
            convBnAct.batchNorm().getParameters().get("runningVar").getArray()));
      }
    }
    return out;
  }

  private static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Sums of the per-batch statistics of one batch-norm, in double precision. */
  private static final class Statistics {
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final double[] meanSum;
    private final double[] varSum;

    Statistics(NDArray runningMean, NDArray runningVar) {
      this.runningMean = runningMean;
      this.runningVar = runningVar;
      this.meanSum = new double[(int) runningMean.size()];
      this.varSum = new double[(int) runningVar.size()];
    }

    void zero() {
      runningMean.set(new float[meanSum.length]);
      runningVar.set(new float[varSum.length]);
    }

    void accumulate(float momentum) {
      float[] mean = runningMean.toFloatArray();
      float[] var = runningVar.toFloatArray();
      for (int i = 0; i < meanSum.length; i++) {
        meanSum[i] += mean[i] / momentum;
        varSum[i] += var[i] / momentum;
      }
    }

    void store(int batches) {
      float[] mean = new float[meanSum.length];
      float[] var = new float[varSum.length];
      for (int i = 0; i < mean.length; i++) {
        mean[i] = (float) (meanSum[i] / batches);
        var[i] = (float) (varSum[i] / batches);
      }
      runningMean.set(mean);
      runningVar.set(var);
    }
  }
}
