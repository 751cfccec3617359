package io.jointcs.latency.bench;

import io.jointcs.latency.bench.PredictorBenchReport.DeviceClassResult;
import io.jointcs.latency.bench.PredictorBenchReport.PredictorResult;
import io.jointcs.latency.mobilegpu.BenchmarkReport;
import io.jointcs.latency.mobilegpu.BenchmarkReport.AdaptationResult;
import io.jointcs.latency.mobilegpu.MobileGpuBenchmark;
import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.AdaptedPredictor;
import io.jointcs.latency.prediction.CorrectionMode;
import io.jointcs.latency.prediction.HoldOutSplit;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.prediction.OverheadFit;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorNames;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.HostInfo;
import io.jointcs.latency.profiling.LayerConfigSampler;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.ModelNames;
import io.jointcs.latency.profiling.ModelProfileOptions;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.ProfileSummary;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.RangeScope;
import io.jointcs.latency.profiling.SamplerConfig;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.progress.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * {@code jointcs bench predictor}: how far the latency predictors can be trusted. For each device class of this
 * machine it profiles sampled layer configurations and random pruned models, trains every predictor on the training
 * share, and measures it on held-out configurations and on held-out whole models (layer sum plus the invocation
 * overhead fitted on the training models, against the measured model). Then it adapts the first class's learned
 * predictor to each other class from a few samples, against training from scratch on them; and it runs the same
 * evaluation on the real phone-GPU data set ({@link MobileGpuBenchmark}) when that is present.
 */
public final class PredictorBenchmark {
  /** The adaptation corrections shown on the curve: the simplest and the one with per-group terms. */
  static final List<CorrectionMode> ADAPTATION_MODES = List.of(CorrectionMode.SCALE,
      CorrectionMode.LOG_LINEAR_PER_GROUP);

  /**
   * @param deviceClasses classes measured on this machine, the first one being the adaptation source
   * @param architectures networks the layer configurations and pruned models come from
   * @param layers sampled layer configurations per device class
   * @param models random pruned models per device class; every other round over the architectures is held out
   * @param ranges which ranges of each model are timed besides the whole model (heads and tails: fit and validation
   *     of the overhead on splits)
   * @param heldOutConfigShare share of the sampled configurations held out
   * @param adaptationSizes target samples the adaptation curve is measured at
   * @param timer how every sampled layer is timed (first and re-measured)
   * @param modelTimer how the pruned models' layers, whole passes, heads and tails are timed
   * @param mobileGpuDir the phone data set, null to skip it
   * @param mobileGpu what to run on the phone data set
   */
  public record Options(List<DeviceClassConfig> deviceClasses, List<Architecture> architectures, int layers,
      int models, double heldOutConfigShare, List<Integer> adaptationSizes, int adaptationRepeats,
      CleanRunTimer timer, CleanRunTimer modelTimer, ModelProfileOptions ranges, long seed, Path mobileGpuDir,
      MobileGpuBenchmark.Options mobileGpu) {

    public Options {
      deviceClasses = List.copyOf(deviceClasses);
      architectures = List.copyOf(architectures);
      if (layers < 10 || models < 2) {
        throw new IllegalArgumentException("the benchmark needs at least 10 layer configurations and 2 models per "
            + "device class, got " + layers + " and " + models);
      }
      if (!(heldOutConfigShare > 0 && heldOutConfigShare < 1)) {
        throw new IllegalArgumentException("held-out share must be in (0, 1), got " + heldOutConfigShare);
      }
    }

    /**
     * The full run: 2000 sampled layers and 20 pruned models (10 held out, with 4 cuts each) per device class, timed
     * as the profiler times them ({@link CleanRunTimer#layerProfiling()}, {@link CleanRunTimer#modelProfiling()}).
     * Training on 1200 rather than 300 sampled layers took the learned predictor from 69% to 89% within 10%
     * (docs/latency-model.md, finding 8). About 12 minutes on a quiet 2-core machine.
     */
    public static Options standard(List<DeviceClassConfig> deviceClasses, Path mobileGpuDir, long seed) {
      return new Options(deviceClasses, List.of(Architecture.values()), 2000, 20, 0.25, List.of(10, 20, 50), 3,
          CleanRunTimer.layerProfiling(), CleanRunTimer.modelProfiling(), new ModelProfileOptions(false, true, 4), seed,
          mobileGpuDir, new MobileGpuBenchmark.Options(seed, 0.2,
              List.of(io.jointcs.latency.mobilegpu.MobileGpuRuntime.values()), List.of(),
              List.of("macs-linear", "lookup", "gbt"), "pixel4", List.of(10, 20, 50), 3));
    }

    /** A smoke run of the whole pipeline in well under two minutes: small networks, few samples, one repeat. */
    public static Options quick(List<DeviceClassConfig> deviceClasses, Path mobileGpuDir, long seed) {
      return new Options(deviceClasses, List.of(Architecture.RESNET20, Architecture.MOBILENET_V2), 40, 6, 0.25,
          List.of(10, 20), 1, new CleanRunTimer(2, 5, 20, 0.05, 5).interleaved(4, 2),
          new CleanRunTimer(2, 5, 20, 0.05, 5).interleaved(4, 2),
          new ModelProfileOptions(false, true, 2), seed, mobileGpuDir,
          new MobileGpuBenchmark.Options(seed, 0.2, List.of(io.jointcs.latency.mobilegpu.MobileGpuRuntime.TFLITE),
              List.of("pixel4", "iphonexs"), List.of("macs-linear", "gbt"), "pixel4", List.of(10, 50), 1));
    }
  }

