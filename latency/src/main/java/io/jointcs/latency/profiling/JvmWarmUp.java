package io.jointcs.latency.profiling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.timing.LatencyTimer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs forward passes before the first measurement of a JVM. Without it the first layers profiled come out up to
 * 2x slow (JIT compilation of DJL's Java side, native allocator growth), more than the per-measurement warm-up
 * runs of the timer can absorb: ResNet-20's layers summed 2.9 ms in a cold JVM and 1.65 ms once warm. Half the time
 * goes to whole networks, half to their layers timed alone the way {@link Profiler} times them: warming up networks
 * only left the first second of isolated layers 8.6% slow (median over 96 sampled layers), since that path's Java
 * side was still being compiled.
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
    long start = System.nanoTime();
    long networksEnd = start + millis * 500_000L;
    long end = start + millis * 1_000_000L;
    try (NDManager base = NDManager.newBaseManager()) {
      List<Network> networks = specs.stream().map(s -> Network.initialize(s, base, 1)).toList();
      while (System.nanoTime() < networksEnd) {
        for (Network network : networks) {
          try (NDManager run = base.newSubManager()) {
            NDArray input = run.randomUniform(-1f, 1f, network.inputShape(1));
            network.forward(input, false);
          }
        }
      }
      List<LatencyTimer.Work> layers = new ArrayList<>();
      for (ModelSpec spec : specs) {
        for (LayerDescriptor layer : spec.plan().layers()) {
          NDManager own = base.newSubManager();
          layers.add(Profiler.layerWork(LayerBlocks.isolated(layer, own, 1), layer, own, 1));
        }
      }
      while (System.nanoTime() < end) {
        for (LatencyTimer.Work work : layers) {
          work.run();
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("JVM warm-up failed: " + e.getMessage(), e);
    }
    done = true;
  }
}
