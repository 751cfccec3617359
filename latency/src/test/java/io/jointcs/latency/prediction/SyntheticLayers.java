package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Layers with a known latency law, for tests: latency = a * MACs + b * bytes, times (1 + noise). */
final class SyntheticLayers {
  /** ms per MAC: 10 GMAC/s */
  static final double MS_PER_MAC = 1e-7;
  /** ms per byte moved: 2 GB/s */
  static final double MS_PER_BYTE = 5e-7;

  private SyntheticLayers() {}

  static LayerFeatures conv(int in, int out, int kernel, int stride, int side) {
    int outSide = (side + 2 * (kernel / 2) - kernel) / stride + 1;
    long weights = (long) out * in * kernel * kernel;
    return new LayerFeatures(LayerKind.CONV, "CONV", in, out, kernel, stride, kernel / 2, 1, side, side, outSide,
        outSide, 1, weights * outSide * outSide, weights + 2L * out, 4L * in * side * side,
        4L * out * outSide * outSide);
  }

  static LayerFeatures depthwise(int channels, int kernel, int stride, int side) {
    int outSide = (side + 2 * (kernel / 2) - kernel) / stride + 1;
    long weights = (long) channels * kernel * kernel;
    return new LayerFeatures(LayerKind.DEPTHWISE_CONV, "DEPTHWISE_CONV", channels, channels, kernel, stride,
        kernel / 2, channels, side, side, outSide, outSide, 1, weights * outSide * outSide, weights + 2L * channels,
        4L * channels * side * side, 4L * channels * outSide * outSide);
  }

  static double lawMs(LayerFeatures f) {
    return MS_PER_MAC * f.macs() + MS_PER_BYTE * (f.inputBytes() + f.outputBytes());
  }

  /** Random convolutions (and a quarter depthwise) with latencies from the law times (1 + N(0, noise)). */
  static List<LayerLatencySample> samples(String device, int count, double noise, double scale, long seed) {
    Random r = new Random(seed);
    int[] channels = {8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256};
    int[] sides = {8, 16, 32};
    List<LayerLatencySample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int side = sides[r.nextInt(sides.length)];
      int kernel = r.nextBoolean() ? 3 : 1;
      int stride = r.nextInt(4) == 0 ? 2 : 1;
      LayerFeatures f = r.nextInt(4) == 0
          ? depthwise(channels[r.nextInt(channels.length)], 3, stride, side)
          : conv(channels[r.nextInt(channels.length)], channels[r.nextInt(channels.length)], kernel, stride, side);
      double ms = scale * lawMs(f) * (1 + noise * r.nextGaussian());
      out.add(new LayerLatencySample(device, f, ms, "m" + (i % 40), "l" + i));
    }
    return out;
  }

  static double mape(LatencyPredictor p, List<LayerLatencySample> samples) {
    return PredictorTrainer.evaluate(p, samples).mape();
  }
}
