package io.jointcs.latency.training;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Convolutions with a known latency law for the tests: 10 GMAC/s plus 2 GB/s moved, times (1 + noise). */
final class Layers {
  private Layers() {}

  static LayerFeatures conv(int in, int out, int kernel, int stride, int side) {
    int outSide = (side + 2 * (kernel / 2) - kernel) / stride + 1;
    long weights = (long) out * in * kernel * kernel;
    return new LayerFeatures(LayerKind.CONV, "CONV", in, out, kernel, stride, kernel / 2, 1, side, side, outSide,
        outSide, 1, weights * outSide * outSide, weights + 2L * out, 4L * in * side * side,
        4L * out * outSide * outSide);
  }

  static double lawMs(LayerFeatures f) {
    return 1e-7 * f.macs() + 5e-7 * (f.inputBytes() + f.outputBytes());
  }

  static List<LayerLatencySample> samples(String device, int count, double noise, long seed) {
    Random r = new Random(seed);
    int[] channels = {8, 12, 16, 24, 32, 48, 64, 96, 128};
    int[] sides = {8, 16, 32};
    List<LayerLatencySample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LayerFeatures f = conv(channels[r.nextInt(channels.length)], channels[r.nextInt(channels.length)],
          r.nextBoolean() ? 3 : 1, r.nextInt(4) == 0 ? 2 : 1, sides[r.nextInt(sides.length)]);
      out.add(new LayerLatencySample(device, f, lawMs(f) * Math.max(0.05, 1 + noise * r.nextGaussian())));
    }
    return out;
  }
}
