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
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorNames;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.profiling.DeviceClassConfig;
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
import io.jointcs.timing.LatencyTimer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
   * @param models random pruned models per device class; every other one is held out
   * @param heldOutConfigShare share of the sampled configurations held out
   * @param adaptationSizes target samples the adaptation curve is measured at
   * @param timer how every layer and model is timed
   * @param mobileGpuDir the phone data set, null to skip it
   * @param mobileGpu what to run on the phone data set
   */
  public record Options(List<DeviceClassConfig> deviceClasses, List<Architecture> architectures, int layers,
      int models, double heldOutConfigShare, List<Integer> adaptationSizes, int adaptationRepeats,
      LatencyTimer timer, long seed, Path mobileGpuDir, MobileGpuBenchmark.Options mobileGpu) {

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

    /** The full run (a few minutes per device class on a small machine). */
    public static Options standard(List<DeviceClassConfig> deviceClasses, Path mobileGpuDir, long seed) {
      return new Options(deviceClasses, List.of(Architecture.values()), 240, 10, 0.25, List.of(10, 20, 50), 3,
          new LatencyTimer(5, 10, 100, 0.02), seed, mobileGpuDir, new MobileGpuBenchmark.Options(seed, 0.2,
              List.of(io.jointcs.latency.mobilegpu.MobileGpuRuntime.values()), List.of(),
              List.of("macs-linear", "lookup", "gbt"), "pixel4", List.of(10, 20, 50), 3));
    }

    /** A smoke run of the whole pipeline in well under two minutes: small networks, few samples, one repeat. */
    public static Options quick(List<DeviceClassConfig> deviceClasses, Path mobileGpuDir, long seed) {
      return new Options(deviceClasses, List.of(Architecture.RESNET20, Architecture.MOBILENET_V2), 40, 4, 0.25,
          List.of(10, 20), 1, new LatencyTimer(2, 5, 20, 0.05), seed, mobileGpuDir,
          new MobileGpuBenchmark.Options(seed, 0.2, List.of(io.jointcs.latency.mobilegpu.MobileGpuRuntime.TFLITE),
              List.of("pixel4", "iphonexs"), List.of("macs-linear", "gbt"), "pixel4", List.of(10, 50), 1));
    }
  }

  /** What one device class measured, split into training and held-out parts. */
  private record Measured(DeviceClassConfig config, ProfileSummary profile, List<LayerLatencySample> training,
      List<LayerLatencySample> heldOutConfigs, List<ModelLatencyObservation> trainingModels,
      List<HeldOutModel> heldOutModels) {}

  /** A held-out model: its spec (to predict it) and its measurement. */
  private record HeldOutModel(ModelSpec spec, ModelLatencyObservation measured) {}

  private final Options options;
  private final PrintStream progress;

  /** @param progress where progress bars go (null: none) */
  public PredictorBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  public PredictorBenchReport run() {
    long start = System.nanoTime();
    List<String> notes = new ArrayList<>();
    List<DeviceClassResult> results = new ArrayList<>();
    List<AdaptationResult> adaptation = new ArrayList<>();
    Map<String, Measured> measured = new LinkedHashMap<>();
    LatencyPredictor source = null;
    for (DeviceClassConfig config : options.deviceClasses()) {
      Measured m = measure(config);
      measured.put(config.name(), m);
      Map<String, LatencyPredictor> trained = new LinkedHashMap<>();
      results.add(evaluate(m, trained));
      if (source == null) {
        source = trained.get("boosted-trees");
      } else {
        adaptation.addAll(adapt(source, m));
      }
      if (m.profile().device().contended()) {
        notes.add(config.name() + ": the load average left fewer idle CPUs than profiled threads while measuring; "
            + "its latencies are inflated and noisy (another process competed for the cores)");
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
        + "whose layers were trained on; predicted = sum of predicted layers + invocation overhead fitted on the "
        + "training models.");
    notes.add("Adaptation: the first device class's boosted-trees predictor corrected with n samples of the target "
        + "(adapt-*), against boosted trees and MACs-linear trained on the same n samples only (scratch-*); mean over "
        + "the repeats, on the target's held-out configurations.");
    return new PredictorBenchReport(results, adaptation, mobile, notes, (System.nanoTime() - start) / 1e9);
  }

  private Measured measure(DeviceClassConfig config) {
    long seed = options.seed();
    List<LayerDescriptor> sampled = new LayerConfigSampler(new SamplerConfig(options.architectures(), 10, 16,
        options.layers(), 0.25, seed)).sample().layers();
    List<ModelSpec> specs = new PrunedModelSampler(0.25, 10).sample(options.architectures(), options.models(), seed);
    Profiler profiler = new Profiler(options.timer(), seed);
    List<ProfileRecord> records = new ArrayList<>(profiler.profileLayers(sampled, config, bar(config.name()
        + " layers", sampled.size())));
    List<LayerLatencySample> configs = records.stream().map(r -> ((LayerProfile) r).sample()).toList();
    List<ProfileRecord> modelRecords = profiler.profileModels(specs, config, ModelProfileOptions.WHOLE_MODEL_ONLY,
        bar(config.name() + " models", Profiler.modelUnits(specs, ModelProfileOptions.WHOLE_MODEL_ONLY)));
    records.addAll(modelRecords);

    HoldOutSplit split = HoldOutSplit.byModel(configs, options.heldOutConfigShare(), seed);
    List<LayerLatencySample> training = new ArrayList<>(split.training());
    List<ModelLatencyObservation> trainingModels = new ArrayList<>();
    List<HeldOutModel> heldOut = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      String name = ModelNames.of(specs.get(i));
      // architectures are taken in turn, so alternating keeps every architecture on both sides
      boolean held = i % 2 == 1;
      for (ProfileRecord r : modelRecords) {
        if (r instanceof LayerProfile l && name.equals(l.sample().modelName()) && !held) {
          training.add(l.sample());
        } else if (r instanceof RangeProfile range && range.scope() == RangeScope.MODEL
            && name.equals(range.modelName())) {
          if (held) {
            heldOut.add(new HeldOutModel(specs.get(i), range.toObservation()));
          } else {
            trainingModels.add(range.toObservation());
          }
        }
      }
    }
    return new Measured(config, ProfileSummary.of(records, "-", 0), List.copyOf(training),
        split.validation(), trainingModels, heldOut);
  }

  private DeviceClassResult evaluate(Measured m, Map<String, LatencyPredictor> trained) {
    InvocationOverhead overhead = m.trainingModels().size() >= 3 ? InvocationOverhead.fit(m.trainingModels())
        : InvocationOverhead.NONE;
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
          m.heldOutConfigs().size() - predictable.size(), modelMetrics(p, m), flagged,
          PredictorCodec.encode(new TrainedPredictor(p, 1, null)).length, trainSec));
    }
    AccuracyMetrics oracle = m.heldOutModels().isEmpty() ? null : AccuracyMetrics.of(
        m.heldOutModels().stream().mapToDouble(h -> h.measured().latencyMs()).toArray(),
        m.heldOutModels().stream().mapToDouble(h -> h.measured().layerSumMs()
            + overhead.overheadMs(h.measured().layerCount(), h.measured().layerSumMs())).toArray());
    return new DeviceClassResult(m.config().name(), m.profile(), m.training().size(), m.heldOutConfigs().size(),
        m.trainingModels().size(), m.heldOutModels().size(), overhead, rows, oracle);
  }

  /** Whole held-out models; a model with a layer the predictor refuses is left out (null: none is left). */
  private AccuracyMetrics modelMetrics(LatencyPredictor p, Measured m) {
    int batch = m.config().batchSize();
    List<double[]> pairs = new ArrayList<>();
    for (HeldOutModel h : m.heldOutModels()) {
      try {
        pairs.add(new double[] {h.measured().latencyMs(), p.predictNetwork(h.spec().plan(), batch).latencyMs()});
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

  private List<AdaptationResult> adapt(LatencyPredictor source, Measured target) {
    Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> methods = new LinkedHashMap<>();
    for (CorrectionMode mode : ADAPTATION_MODES) {
      methods.put("adapt-" + mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
          few -> AdaptedPredictor.adapt(source, few, mode));
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
