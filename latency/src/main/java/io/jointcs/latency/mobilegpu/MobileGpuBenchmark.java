package io.jointcs.latency.mobilegpu;

import io.jointcs.latency.prediction.AccuracyMetrics;
import io.jointcs.latency.prediction.AdaptedPredictor;
import io.jointcs.latency.prediction.BoostedTreesConfig;
import io.jointcs.latency.prediction.BoostedTreesPredictor;
import io.jointcs.latency.prediction.CorrectionMode;
import io.jointcs.latency.prediction.FeatureSets;
import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.LookupTablePredictor;
import io.jointcs.latency.prediction.MacsLinearPredictor;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.prediction.Prediction;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.TrainingDomain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates the latency predictors on the real phone-GPU dataset: train on the operators of some models,
 * predict the operators of held-out models (split by model name, seeded) and, summed with the invocation overhead
 * fitted on the training models, their measured whole-model latency; then adapt the source phone's learned
 * predictor to each other phone from 10, 20, 50 of its measurements, against training from scratch on them.
 *
 * <p>Run: {@code mvn -q -pl latency exec:java -Dexec.args="DATASET_DIR [OUT_PREFIX]"} (the dataset dir defaults
 * to {@code ../shared/datasets/device-latency/mobile-gpu} looked up from the working directory upwards; with
 * OUT_PREFIX the report is also written to OUT_PREFIX.json and OUT_PREFIX.md).
 */
public final class MobileGpuBenchmark {
  public static final Path DEFAULT_RELATIVE_DIR = Path.of("shared", "datasets", "device-latency", "mobile-gpu");

  /**
   * @param runtimes runtimes to evaluate
   * @param devices devices to evaluate (empty: all of each runtime)
   * @param predictors predictor variants to run, by name (see {@link #VARIANTS})
   * @param adaptationSource device whose learned predictor is adapted to the others (null: no adaptation)
   * @param adaptationSizes target samples to adapt from
   */
  public record Options(long seed, double heldOutFraction, List<MobileGpuRuntime> runtimes, List<String> devices,
      List<String> predictors, String adaptationSource, List<Integer> adaptationSizes, int adaptationRepeats) {

    public static Options full() {
      return new Options(42, 0.2, List.of(MobileGpuRuntime.TFLITE, MobileGpuRuntime.TORCH), List.of(),
          List.copyOf(VARIANTS.keySet()), "pixel4", List.of(10, 20, 50, 100), 5);
    }
  }

  /** The predictor variants, by report name: the three kinds plus the ablations that chose the learned one. */
  static final Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> VARIANTS = variants();

  private MobileGpuBenchmark() {}

  private static Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> variants() {
    Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> v = new LinkedHashMap<>();
    v.put("macs-linear", s -> MacsLinearPredictor.train(s, TrainingDomain.DEFAULT_MARGIN));
    v.put("lookup", s -> LookupTablePredictor.train(s, TrainingDomain.DEFAULT_MARGIN));
    v.put("gbt", s -> BoostedTreesPredictor.train(s, BoostedTreesConfig.gradientBoosted()));
    v.put("gbt-no-prior", s -> BoostedTreesPredictor.train(s,
        BoostedTreesConfig.gradientBoosted().withLogLinearPrior(false)));
    v.put("gbt-basic-features", s -> BoostedTreesPredictor.train(s,
        BoostedTreesConfig.gradientBoosted().withFeatureSet(FeatureSets.LAYER_LOG)));
    v.put("rf", s -> BoostedTreesPredictor.train(s, BoostedTreesConfig.randomForest()));
    return Collections.unmodifiableMap(v);
  }

  public static BenchmarkReport run(Path datasetDir) {
    return run(datasetDir, Options.full());
  }

