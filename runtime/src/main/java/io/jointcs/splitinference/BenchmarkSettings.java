package io.jointcs.splitinference;

/**
 * How a split-inference benchmark runs.
 *
 * @param link the emulated link
 * @param requests measured requests
 * @param warmup requests run first and not measured (JIT, allocator, engine caches, TCP windows)
 * @param batchSize images per request
 * @param deviceSlowdown EMULATED stretch of the device's compute (NONE: this machine as it is)
 */
public record BenchmarkSettings(LinkEmulation link, int requests, int warmup, int batchSize,
    DeviceSlowdown deviceSlowdown) {
  public BenchmarkSettings(LinkEmulation link, int requests, int warmup, int batchSize) {
    this(link, requests, warmup, batchSize, DeviceSlowdown.NONE);
  }

  public BenchmarkSettings {
    if (deviceSlowdown == null) {
      throw new IllegalArgumentException("benchmark needs a device slowdown (DeviceSlowdown.NONE for none)");
    }
    if (requests < 1 || warmup < 0 || batchSize < 1) {
      throw new IllegalArgumentException("benchmark needs requests >= 1, warmup >= 0 and batch size >= 1, got "
          + requests + ", " + warmup + " and " + batchSize);
    }
  }

  public BenchmarkSettings withLink(LinkEmulation link) {
    return new BenchmarkSettings(link, requests, warmup, batchSize, deviceSlowdown);
  }
}
