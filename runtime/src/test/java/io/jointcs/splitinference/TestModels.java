package io.jointcs.splitinference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.BatchSampler;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import java.util.stream.IntStream;

/** A small random-weight resnet20, its halves as artifacts, and images for it. */
final class TestModels {
  static final ModelSpec SPEC = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
  static final int BLOCKS = SPEC.plan().blockCount();

  private TestModels() {}

  static Network network(NDManager manager) {
    return Network.initialize(SPEC, manager, 7);
  }

  static LabeledImages images(int count) {
    return SyntheticImages.generate(10, (count + 9) / 10, 3).head(count);
  }

  static float[] pixels(LabeledImages images) {
    return BatchSampler.pixels(images, IntStream.range(0, images.size()).toArray(), null);
  }

  /** The whole network's scores for the images, as the reference. */
  static float[] localScores(Network network, float[] pixels, int batchSize) {
    try (NDManager step = network.manager().newSubManager()) {
      NDArray x = step.create(pixels, new Shape(batchSize, 3, 32, 32));
      return network.forward(x, false).toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  static ModelArtifact head(Network network, int cut, CutQuantization quantization) {
    return ModelArtifact.of(SplitModel.split(network, cut, quantization).head());
  }

  static ModelArtifact tail(Network network, int cut, CutQuantization quantization) {
    return ModelArtifact.of(SplitModel.split(network, cut, quantization).tail());
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
