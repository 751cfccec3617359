package io.jointcs.trainer;

import io.jointcs.events.LayerFeatures;
import io.jointcs.events.LayerType;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.TelemetrySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Profiling samples of convolutions with a known latency law: 10 GMAC/s plus 2 GB/s moved, 2.5x slower from 64
 * input channels on (a cache cliff that a power law in MACs cannot extrapolate to), times (1 + 5% noise).
 */
final class SyntheticSamples {
  static final int[] SMALL = {8, 12, 16, 24, 32, 48};
  static final int[] ALL = {8, 12, 16, 24, 32, 48, 64, 96, 128, 192};

  private SyntheticSamples() {}

  static LayerFeatures conv(int in, int out, int kernel, int stride, int side) {
    int outSide = (side + 2 * (kernel / 2) - kernel) / stride + 1;
    long weights = (long) out * in * kernel * kernel;
    return LayerFeatures.newBuilder().setLayerType(LayerType.CONV).setInChannels(in).setOutChannels(out)
        .setKernelSize(kernel).setStride(stride).setPadding(kernel / 2).setGroups(1).setInputHeight(side)
        .setInputWidth(side).setOutputHeight(outSide).setOutputWidth(outSide).setBatchSize(1)
        .setMacs(weights * outSide * outSide).setParams(weights + 2L * out).setInputBytes(4L * in * side * side)
        .setOutputBytes(4L * out * outSide * outSide).build();
  }

  static double lawMs(LayerFeatures f) {
    double ms = 1e-7 * f.getMacs() + 5e-7 * (f.getInputBytes() + f.getOutputBytes());
    return f.getInChannels() >= 64 ? 2.5 * ms : ms;
  }

  /** {@code count} samples with ids {@code <prefix>-<i>}, input channels drawn from {@code inChannels}. */
  static List<ProfilingSample> samples(String deviceClass, String prefix, int count, int[] inChannels, long seed) {
    Random r = new Random(seed);
    int[] sides = {8, 16, 32};
    List<ProfilingSample> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      LayerFeatures f = conv(inChannels[r.nextInt(inChannels.length)], ALL[r.nextInt(ALL.length)],
          r.nextBoolean() ? 3 : 1, r.nextInt(4) == 0 ? 2 : 1, sides[r.nextInt(sides.length)]);
      double ms = lawMs(f) * (1 + 0.05 * r.nextGaussian());
      out.add(ProfilingSample.newBuilder().setSampleId(prefix + "-" + i).setDeviceClass(deviceClass)
          .setDeviceId("dev-" + (i % 3)).setEmulated(true).setThreads(1).setLayer(f).setLatencyMs(ms)
          .setLatencyStddevMs(0.02 * ms).setRepetitions(20).setMeasuredAtEpochMs(now - 1000)
          .setValidatedAtEpochMs(now).setSource(TelemetrySource.KAFKA).build());
    }
    return out;
  }
}