  public static BenchmarkReport run(Path datasetDir, Options options) {
    long start = System.nanoTime();
    List<ConversionReport> conversions = new ArrayList<>();
    List<BenchmarkReport.SplitInfo> splits = new ArrayList<>();
    List<BenchmarkReport.PredictorResult> results = new ArrayList<>();
    List<BenchmarkReport.AdaptationResult> adaptation = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (MobileGpuRuntime runtime : options.runtimes()) {
      if (!Files.isRegularFile(datasetDir.resolve(runtime.operatorsFile()))) {
        notes.add(runtime + ": " + runtime.operatorsFile() + " not found, skipped");
        continue;
      }
      MobileGpuDataset data = MobileGpuDataset.load(datasetDir, runtime);
      conversions.add(data.report());
      Set<String> heldOut = heldOutModels(data.models(), options.heldOutFraction(), options.seed());
      splits.add(new BenchmarkReport.SplitInfo(runtime.name(), data.models().size() - heldOut.size(),
          heldOut.stream().sorted().toList()));
      Map<String, LatencyPredictor> learned = new LinkedHashMap<>();
      for (String device : data.devices()) {
        if (!options.devices().isEmpty() && !options.devices().contains(device)) {
          continue;
        }
        evaluateDevice(data, device, heldOut, options, results, learned);
      }
      if (options.adaptationSource() != null && learned.containsKey(options.adaptationSource())) {
        for (String target : learned.keySet()) {
          if (!target.equals(options.adaptationSource())) {
            adaptation.addAll(adapt(data, learned.get(options.adaptationSource()), target, heldOut, options));
          }
        }
      }
    }
    notes.add("Latencies: microseconds in both CSV files (operator sums and end-to-end means agree in scale), "
        + "milliseconds here. Whole-model predictions add the invocation overhead a + b*ops + c*sum (each >= 0) "
        + "fitted by non-negative least squares (relative errors) on the training models' measured end-to-end minus measured operator sums.");
    notes.add("'measured-ops+overhead' sums the measured operator latencies of a held-out model plus the fitted "
        + "overhead: the whole-model error a perfect operator predictor would still have.");
    notes.add("Learned model chosen by these rows: gradient-boosted trees over random forest (lower MAPE and a "
        + "sixth of the bytes), with the log-linear prior (lower MAPE on most devices) and the layer-log-gpu "
        + "features (about even with layer-log). A small MLP was not measured: the only neural-network library on "
        + "the classpath is DJL, which would put a native engine into every predictor load.");
    notes.add("Adaptation: the source phone's 'gbt' predictor with a correction fitted on n operators of the "
        + "target drawn from its training models ('adapt-*'), against 'gbt' and 'macs-linear' trained on the same n "
        + "operators only ('scratch-*'); mean over the repeats, on the target's held-out operators.");
    return new BenchmarkReport(datasetDir.toString(), options.seed(), options.heldOutFraction(), conversions, splits,
        results, adaptation, notes, (System.nanoTime() - start) / 1e9);
  }

  static Set<String> heldOutModels(List<String> models, double fraction, long seed) {
    List<String> shuffled = new ArrayList<>(models);
    Collections.sort(shuffled);
    Collections.shuffle(shuffled, new Random(seed));
    int held = Math.max(1, (int) Math.round(models.size() * fraction));
    return new HashSet<>(shuffled.subList(0, held));
  }

  private static void evaluateDevice(MobileGpuDataset data, String device, Set<String> heldOut, Options options,
      List<BenchmarkReport.PredictorResult> results, Map<String, LatencyPredictor> learned) {
    List<LayerLatencySample> all = data.samples(device);
    List<LayerLatencySample> train = all.stream().filter(s -> !heldOut.contains(s.modelName())).toList();
    List<LayerLatencySample> test = all.stream().filter(s -> heldOut.contains(s.modelName())).toList();
    if (train.isEmpty() || test.isEmpty()) {
      return;
    }
    List<ModelLatencyObservation> trainModels = new ArrayList<>();
    List<String> testModels = new ArrayList<>();
    for (String model : data.models()) {
      Optional<ModelLatencyObservation> o = data.observation(model, device);
      if (o.isPresent()) {
        if (heldOut.contains(model)) {
          testModels.add(model);
        } else {
          trainModels.add(o.get());
        }
      }
    }
    InvocationOverhead overhead = trainModels.size() >= 3 ? InvocationOverhead.fit(trainModels)
        : InvocationOverhead.NONE;
    for (String name : options.predictors()) {
      long t0 = System.nanoTime();
      LatencyPredictor p = VARIANTS.get(name).apply(train).withOverhead(overhead);
      double trainSec = (System.nanoTime() - t0) / 1e9;
      List<Prediction> predicted = predictOrNull(p, test.stream().map(LayerLatencySample::features).toList());
      AccuracyMetrics layers = metrics(test, predicted);
      int unpredicted = (int) predicted.stream().filter(x -> x == null).count();
      double flagged = predicted.stream().filter(x -> x != null && x.extrapolated()).count()
          / (double) (predicted.size() - unpredicted);
      long bytes = PredictorCodec.encode(new TrainedPredictor(p, 1, null)).length;
      results.add(new BenchmarkReport.PredictorResult(data.runtime().name(), device, name, train.size(), layers,
          unpredicted, modelMetrics(data, device, testModels, p), flagged, bytes, trainSec));
      if (name.equals("gbt")) {
        learned.put(device, p);
        results.add(new BenchmarkReport.PredictorResult(data.runtime().name(), device, "gbt (no overhead)",
            train.size(), layers, unpredicted, modelMetrics(data, device, testModels,
            p.withOverhead(InvocationOverhead.NONE)), flagged, bytes, 0));
      }
    }
    if (!testModels.isEmpty()) {
      double[] measured = new double[testModels.size()];
      double[] oracle = new double[testModels.size()];
      for (int i = 0; i < measured.length; i++) {
        ModelLatencyObservation o = data.observation(testModels.get(i), device).orElseThrow();
        measured[i] = o.latencyMs();
        oracle[i] = o.layerSumMs() + overhead.overheadMs(o);
      }
      results.add(new BenchmarkReport.PredictorResult(data.runtime().name(), device, "measured-ops+overhead",
          train.size(), null, 0, AccuracyMetrics.of(measured, oracle), 0, 0, 0));
    }
  }

