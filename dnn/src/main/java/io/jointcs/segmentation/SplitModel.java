package io.jointcs.segmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import java.util.function.BiFunction;

/**
 * A network split at cut point c: the head (blocks 1..c, device) and the tail (blocks c+1..B,
 * edge). Each half runs alone; the only thing passing between them is a {@link CutTensor}.
 */
public record SplitModel(Head head, Tail tail) implements AutoCloseable {

  public SplitModel {
    if (head.cutPoint() != tail.cutPoint() || !head.spec().equals(tail.spec())) {
      throw new IllegalArgumentException("head (" + head.spec().architecture().id() + ", cut " + head.cutPoint()
          + ") and tail (" + tail.spec().architecture().id() + ", cut " + tail.cutPoint() + ") do not match");
    }
  }

  /** Splits a live network; both halves share its weights, so the network must stay open. */
  public static SplitModel split(Network network, int cutPoint, CutQuantization quantization) {
    network.plan().checkCutPoint(cutPoint);
    return new SplitModel(
        new Head(BlockRange.view(network, 0, cutPoint), quantization),
        new Tail(BlockRange.view(network, cutPoint, network.plan().blockCount()), quantization));
  }

  /** Class scores through head, cut tensor and tail; arrays are created in {@code manager}. */
  public NDArray forward(NDManager manager, NDArray images) {
    return tail.run(head.run(images), manager);
  }

  /** The scores function {@link io.jointcs.training.Evaluator#evaluate} takes. */
  public BiFunction<NDManager, NDArray, NDArray> scores() {
    return this::forward;
  }

  public int cutPoint() {
    return head.cutPoint();
  }

  public CutQuantization quantization() {
    return head.quantization();
  }

  public ModelSpec spec() {
    return head.spec();
  }

  @Override
  public void close() {
    head.close();
    tail.close();
  }
}