  /** What one device class measured, split into training and held-out parts. */
  private record Measured(DeviceClassConfig config, ProfileSummary profile, List<LayerLatencySample> training,
      List<LayerLatencySample> heldOutConfigs, List<ModelLatencyObservation> trainingRanges,
      List<HeldOutRange> heldOutRanges, PredictorBenchReport.Remeasurement heldOutConfigsRemeasured) {}

  /** A whole model, head or tail of a held-out model: its spec and blocks (to predict it) and its measurement. */
  record HeldOutRange(ModelSpec spec, RangeScope scope, int fromCut, int toCut,
      ModelLatencyObservation measured) {}

  private final Options options;
  private final PrintStream progress;

  /** @param progress where progress bars go (null: none) */
  public PredictorBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public PredictorBenchReport run() {
    long start = System.nanoTime();
    double loadStart = HostInfo.read().loadAverage();
    List<String> notes = new ArrayList<>();
    List<DeviceClassResult> results = new ArrayList<>();
    List<AdaptationResult> adaptation = new ArrayList<>();
    Map<String, Measured> measured = new LinkedHashMap<>();
    LatencyPredictor source = null;
    int sourceBatchSize = options.deviceClasses().get(0).batchSize();
    for (DeviceClassConfig config : options.deviceClasses()) {
      Measured m = measure(config);
      measured.put(config.name(), m);
      Map<String, LatencyPredictor> trained = new LinkedHashMap<>();
      results.add(evaluate(m, trained));
      if (source == null) {
        source = trained.get("boosted-trees");
      } else {
        adaptation.addAll(adapt(source, sourceBatchSize, m));
      }
      ProfileSummary p = m.profile();
      if (p.contended()) {
        notes.add(String.format(Locale.ROOT, "%s was measured under CONTENTION: %.1f%% of the timed runs were "
            + "preempted by other processes and %.1f%% of the timed time was spent waiting for the CPU (Linux "
            + "schedstat of the timing thread; load average %.2f at the start). Preempted runs are left out of every "
            + "median, but a shared machine still shares caches and memory bandwidth: re-run on a quiet machine for "
            + "figures to quote.", config.name(), 100 * p.preemptedRunShare(), 100 * p.runQueueWaitShare(),
            p.device().loadAverage()));
      }
    }
    BenchmarkReport mobile = null;
    if (options.mobileGpuDir() != null) {
      mobile = MobileGpuBenchmark.run(options.mobileGpuDir(), options.mobileGpu());
    } else {
      notes.add("phone-GPU data set not found or not asked for: its part was skipped");
    }
    notes.add("Held-out configurations: a seeded " + Math.round(100 * options.heldOutConfigShare()) + "% of the "
        + "sampled layer configurations, each timed alone. Held-out models: every other random pruned model, none of "
        + "whose layers or invocations were fitted on; predicted = sum of predicted layers + invocation overhead. The "
        + "overhead's terms are chosen by leave-one-model-out cross-validation over the training models and fitted "
        + "on them (non-negative least squares of relative errors on their whole passes, heads and tails); the "
        + "held-out models never enter the fit or the choice.");
    notes.add("Latencies: median of the runs the timing thread was not preempted in (Linux schedstat), 1 intra-op "
        + "thread; the process's CPU affinity is in the device descriptor (pin it with taskset -c N).");
    notes.add("Adaptation: the first device class's boosted-trees predictor corrected with n samples of the target "
        + "(adapt-*), against boosted trees and MACs-linear trained on the same n samples only (scratch-*); mean over "
        + "the repeats, on the target's held-out configurations.");
    boolean contended = results.stream().anyMatch(r -> r.profile().contended());
    return new PredictorBenchReport(results, adaptation, mobile, notes, (System.nanoTime() - start) / 1e9,
        loadStart, HostInfo.read().loadAverage(), contended);
  }

