package io.jointcs.latency.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.jointcs.latency.profiling.EngineThreads;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.timing.NativeAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What an idle gap before a forward pass costs (docs/latency-model.md, finding 9): the profiler times passes back to
 * back, while a device serving sporadic requests sleeps between them and finds its caches cold. Times the base model
 * of an architecture with 0, 1, 5, 28 and 100 ms of sleep before each pass, after 300 warm passes.
 *
 * <p>{@code taskset -c 1 java -cp ... io.jointcs.latency.bench.IdleGapStudy [arch]} (default resnet20).
 */
public final class IdleGapStudy {
  private IdleGapStudy() {}

  public static void main(String[] args) throws Exception {
    Architecture architecture = args.length > 0 ? Architecture.fromId(args[0]) : Architecture.RESNET20;
    EngineThreads.apply(1, 1);
    System.out.println("allocator: " + NativeAllocator.fixThresholds());
    try (NDManager base = NDManager.newBaseManager();
        Network network = Network.initialize(ModelSpec.base(architecture, 10), base, 1)) {
      NDArray input = base.randomUniform(-1f, 1f, network.inputShape(1));
      for (int i = 0; i < 300; i++) {
        pass(network, input, base);
      }
      double hotMs = Double.NaN;
      for (long sleepMs : new long[] {0, 1, 5, 28, 100}) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < (sleepMs >= 28 ? 40 : 150); i++) {
          if (sleepMs > 0) {
            Thread.sleep(sleepMs);
          }
          times.add(pass(network, input, base));
        }
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        hotMs = sleepMs == 0 ? median : hotMs;
        System.out.printf(Locale.ROOT, "%s, %3d ms idle before each pass: median %.3f ms (x%.2f of back to back)%n",
            architecture.id(), sleepMs, median, median / hotMs);
      }
    }
  }

  private static double pass(Network network, NDArray input, NDManager base) {
    long t0 = System.nanoTime();
    try (NDManager run = base.newSubManager()) {
      input.tempAttach(run);
      network.forward(input, false);
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
