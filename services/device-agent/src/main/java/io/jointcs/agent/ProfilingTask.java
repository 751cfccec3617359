package io.jointcs.agent;

import io.jointcs.telemetry.publish.TelemetryPublisher;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.LayerConfigSampler;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.SamplerConfig;
import io.jointcs.model.LayerDescriptor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times a bounded number of layer configurations (the shapes reachable by pruning the supported architectures,
 * plus random ones around them: {@link LayerConfigSampler}) with the real profiler and publishes each as a
 * LayerLatencySample. Runs in chunks under the compute lock, so split inference gets the CPU between chunks and
 * the profiler never times a layer while a request computes.
 */
final class ProfilingTask implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ProfilingTask.class);
  private static final int MIN_SAMPLER_BUDGET = 64;

  private final Profiler profiler;
  private final DeviceClassConfig deviceClass;
  private final int layers;
  private final int chunk;
  private final long seed;
  private final ReentrantLock computeLock;
  private final TelemetryFactory telemetry;
  private final TelemetryPublisher publisher;
  private final AtomicInteger profiled = new AtomicInteger();
  private volatile boolean stopped;

  ProfilingTask(Profiler profiler, DeviceClassConfig deviceClass, int layers, int chunk, long seed,
      ReentrantLock computeLock, TelemetryFactory telemetry, TelemetryPublisher publisher) {
    this.profiler = profiler;
    this.deviceClass = deviceClass;
    this.layers = layers;
    this.chunk = chunk;
    this.seed = seed;
    this.computeLock = computeLock;
    this.telemetry = telemetry;
    this.publisher = publisher;
  }

  @Override
  public void run() {
    if (layers == 0) {
      return;
    }
    List<LayerDescriptor> sample = sample(layers, seed);
    // the sample is shuffled: its first N configurations are a random subset that still mixes layer types
    List<LayerDescriptor> todo = sample.subList(0, Math.min(layers, sample.size()));
    long start = System.nanoTime();
    log.info("profiling {} layer configurations on device class {} in chunks of {}", todo.size(), deviceClass, chunk);
    try {
      for (int from = 0; from < todo.size() && !stopped; from += chunk) {
        List<LayerDescriptor> part = todo.subList(from, Math.min(todo.size(), from + chunk));
        computeLock.lock();
        try {
          profiler.profileLayers(part, deviceClass, null, profile -> {
            publisher.publish(telemetry.layer(profile));
            profiled.incrementAndGet();
          });
        } finally {
          computeLock.unlock();
        }
      }
      log.info("profiled and published {} layer configurations in {} s", profiled.get(),
          (System.nanoTime() - start) / 1_000_000_000L);
    } catch (RuntimeException e) {
      log.error("profiling stopped after {} layer configurations: {}", profiled.get(), e.toString(), e);
    }
  }

  /**
   * The sampler needs a budget of at least one configuration per coverage cell (33 for the five architectures):
   * a smaller request samples that many and keeps a prefix.
   */
  static List<LayerDescriptor> sample(int layers, long seed) {
    int budget = Math.max(layers, MIN_SAMPLER_BUDGET);
    for (int attempt = 0; ; attempt++) {
      try {
        return new LayerConfigSampler(SamplerConfig.standard(budget, seed)).sample().layers();
      } catch (IllegalArgumentException e) {
        if (attempt >= 4) {
          throw e;
        }
        budget *= 2; // more coverage cells than expected: ask again with room for all of them
      }
    }
  }

  int profiled() {
    return profiled.get();
  }

  void stop() {
    stopped = true;
  }
}
