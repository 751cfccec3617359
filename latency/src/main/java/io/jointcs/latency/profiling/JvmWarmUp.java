package io.jointcs.latency.profiling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import java.util.List;

/**
 * Runs forward passes before the first measurement of a JVM. Without it the first layers profiled come out up to
 * 2x slow (JIT compilation of DJL's Java side, native allocator growth), more than the per-measurement warm-up
 * runs of the timer can absorb: ResNet-20's layers summed 2.9 ms in a cold JVM and 1.65 ms once warm.
 */
final class JvmWarmUp {
  private static boolean done;

  private JvmWarmUp() {}

  /** Warms up once per JVM for at least {@code millis} (0 skips it). */
  static synchronized void ensure(long millis) {
    if (done || millis <= 0) {
      return;
    }
    // narrow networks that between them use every layer type the profiler times
    List<ModelSpec> specs = List.of(ModelSpec.uniformlyScaled(Architecture.MOBILENET_V2, 10, 0.25),
        ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.5),
        ModelSpec.uniformlyScaled(Architecture.VGG16_BN, 10, 0.125));
    long end = System.nanoTime() + millis * 1_000_000L;
    try (NDManager base = NDManager.newBaseManager()) {
      List<Network> networks = specs.stream().map(s -> Network.initialize(s, base, 1)).toList();
      while (System.nanoTime() < end) {
        for (Network network : networks) {
          try (NDManager run = base.newSubManager()) {
            NDArray input = run.randomUniform(-1f, 1f, network.inputShape(1));
            network.forward(input, false);
          }
        }
      }
    }
    done = true;
  }
}
