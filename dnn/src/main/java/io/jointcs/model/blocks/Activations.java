package io.jointcs.model.blocks;

import ai.djl.ndarray.NDArray;
import io.jointcs.model.Activation;

final class Activations {
  private Activations() {}

  static NDArray apply(Activation activation, NDArray x) {
    return switch (activation) {
      case NONE -> x;
      case RELU -> ai.djl.nn.Activation.relu(x);
      case RELU6 -> x.clip(0f, 6f);
    };
  }
}
