package io.jointcs.latency.bench;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.LayerConfigSampler;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.SamplerConfig;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.timing.LatencyTimer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How well a way of timing layers reproduces itself (docs/latency-model.md, finding 7): the same sampled layers are
 * profiled three times, each time with fresh weights and inputs, and every pair of passes is compared as a predictor
 * would be (mean difference, share within ±5% and ±10%, median ratio). One pass of a few layers warms up first.
 *
 * <p>{@code taskset -c 1 java -cp ... io.jointcs.latency.bench.TimingStudy ROUNDS RUNS BATCH LAYERS}: ROUNDS
 * interleaved rounds of RUNS timed runs ({@link CleanRunTimer#interleaved}); ROUNDS 0 times each layer on its own
 * until its median settles ({@link LatencyTimer} 5 warm-up runs, rounds of 10, up to 100, 2%).
 */
public final class TimingStudy {
  private TimingStudy() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: TimingStudy ROUNDS RUNS BATCH LAYERS (ROUNDS 0: each layer on its own)");
      System.exit(2);
    }
    int rounds = Integer.parseInt(args[0]);
    int runs = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    DeviceClassConfig config = new DeviceClassConfig("study-b" + batch, 1, 1, batch);
    List<LayerDescriptor> layers = new LayerConfigSampler(new SamplerConfig(List.of(Architecture.values()), 10, 16,
        Math.max(count, 10), 0.25, 42)).sample().layers().subList(0, count);
    profile(rounds, runs, 1, layers.subList(0, Math.min(48, count)), config);
    double[][] passes = new double[3][];
    long start = System.nanoTime();
    for (int p = 0; p < 3; p++) {
      passes[p] = profile(rounds, runs, 42 + p, layers, config);
    }
    System.out.printf(Locale.ROOT, "%s, batch %d, %d layers: %.1f s per pass%n",
        rounds == 0 ? "each layer on its own" : rounds + " interleaved rounds x " + runs + " runs", batch, count,
        (System.nanoTime() - start) / 3e9);
    String[] names = {"A", "B", "C"};
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        AccuracyMetrics m = AccuracyMetrics.of(passes[i], passes[j]);
        double[] ratios = new double[count];
        for (int k = 0; k < count; k++) {
          ratios[k] = passes[j][k] / passes[i][k];
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "%s-%s: mean difference %.1f%%, within 5%% %.0f%%, within 10%% %.0f%%, "
            + "median ratio %.3f%n", names[i], names[j], 100 * m.mape(), 100 * m.within5Pct(),
            100 * m.within10Pct(), ratios[count / 2]);
      }
    }
  }

  private static double[] profile(int rounds, int runs, long seed, List<LayerDescriptor> layers,
      DeviceClassConfig config) {
    Profiler profiler = rounds == 0 ? new Profiler(new LatencyTimer(5, 10, 100, 0.02), seed)
        : new Profiler(CleanRunTimer.standard().interleaved(rounds, runs), seed);
    return profiler.profileLayers(layers, config, null).stream().mapToDouble(LayerProfile::latencyMs).toArray();
  }
}