  /** Accuracy over the layers that were predicted (null entries: the predictor could not predict them). */
  private static AccuracyMetrics metrics(List<LayerLatencySample> samples, List<Prediction> predicted) {
    List<Integer> ok = new ArrayList<>();
    for (int i = 0; i < predicted.size(); i++) {
      if (predicted.get(i) != null) {
        ok.add(i);
      }
    }
    double[] measured = ok.stream().mapToDouble(i -> samples.get(i).latencyMs()).toArray();
    double[] guessed = ok.stream().mapToDouble(i -> predicted.get(i).latencyMs()).toArray();
    return AccuracyMetrics.of(measured, guessed);
  }

  /**
   * Predictions, with null for a layer the predictor refuses (a lookup table has nothing for a layer group absent
   * from its training models): counted in the report, not hidden.
   */
  private static List<Prediction> predictOrNull(LatencyPredictor p, List<LayerFeatures> layers) {
    try {
      return p.predictEach(layers);
    } catch (IllegalArgumentException batchFailed) {
      List<Prediction> out = new ArrayList<>();
      for (LayerFeatures layer : layers) {
        try {
          out.add(p.predict(layer));
        } catch (IllegalArgumentException e) {
          out.add(null);
        }
      }
      return out;
    }
  }

  private static AccuracyMetrics modelMetrics(MobileGpuDataset data, String device, List<String> models,
      LatencyPredictor p) {
    if (models.isEmpty()) {
      return null;
    }
    List<Double> measured = new ArrayList<>();
    List<Double> guessed = new ArrayList<>();
    for (String model : models) {
      List<LayerFeatures> layers = data.operators(model).stream().map(OperatorRow::features).toList();
      try {
        guessed.add(p.predictInvocation(layers).latencyMs());
        measured.add(data.observation(model, device).orElseThrow().latencyMs());
      } catch (IllegalArgumentException e) {
        // a model with an operator the predictor refuses is left out; its layers are counted as unpredicted
      }
    }
    if (measured.isEmpty()) {
      return null;
    }
    return AccuracyMetrics.of(measured.stream().mapToDouble(Double::doubleValue).toArray(),
        guessed.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static List<BenchmarkReport.AdaptationResult> adapt(MobileGpuDataset data, LatencyPredictor source,
      String target, Set<String> heldOut, Options options) {
    List<LayerLatencySample> all = data.samples(target);
    List<LayerLatencySample> pool = all.stream().filter(s -> !heldOut.contains(s.modelName())).toList();
    List<LayerLatencySample> test = all.stream().filter(s -> heldOut.contains(s.modelName())).toList();
    Map<String, Function<List<LayerLatencySample>, LatencyPredictor>> methods = new LinkedHashMap<>();
    for (CorrectionMode mode : CorrectionMode.values()) {
      methods.put("adapt-" + mode.name().toLowerCase().replace('_', '-'),
          s -> AdaptedPredictor.adapt(source, s, mode));
    }
    methods.put("scratch-gbt", s -> BoostedTreesPredictor.train(s, BoostedTreesConfig.gradientBoosted()));
    methods.put("scratch-macs-linear", s -> MacsLinearPredictor.train(s, TrainingDomain.DEFAULT_MARGIN));
    List<BenchmarkReport.AdaptationResult> out = new ArrayList<>();
    List<LayerFeatures> testFeatures = test.stream().map(LayerLatencySample::features).toList();
    for (int n : options.adaptationSizes()) {
      if (n > pool.size()) {
        continue;
      }
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (int rep = 0; rep < options.adaptationRepeats(); rep++) {
        List<LayerLatencySample> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(options.seed() * 1000 + rep * 31L + n));
        List<LayerLatencySample> few = shuffled.subList(0, n);
        for (Map.Entry<String, Function<List<LayerLatencySample>, LatencyPredictor>> m : methods.entrySet()) {
          AccuracyMetrics a = metrics(test, m.getValue().apply(few).predictEach(testFeatures));
          double[] s = sums.computeIfAbsent(m.getKey(), k -> new double[4]);
          s[0] += a.mape();
          s[1] += a.within5Pct();
          s[2] += a.within10Pct();
          s[3] += a.rmseMs();
        }
      }
      int r = options.adaptationRepeats();
      sums.forEach((method, s) -> out.add(new BenchmarkReport.AdaptationResult(data.runtime().name(),
          source.deviceClass(), target, n, method, r, s[0] / r, s[1] / r, s[2] / r, s[3] / r)));
    }
    return out;
  }

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : findDefaultDir();
    BenchmarkReport report = run(dir);
    String md = report.toMarkdown();
    System.out.println(md);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1] + ".json"), report.toJson());
      Files.writeString(Path.of(args[1] + ".md"), md);
    }
  }

  private static Path findDefaultDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve(DEFAULT_RELATIVE_DIR);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new UncheckedIOException(new IOException("no " + DEFAULT_RELATIVE_DIR + " above " + here
        + "; pass the dataset directory as the first argument"));
  }
}
