package io.jointcs.latency.profiling;

import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.timing.LatencyTimer;

/** Small layers and a fast timer: profiling tests must stay in the tens of milliseconds per layer. */
final class TestLayers {
  private TestLayers() {}

  /** Few runs, loose stability: behaviour checks, not figures. */
  static LatencyTimer fastTimer() {
    return new LatencyTimer(2, 5, 40, 0.05);
  }

  /** The first layer of a type in a narrow variant of an architecture (an eighth of every width). */
  static LayerDescriptor narrow(Architecture architecture, LayerType type) {
    return ModelSpec.uniformlyScaled(architecture, 10, 0.125).plan().layers().stream()
        .filter(l -> l.type() == type).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(architecture.id() + " has no " + type + " layer"));
  }

  /** ResNet-20's stage-2 3x3 convolution (16x16 input, stride 1) with other channel counts. */
  static LayerDescriptor conv3x3At16(int in, int out) {
    LayerDescriptor base = ModelSpec.base(Architecture.RESNET20, 10).plan().layers().stream()
        .filter(l -> l.type() == LayerType.CONV && l.inHeight() == 16 && l.stride() == 1 && l.kernel() == 3)
        .findFirst().orElseThrow();
    return LayerShapes.resize(base, in, out, "test/conv3x3@16/" + in + "-" + out);
  }
}