  private Measured measure(DeviceClassConfig config) {
    long seed = options.seed();
    List<LayerDescriptor> sampled = new LayerConfigSampler(new SamplerConfig(options.architectures(), 10, 16,
        options.layers(), 0.25, seed)).sample().layers();
    List<ModelSpec> specs = new PrunedModelSampler(0.25, 10).sample(options.architectures(), options.models(), seed);
    List<ProfileRecord> records = new ArrayList<>(new Profiler(options.timer(), seed).profileLayers(sampled, config,
        bar(config.name() + " layers", sampled.size())));
    List<LayerLatencySample> configs = records.stream().map(r -> ((LayerProfile) r).sample()).toList();
    List<ProfileRecord> modelRecords = new Profiler(options.modelTimer(), seed).profileModels(specs, config, options.ranges(),
        bar(config.name() + " models", Profiler.modelUnits(specs, options.ranges())));
    records.addAll(modelRecords);

    HoldOutSplit split = HoldOutSplit.byModel(configs, options.heldOutConfigShare(), seed);
    ModelPartition models = partition(specs, modelRecords, options.architectures().size());
    List<LayerLatencySample> training = new ArrayList<>(split.training());
    training.addAll(models.trainingLayers());
    return new Measured(config, ProfileSummary.of(records, "-", 0), List.copyOf(training),
        split.validation(), models.trainingRanges(), models.heldOut(),
        remeasure(sampled, configs, split.validation(), config));
  }

  /**
   * The held-out configurations timed a second time (another seed, after everything else) against their first
   * measurement: how far two measurements of the same layer disagree, the ceiling any predictor is judged under.
   * Each held-out sample is paired with the descriptor it was profiled from by position, never by name: a sampled
   * layer's name says where its shape came from, and several configurations share one.
   */
  private PredictorBenchReport.Remeasurement remeasure(List<LayerDescriptor> sampled,
      List<LayerLatencySample> profiled, List<LayerLatencySample> first, DeviceClassConfig config) {
    List<LayerDescriptor> again = heldOutDescriptors(sampled, profiled, first);
    List<LayerProfile> second = new Profiler(options.timer(), options.seed() + 1).profileLayers(again, config,
        bar(config.name() + " re-measure", again.size()));
    double[] firstMs = first.stream().mapToDouble(LayerLatencySample::latencyMs).toArray();
    double[] secondMs = second.stream().mapToDouble(r -> r.sample().latencyMs()).toArray();
    return remeasurement(firstMs, secondMs);
  }

  /**
   * The descriptors the {@code heldOut} samples were profiled from: {@code profiled} holds one sample per
   * {@code sampled} descriptor, in order, and the held-out samples are some of those very objects.
   */
  static List<LayerDescriptor> heldOutDescriptors(List<LayerDescriptor> sampled, List<LayerLatencySample> profiled,
      List<LayerLatencySample> heldOut) {
    if (sampled.size() != profiled.size()) {
      throw new IllegalStateException(sampled.size() + " sampled layers but " + profiled.size() + " profiled");
    }
    Map<LayerLatencySample, LayerDescriptor> byRecord = new java.util.IdentityHashMap<>();
    for (int i = 0; i < sampled.size(); i++) {
      byRecord.put(profiled.get(i), sampled.get(i));
    }
    List<LayerDescriptor> again = new ArrayList<>();
    for (LayerLatencySample s : heldOut) {
      LayerDescriptor d = byRecord.get(s);
      if (d == null) {
        throw new IllegalStateException("held-out configuration " + s.layerName() + " is not among the sampled layers");
      }
      again.add(d);
    }
    return again;
  }

