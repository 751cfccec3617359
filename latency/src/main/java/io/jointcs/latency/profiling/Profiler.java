package io.jointcs.latency.profiling;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.model.BlockDescriptor;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.NetworkPlan;
import io.jointcs.progress.ProgressBar;
import io.jointcs.timing.LatencyTimer;
import io.jointcs.timing.NativeAllocator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Times layers, block ranges and whole models on this machine with DJL's PyTorch engine on the CPU, under one
 * device class configuration whose thread counts are fixed first and recorded with every measurement.
 *
 * <p>Method: inputs are random tensors of the layer's (or cut's) input shape, created once; every timed run is an
 * inference forward pass whose outputs are freed right after (a per-run sub-manager), so memory does not grow.
 * {@link LatencyTimer} does warm-up, repetition until the median is stable and outlier rejection. A sampled layer
 * is timed in a one-layer network built by the same interpreter as whole networks ({@link LayerBlocks}): as
 * faithful as timing it inside a model (ResNet-20's 32 layers: 1.653 ms summed either way once the JVM is warm), and
 * it needs no model around it, so any sampled shape can be timed. The JVM is warmed up once before measuring.
 *
 * <p>With a {@link CleanRunTimer} runs preempted by other processes are left out of the medians, and with an
 * interleaved one the sampled layers (in chunks) and each model's layers, heads, tails and whole pass are timed in
 * shuffled rounds, so that a model and its layers see the same machine (docs/latency-model.md). Note that a whole
 * pass costs more than the sum of its layers timed alone (fresh memory for every activation, evicted weights): the
 * predictors' invocation overhead models that gap.
 */
public final class Profiler {
  /** JVM warm-up before the first measurement; see {@link JvmWarmUp}. */
  public static final long DEFAULT_WARM_UP_MS = 2000;

  private final LatencyTimer timer;
  private final CleanRunTimer cleanTimer;
  private final long seed;
  private final long warmUpMs;

  /**
   * @param timer how each piece is timed
   * @param seed random inputs and model weights (latency does not depend on them, reproducibility does)
   * @param warmUpMs forward passes run for this long before the first measurement of the JVM
   */
  public Profiler(LatencyTimer timer, long seed, long warmUpMs) {
    if (warmUpMs < 0) {
      throw new IllegalArgumentException("warm-up must be >= 0 ms, got " + warmUpMs);
    }
    this.timer = timer;
    this.cleanTimer = null;
    this.seed = seed;
    this.warmUpMs = warmUpMs;
  }

  /**
   * Timing that leaves runs preempted by other processes out of the median ({@link CleanRunTimer}); what to use on a
   * shared machine.
   */
  public Profiler(CleanRunTimer timer, long seed, long warmUpMs) {
    if (warmUpMs < 0) {
      throw new IllegalArgumentException("warm-up must be >= 0 ms, got " + warmUpMs);
    }
    this.timer = null;
    this.cleanTimer = timer;
    this.seed = seed;
    this.warmUpMs = warmUpMs;
  }

  /** With the default JVM warm-up. */
  public Profiler(CleanRunTimer timer, long seed) {
    this(timer, seed, DEFAULT_WARM_UP_MS);
  }

  /** A median and how it was measured. */
  private record Timed(double medianMs, TimingStats stats) {}

  private Timed measure(LatencyTimer.Work work) {
    if (cleanTimer != null) {
      CleanRunTimer.Result r = cleanTimer.measure(work);
      return new Timed(r.measurement().medianMs(), r.stats());
    }
    try (RunQueueClock clock = RunQueueClock.forCurrentThread()) {
      long w0 = clock.waitedNs();
      long t0 = System.nanoTime();
      LatencyTimer.Measurement m = timer.measure(work);
      long wall = System.nanoTime() - t0;
      double share = clock.available() ? (clock.waitedNs() - w0) / (double) Math.max(1, wall) : -1;
      return new Timed(m.medianMs(), TimingStats.of(m, share));
    }
  }

  /** With the default JVM warm-up. */
  public Profiler(LatencyTimer timer, long seed) {
    this(timer, seed, DEFAULT_WARM_UP_MS);
  }

  /** {@link LatencyTimer#standard()} timing. */
  public static Profiler standard(long seed) {
    return new Profiler(LatencyTimer.standard(), seed);
  }

  /**
   * Fixes the engine's threads for {@code config} and the C library's allocator thresholds ({@link NativeAllocator}),
   * warms the JVM up once, describes the resulting device.
   */
  public DeviceDescriptor prepare(DeviceClassConfig config) {
    ThreadSettings threads = EngineThreads.apply(config.intraOpThreads(), config.interOpThreads());
    NativeAllocator.fixThresholds();
    JvmWarmUp.ensure(warmUpMs);
    return DeviceDescriptor.capture(config, threads);
  }

  /** Times each layer alone (see {@link LayerBlocks}); one sample per layer, in the given order. */
  public List<LayerProfile> profileLayers(List<LayerDescriptor> layers, DeviceClassConfig config,
      ProgressBar progress) {
    List<LayerProfile> out = new ArrayList<>();
    profileLayers(layers, config, progress, out::add);
    return out;
  }

  /** As {@link #profileLayers(List, DeviceClassConfig, ProgressBar)}, handing each record over as it is made. */
  public void profileLayers(List<LayerDescriptor> layers, DeviceClassConfig config, ProgressBar progress,
      Consumer<? super LayerProfile> sink) {
    DeviceDescriptor device = prepare(config);
    Engine.getEngine(EngineThreads.ENGINE).setRandomSeed((int) seed);
    int batch = config.batchSize();
    if (cleanTimer != null && cleanTimer.isInterleaved()) {
      profileLayersInterleaved(layers, batch, device, progress, sink);
      return;
    }
    try (NDManager base = NDManager.newBaseManager()) {
      int done = 0;
      for (LayerDescriptor layer : layers) {
        LayerProfile record;
        try (NDManager manager = base.newSubManager()) {
          Block block = LayerBlocks.isolated(layer, manager, batch);
          record = layerProfile(layer, null, timeLayer(block, layer, manager, batch), LayerPlacement.ISOLATED,
              device);
        }
        sink.accept(record);
        report(progress, ++done, record.sample().layerName(), record.latencyMs(), record.timing());
      }
    }
  }

  /**
   * For each model: every layer timed inside the built network, then the whole model and the ranges {@code options}
   * asks for, each with the sum of its layers' latencies.
   */
  public List<ProfileRecord> profileModels(List<ModelSpec> specs, DeviceClassConfig config,
      ModelProfileOptions options, ProgressBar progress) {
    List<ProfileRecord> out = new ArrayList<>();
    profileModels(specs, config, options, progress, out::add);
    return out;
  }

  /** As {@link #profileModels(List, DeviceClassConfig, ModelProfileOptions, ProgressBar)}, streaming records. */
  public void profileModels(List<ModelSpec> specs, DeviceClassConfig config, ModelProfileOptions options,
      ProgressBar progress, Consumer<? super ProfileRecord> sink) {
    DeviceDescriptor device = prepare(config);
    int batch = config.batchSize();
    if (cleanTimer != null && cleanTimer.isInterleaved()) {
      profileModelsInterleaved(specs, options, batch, device, progress, sink);
      return;
    }
    int done = 0;
    try (NDManager base = NDManager.newBaseManager()) {
      for (ModelSpec spec : specs) {
        String modelName = ModelNames.of(spec);
        try (Network network = Network.initialize(spec, base, seed)) {
          NetworkPlan plan = network.plan();
          double[] layerMs = new double[plan.layers().size()];
          int i = 0;
          for (LayerDescriptor layer : plan.layers()) {
            LayerProfile record;
            try (NDManager manager = network.manager().newSubManager()) {
              // residual additions are done by their block, not by a child block: time a stand-alone one
              Block block = layer.type() == LayerType.ADD ? LayerBlocks.isolated(layer, manager, batch)
                  : network.layers().get(layer.name());
              record = layerProfile(layer, modelName, timeLayer(block, layer, manager, batch),
                  LayerPlacement.IN_NETWORK, device);
            }
            layerMs[i++] = record.latencyMs();
            sink.accept(record);
            report(progress, ++done, modelName + " " + layer.name(), record.latencyMs(), record.timing());
          }
          for (Range range : ranges(plan.blockCount(), options)) {
            RangeProfile record = rangeProfile(network, modelName, range, layerMs, batch, device);
            sink.accept(record);
            report(progress, ++done, modelName + " " + record.scope().name().toLowerCase(Locale.ROOT) + " "
                + record.fromCut() + ".." + record.toCut(), record.latencyMs(), record.timing());
          }
        }
      }
    }
  }

  /** Progress units {@link #profileModels} reports for these models: layers plus ranges. */
  public static long modelUnits(List<ModelSpec> specs, ModelProfileOptions options) {
    long units = 0;
    for (ModelSpec spec : specs) {
      NetworkPlan plan = spec.plan();
      units += plan.layers().size() + options.rangeCount(plan.blockCount());
    }
    return units;
  }

  /** Layers timed together, interleaved: enough to mix the machine's moods, few enough to keep memory small. */
  static final int INTERLEAVED_CHUNK = 48;

  private void profileLayersInterleaved(List<LayerDescriptor> layers, int batch, DeviceDescriptor device,
      ProgressBar progress, Consumer<? super LayerProfile> sink) {
    int done = 0;
    try (NDManager base = NDManager.newBaseManager()) {
      for (int from = 0; from < layers.size(); from += INTERLEAVED_CHUNK) {
        List<LayerDescriptor> chunk = layers.subList(from, Math.min(layers.size(), from + INTERLEAVED_CHUNK));
        try (NDManager manager = base.newSubManager()) {
          List<LatencyTimer.Work> works = new ArrayList<>();
          for (LayerDescriptor layer : chunk) {
            NDManager own = manager.newSubManager();
            works.add(layerWork(LayerBlocks.isolated(layer, own, batch), layer, own, batch));
          }
          int before = done;
          List<CleanRunTimer.Result> results = cleanTimer.measureInterleaved(works, seed + from, round -> {
            if (progress != null) {
              progress.update(before + (long) chunk.size() * round / roundsOf(cleanTimer), "interleaved round "
                  + round + " of layers " + (before + 1) + ".." + (before + chunk.size()));
            }
          });
          for (int i = 0; i < chunk.size(); i++) {
            CleanRunTimer.Result r = results.get(i);
            LayerProfile record = layerProfile(chunk.get(i), null, new Timed(r.measurement().medianMs(), r.stats()),
                LayerPlacement.ISOLATED, device);
            sink.accept(record);
            report(progress, ++done, record.sample().layerName(), record.latencyMs(), record.timing());
          }
        }
      }
    }
  }

  private void profileModelsInterleaved(List<ModelSpec> specs, ModelProfileOptions options, int batch,
      DeviceDescriptor device, ProgressBar progress, Consumer<? super ProfileRecord> sink) {
    int done = 0;
    try (NDManager base = NDManager.newBaseManager()) {
      for (ModelSpec spec : specs) {
        String modelName = ModelNames.of(spec);
        try (Network network = Network.initialize(spec, base, seed);
            NDManager manager = network.manager().newSubManager()) {
          NetworkPlan plan = network.plan();
          List<LatencyTimer.Work> works = new ArrayList<>();
          for (LayerDescriptor layer : plan.layers()) {
            NDManager own = manager.newSubManager();
            // residual additions are done by their block, not by a child block: time a stand-alone one
            Block block = layer.type() == LayerType.ADD ? LayerBlocks.isolated(layer, own, batch)
                : network.layers().get(layer.name());
            works.add(layerWork(block, layer, own, batch));
          }
          List<Range> ranges = ranges(plan.blockCount(), options);
          for (Range range : ranges) {
            NDArray input = manager.randomUniform(-1f, 1f, cutShape(network, range.fromCut(), batch));
            works.add(() -> {
              try (NDManager run = manager.newSubManager()) {
                input.tempAttach(run);
                network.forwardRange(input, range.fromCut(), range.toCut(), false);
              }
            });
          }
          int before = done;
          int units = works.size();
          List<CleanRunTimer.Result> results = cleanTimer.measureInterleaved(works, seed ^ modelName.hashCode(),
              round -> {
                if (progress != null) {
                  progress.update(before + (long) units * round / roundsOf(cleanTimer), modelName
                      + " interleaved round " + round);
                }
              });
          double[] layerMs = new double[plan.layers().size()];
          int i = 0;
          for (LayerDescriptor layer : plan.layers()) {
            CleanRunTimer.Result r = results.get(i);
            LayerProfile record = layerProfile(layer, modelName, new Timed(r.measurement().medianMs(), r.stats()),
                LayerPlacement.IN_NETWORK, device);
            layerMs[i++] = record.latencyMs();
            sink.accept(record);
            report(progress, ++done, modelName + " " + layer.name(), record.latencyMs(), record.timing());
          }
          for (Range range : ranges) {
            CleanRunTimer.Result r = results.get(i++);
            RangeProfile record = rangeRecord(plan, modelName, range, new Timed(r.measurement().medianMs(), r.stats()),
                layerMs, batch, device);
            sink.accept(record);
            report(progress, ++done, modelName + " " + record.scope().name().toLowerCase(Locale.ROOT) + " "
                + record.fromCut() + ".." + record.toCut(), record.latencyMs(), record.timing());
          }
        }
      }
    }
  }

  private static int roundsOf(CleanRunTimer timer) {
    return Math.max(1, timer.interleavedRounds());
  }

  /** A timed forward pass of one layer block on a random input, after checking the shape it computes. */
  static LatencyTimer.Work layerWork(Block block, LayerDescriptor layer, NDManager manager, int batch) {
    NDArray input = manager.randomUniform(-1f, 1f, LayerBlocks.inputShape(layer, batch));
    NDList inputs = new NDList(input);
    ParameterStore store = new ParameterStore(manager, false);
    try (NDManager run = manager.newSubManager()) {
      input.tempAttach(run);
      long elements = block.forward(store, inputs, false).singletonOrThrow().getShape().size();
      if (elements != LayerBlocks.outputElements(layer, batch)) {
        throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.type() + ") computes " + elements
            + " output elements, its descriptor says " + LayerBlocks.outputElements(layer, batch));
      }
    }
    return () -> {
      try (NDManager run = manager.newSubManager()) {
        input.tempAttach(run);
        block.forward(store, inputs, false);
      }
    };
  }

  private Timed timeLayer(Block block, LayerDescriptor layer, NDManager manager, int batch) {
    return measure(layerWork(block, layer, manager, batch));
  }

  private RangeProfile rangeProfile(Network network, String modelName, Range range, double[] layerMs, int batch,
      DeviceDescriptor device) {
    NetworkPlan plan = network.plan();
    int from = range.fromCut();
    int to = range.toCut();
    NDManager manager = network.manager();
    NDArray input = manager.randomUniform(-1f, 1f, cutShape(network, from, batch));
    Timed m;
    try {
      m = measure(() -> {
        try (NDManager run = manager.newSubManager()) {
          input.tempAttach(run);
          network.forwardRange(input, from, to, false);
        }
      });
    } finally {
      input.close();
    }
    return rangeRecord(plan, modelName, range, m, layerMs, batch, device);
  }

  private static RangeProfile rangeRecord(NetworkPlan plan, String modelName, Range range, Timed m, double[] layerMs,
      int batch, DeviceDescriptor device) {
    int from = range.fromCut();
    int to = range.toCut();
    int layerCount = 0;
    long macs = 0;
    double layerSum = 0;
    int index = 0;
    for (BlockDescriptor block : plan.blocks()) {
      for (LayerDescriptor layer : block.layers()) {
        if (block.index() > from && block.index() <= to) {
          layerCount++;
          macs += layer.macs() * batch;
          layerSum += layerMs[index];
        }
        index++;
      }
    }
    return new RangeProfile(modelName, plan.spec(), range.scope(), from, to, layerCount, macs,
        m.medianMs(), layerSum, m.stats(), device, Instant.now().toString());
  }

  /** Input of the blocks after cut c: the image for c = 0, else block c's output (class scores are 2-D). */
  private static Shape cutShape(Network network, int cut, int batch) {
    if (cut == 0) {
      return network.inputShape(batch);
    }
    BlockDescriptor b = network.plan().block(cut);
    return b.outputGroup() < 0 ? new Shape(batch, b.outChannels())
        : new Shape(batch, b.outChannels(), b.outHeight(), b.outWidth());
  }

  /** Blocks fromCut+1..toCut, and what they are. */
  record Range(RangeScope scope, int fromCut, int toCut) {}

  /** The whole model, then every block, then the head and tail of every inner cut. */
  static List<Range> ranges(int blockCount, ModelProfileOptions options) {
    List<Range> ranges = new ArrayList<>();
    ranges.add(new Range(RangeScope.MODEL, 0, blockCount));
    if (options.blocks()) {
      for (int b = 1; b <= blockCount; b++) {
        ranges.add(new Range(RangeScope.BLOCK, b - 1, b));
      }
    }
    for (int c : options.cuts(blockCount)) {
      ranges.add(new Range(RangeScope.HEAD, 0, c));
      ranges.add(new Range(RangeScope.TAIL, c, blockCount));
    }
    return ranges;
  }

  private static LayerProfile layerProfile(LayerDescriptor layer, String modelName, Timed m,
      LayerPlacement placement, DeviceDescriptor device) {
    LayerLatencySample sample = new LayerLatencySample(device.deviceClass(),
        LayerFeatures.of(layer, device.batchSize()), m.medianMs(), modelName, layer.name());
    return new LayerProfile(sample, placement, m.stats(), device, Instant.now().toString());
  }

  private static void report(ProgressBar progress, long done, String what, double latencyMs, TimingStats timing) {
    if (progress != null) {
      progress.update(done, String.format(Locale.ROOT, "%s %.3f ms (spread %.0f%%)", what, latencyMs,
          100 * timing.relativeSpread()));
    }
  }
}