  /** Two measurements of the same layers: raw, and with the machine's level shift between them divided out. */
  static PredictorBenchReport.Remeasurement remeasurement(double[] firstMs, double[] secondMs) {
    double[] ratios = new double[firstMs.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = secondMs[i] / firstMs[i];
    }
    java.util.Arrays.sort(ratios);
    int n = ratios.length;
    double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
    double[] shifted = java.util.Arrays.stream(secondMs).map(ms -> ms / median).toArray();
    return new PredictorBenchReport.Remeasurement(AccuracyMetrics.of(firstMs, secondMs), median,
        AccuracyMetrics.of(firstMs, shifted));
  }

  /** The profiled models' records split by model: what may be fitted on, and what is held out. */
  record ModelPartition(List<LayerLatencySample> trainingLayers, List<ModelLatencyObservation> trainingRanges,
      List<HeldOutRange> heldOut) {}

  /**
   * Layers and invocations of the training models (fitted on) and invocations of the held-out models (only ever
   * predicted), by {@link #heldOutModel}. A held-out model's layers are not used at all.
   */
  static ModelPartition partition(List<ModelSpec> specs, List<? extends ProfileRecord> modelRecords,
      int architectures) {
    List<LayerLatencySample> layers = new ArrayList<>();
    List<ModelLatencyObservation> ranges = new ArrayList<>();
    List<HeldOutRange> heldOut = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      String name = ModelNames.of(specs.get(i));
      boolean held = heldOutModel(i, architectures);
      for (ProfileRecord r : modelRecords) {
        if (r instanceof LayerProfile l && name.equals(l.sample().modelName())) {
          if (!held) {
            layers.add(l.sample());
          }
        } else if (r instanceof RangeProfile range && name.equals(range.modelName())) {
          if (held) {
            heldOut.add(new HeldOutRange(specs.get(i), range.scope(), range.fromCut(), range.toCut(),
                range.toObservation()));
          } else {
            ranges.add(range.toObservation());
          }
        }
      }
    }
    return new ModelPartition(List.copyOf(layers), List.copyOf(ranges), List.copyOf(heldOut));
  }

  /**
   * Models take the architectures in turn; every other turn is held out, so each architecture has models on both
   * sides (alternating single models would put all of one architecture on one side when their count is even).
   */
  static boolean heldOutModel(int index, int architectures) {
    return (index / architectures) % 2 == 1;
  }

  private DeviceClassResult evaluate(Measured m, Map<String, LatencyPredictor> trained) {
    long trainingModels = m.trainingRanges().stream().map(ModelLatencyObservation::modelName).distinct().count();
    OverheadFit.Selection selection = trainingModels >= 3
        ? OverheadFit.select(m.trainingRanges(), OverheadFit.cpuCandidates()) : null;
    InvocationOverhead overhead = selection == null ? InvocationOverhead.NONE : selection.overhead();
    List<HeldOutRange> wholes = m.heldOutRanges().stream().filter(h -> h.scope() == RangeScope.MODEL).toList();
    List<HeldOutRange> splits = m.heldOutRanges().stream().filter(h -> h.scope() == RangeScope.HEAD
        || h.scope() == RangeScope.TAIL).toList();
    List<PredictorResult> rows = new ArrayList<>();
    for (Map.Entry<String, PredictorKind> kind : PredictorNames.TRAINABLE.entrySet()) {
      long t0 = System.nanoTime();
      LatencyPredictor p = PredictorTrainer.fit(kind.getValue(), m.training(), PredictorTrainer.Options.defaults())
          .withOverhead(overhead);
      double trainSec = (System.nanoTime() - t0) / 1e9;
      trained.put(kind.getKey(), p);
      // a lookup table refuses a layer group it has no measurement of: counted, and left out of the metrics
      List<LayerLatencySample> predictable = m.heldOutConfigs().stream().filter(s -> predicts(p, s)).toList();
      List<Prediction> predicted = p.predictEach(predictable.stream().map(LayerLatencySample::features).toList());
      double flagged = predicted.stream().filter(Prediction::extrapolated).count() / (double) predicted.size();
      rows.add(new PredictorResult(kind.getKey(), PredictorTrainer.evaluate(p, predictable),
          m.heldOutConfigs().size() - predictable.size(), rangeMetrics(p, wholes, m.config().batchSize()),
          rangeMetrics(p, splits, m.config().batchSize()), flagged,
          PredictorCodec.encode(new TrainedPredictor(p, 1, null)).length, trainSec));
    }
    return new DeviceClassResult(m.config().name(), m.profile(), m.training().size(), m.heldOutConfigs().size(),
        (int) trainingModels, (int) wholes.size(), m.trainingRanges().size(), overhead,
        selection == null ? null : selection.terms().toString(),
        selection == null ? Map.of() : selection.crossValidatedMape(), rows,
        oracle(wholes, overhead), oracle(splits, overhead), oracle(wholes, InvocationOverhead.NONE),
        m.heldOutConfigsRemeasured());
  }

  /** The measured layer sums plus {@code overhead} against the measured invocations (null when there are none). */
  private static AccuracyMetrics oracle(List<HeldOutRange> ranges, InvocationOverhead overhead) {
    return ranges.isEmpty() ? null : AccuracyMetrics.of(
        ranges.stream().mapToDouble(h -> h.measured().latencyMs()).toArray(),
        ranges.stream().mapToDouble(h -> h.measured().layerSumMs() + overhead.overheadMs(h.measured())).toArray());
  }

  /** Held-out ranges; a range with a layer the predictor refuses is left out (null: none is left). */
  private static AccuracyMetrics rangeMetrics(LatencyPredictor p, List<HeldOutRange> ranges, int batch) {
    List<double[]> pairs = new ArrayList<>();
    for (HeldOutRange h : ranges) {
      try {
        pairs.add(new double[] {h.measured().latencyMs(),
            p.predictBlocks(h.spec().plan(), h.fromCut() + 1, h.toCut(), batch).latencyMs()});
      } catch (IllegalArgumentException refused) {
        // counted through the layers it refuses
      }
    }
    return pairs.isEmpty() ? null : AccuracyMetrics.of(pairs.stream().mapToDouble(x -> x[0]).toArray(),
        pairs.stream().mapToDouble(x -> x[1]).toArray());
  }

  private static boolean predicts(LatencyPredictor p, LayerLatencySample s) {
    try {
      p.predict(s.features());
      return true;
    } catch (IllegalArgumentException refused) {
      return false;
    }
  }

  private List<AdaptationResult> adapt(LatencyPredictor source, int sourceBatchSize, Measured target) {
    Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> methods = new LinkedHashMap<>();
    for (CorrectionMode mode : ADAPTATION_MODES) {
      methods.put("adapt-" + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          few -> AdaptedPredictor.adapt(source, sourceBatchSize, few, mode));
    }
    methods.put("scratch-boosted-trees", few -> PredictorTrainer.fit(PredictorKind.GRADIENT_BOOSTED_TREES, few,
        PredictorTrainer.Options.defaults()));
    methods.put("scratch-macs-linear", few -> PredictorTrainer.fit(PredictorKind.LINEAR_REGRESSION, few,
        PredictorTrainer.Options.defaults()));
    List<AdaptationResult> out = new ArrayList<>();
    for (int n : options.adaptationSizes()) {
      if (n > target.training().size()) {
        continue;
      }
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (int rep = 0; rep < options.adaptationRepeats(); rep++) {
        List<LayerLatencySample> pool = new ArrayList<>(target.training());
        Collections.shuffle(pool, new Random(options.seed() * 1000 + 31L * rep + n));
        List<LayerLatencySample> few = List.copyOf(pool.subList(0, n));
        for (Map.Entry<String, Function<List<LayerLatencySample>, LatencyPredictor>> method : methods.entrySet()) {
          AccuracyMetrics a = PredictorTrainer.evaluate(method.getValue().apply(few), target.heldOutConfigs());
          double[] s = sums.computeIfAbsent(method.getKey(), k -> new double[4]);
          s[0] += a.mape();
          s[1] += a.within5Pct();
          s[2] += a.within10Pct();
          s[3] += a.rmseMs();
        }
      }
      int r = options.adaptationRepeats();
      sums.forEach((method, s) -> out.add(new AdaptationResult("cpu", source.deviceClass(),
          target.config().name(), n, method, r, s[0] / r, s[1] / r, s[2] / r, s[3] / r)));
    }
    return out;
  }

  private ProgressBar bar(String label, long total) {
    return progress == null ? null : new ProgressBar(label, total, progress);
  }
}
