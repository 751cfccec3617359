package io.jointcs.cli;

import io.jointcs.latency.prediction.InvocationOverhead;
import io.jointcs.latency.prediction.LatencyPredictor;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.latency.prediction.ModelLatencyObservation;
import io.jointcs.latency.prediction.OverheadFit;
import io.jointcs.latency.prediction.PredictorCodec;
import io.jointcs.latency.prediction.PredictorKind;
import io.jointcs.latency.prediction.PredictorTrainer;
import io.jointcs.latency.prediction.TrainedPredictor;
import io.jointcs.latency.prediction.ValidationMetrics;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.LayerProfile;
import io.jointcs.latency.profiling.ModelProfileOptions;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.profiling.RangeProfile;
import io.jointcs.latency.profiling.RangeScope;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.progress.ProgressBar;
import io.jointcs.search.BlockLatencyModel;
import io.jointcs.search.EmulatedSlowdownModel;
import io.jointcs.search.LatencyGoal;
import io.jointcs.search.LatencyModels;
import io.jointcs.search.NetworkLink;
import io.jointcs.search.TargetSpec;
import io.jointcs.search.latency.PredictorLatencyModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency side of a search: one predictor per device class (read from files or fitted here from layers timed on
 * this machine), the device models (EMULATED slowdown when asked) and edge models built on them, and the targets.
 * The edge of a device class is the same configuration, not slowed down: the tail runs on this CPU as it is.
 */
final class SearchLatency {
  /**
   * A device class's predictor and where it came from.
   *
   * @param source "file PATH" or "profiled here: N models, M layer samples"
   * @param wholeModelMape mean absolute percentage error of whole-model predictions on held-out models: each profiled
   *     model predicted by a predictor (layers and invocation overhead) fitted on the other models only (null for a
   *     predictor read from a file)
   */
  record DevicePredictor(String deviceClass, int batchSize, String kind, String source, ValidationMetrics metrics,
      Double wholeModelMape) {}

  private final List<DeviceClassConfig> classes;
  private final Map<String, LatencyPredictor> predictors;
  private final List<DevicePredictor> described;
  private final double slowdown;

  private SearchLatency(List<DeviceClassConfig> classes, Map<String, LatencyPredictor> predictors,
      List<DevicePredictor> described, double slowdown) {
    this.classes = classes;
    this.predictors = predictors;
    this.described = described;
    this.slowdown = slowdown;
  }

  /** From --predictor files, or profiled on this machine with --profile; neither or a missing class is an error. */
  static SearchLatency resolve(SearchTargetOptions options, Architecture architecture, int numClasses, long seed,
      PrintStream progress) throws IOException {
    options.checkSlowdown();
    List<DeviceClassConfig> classes = options.deviceClasses();
    boolean files = options.predictorFiles != null && !options.predictorFiles.isEmpty();
    if (files && options.profile) {
      throw new IllegalArgumentException("give either --predictor files or --profile, not both");
    }
    if (!files && !options.profile) {
      throw new IllegalArgumentException("no latency predictors: pass --predictor FILE for each device class ("
          + classes.stream().map(DeviceClassConfig::name).toList() + "), or --profile to time "
          + architecture.id() + " layers on this machine and fit them here");
    }
    Map<String, LatencyPredictor> predictors = new LinkedHashMap<>();
    List<DevicePredictor> described = new ArrayList<>();
    if (files) {
      Map<String, TrainedPredictor> read = new LinkedHashMap<>();
      Map<String, Path> from = new LinkedHashMap<>();
      for (Path file : options.predictorFiles) {
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("predictor file " + file + " does not exist");
        }
        TrainedPredictor trained;
        try {
          trained = PredictorCodec.decode(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("predictor file " + file + ": " + e.getMessage(), e);
        }
        String deviceClass = trained.predictor().deviceClass();
        if (read.put(deviceClass, trained) != null) {
          throw new IllegalArgumentException("two predictors for device class '" + deviceClass + "': " + from.get(
              deviceClass) + " and " + file);
        }
        from.put(deviceClass, file);
      }
      for (DeviceClassConfig config : classes) {
        TrainedPredictor trained = read.get(config.name());
        if (trained == null) {
          throw new IllegalArgumentException("no latency predictor for device class '" + config.name()
              + "': the --predictor files cover " + read.keySet());
        }
        predictors.put(config.name(), trained.predictor());
        described.add(new DevicePredictor(config.name(), config.batchSize(), trained.predictor().kind().name(),
            "file " + from.get(config.name()), trained.metrics(), null));
      }
    } else {
      for (DeviceClassConfig config : classes) {
        Profiled p = profile(config, architecture, numClasses, options.profileModels, options.predictorKind, seed,
            CleanRunTimer.modelProfiling(), progress);
        predictors.put(config.name(), p.predictor());
        described.add(p.description());
      }
    }
    return new SearchLatency(classes, predictors, described, options.deviceSlowdown);
  }

  private record Profiled(LatencyPredictor predictor, DevicePredictor description) {}

  /**
   * Profiles one device class as {@code --profile} does, with the given timer, and writes the fitted predictor as a
   * {@code --predictor} file (tests profile once and share the file).
   */
  static Path writeProfiled(DeviceClassConfig config, Architecture architecture, int numClasses, int models,
      PredictorKind kind, long seed, CleanRunTimer timer, Path file) throws IOException {
    Profiled p = profile(config, architecture, numClasses, models, kind, seed, timer,
        new PrintStream(java.io.OutputStream.nullOutputStream()));
    Files.write(file, PredictorCodec.encode(new TrainedPredictor(p.predictor(), 1, p.description().metrics())));
    return file;
  }

  /**
   * Times every layer of the base model and of {@code models} random pruned ones inside their network, and each
   * whole model; fits the predictor on the layers and its invocation overhead on the whole models.
   */
  private static Profiled profile(DeviceClassConfig config, Architecture architecture, int numClasses, int models,
      PredictorKind kind, long seed, CleanRunTimer timer, PrintStream progress) {
    if (models < 2) {
      throw new IllegalArgumentException("--profile-models must be >= 2 (with the base, 3 whole models fit the "
          + "invocation overhead), got " + models);
    }
    List<ModelSpec> specs = new ArrayList<>();
    specs.add(ModelSpec.base(architecture, numClasses));
    specs.addAll(new PrunedModelSampler(0.25, numClasses).sample(List.of(architecture), models, seed));
    // every block on its own too: ranges of 1..B blocks fit the invocation overhead of short heads and tails
    ModelProfileOptions options = new ModelProfileOptions(true, false);
    Profiler profiler = new Profiler(timer, seed);
    List<ProfileRecord> records = profiler.profileModels(specs, config, options,
        new ProgressBar("profile " + config.name(), Profiler.modelUnits(specs, options), progress));
    List<LayerLatencySample> samples = new ArrayList<>();
    List<ModelLatencyObservation> observations = new ArrayList<>();
    List<RangeProfile> wholeModels = new ArrayList<>();
    for (ProfileRecord record : records) {
      if (record instanceof LayerProfile layer) {
        samples.add(layer.sample());
      } else if (record instanceof RangeProfile range) {
        observations.add(range.toObservation());
        if (range.scope() == RangeScope.MODEL) {
          wholeModels.add(range);
        }
      }
    }
    PredictorTrainer.Options trainer = PredictorTrainer.Options.defaults();
    ValidationMetrics metrics = PredictorTrainer.trainAndValidate(kind, samples, trainer, 1).metrics();
    LatencyPredictor predictor = fit(kind, samples, observations, trainer);
    double heldOutMape = leaveOneModelOutMape(kind, samples, observations, wholeModels, trainer, config.batchSize());
    String source = String.format(Locale.ROOT, "profiled here: %d %s models (base + %d pruned), %d layer samples",
        specs.size(), architecture.id(), models, samples.size());
    return new Profiled(predictor, new DevicePredictor(config.name(), config.batchSize(), kind.name(), source,
        metrics, heldOutMape));
  }

  /** The layer predictor on {@code samples} plus the invocation overhead chosen and fitted on {@code observations}. */
  private static LatencyPredictor fit(PredictorKind kind, List<LayerLatencySample> samples,
      List<ModelLatencyObservation> observations, PredictorTrainer.Options trainer) {
    long models = observations.stream().map(ModelLatencyObservation::modelName).distinct().count();
    // the term set is chosen by cross-validation over models when there are enough; else the count-only law
    InvocationOverhead overhead = models >= 3
        ? OverheadFit.select(observations, OverheadFit.cpuCandidates()).overhead()
        : InvocationOverhead.fit(observations);
    return PredictorTrainer.fit(kind, samples, trainer).withOverhead(overhead);
  }

  /**
   * Whole-model error on models the predictor never saw: for each profiled model, layers and overhead are fitted on
   * the other models only and its whole pass is predicted. Slightly pessimistic for the final predictor, which is
   * fitted on all models.
   */
  private static double leaveOneModelOutMape(PredictorKind kind, List<LayerLatencySample> samples,
      List<ModelLatencyObservation> observations, List<RangeProfile> wholeModels, PredictorTrainer.Options trainer,
      int batchSize) {
    double errorSum = 0;
    for (RangeProfile whole : wholeModels) {
      String left = whole.modelName();
      LatencyPredictor others = fit(kind,
          samples.stream().filter(x -> !left.equals(x.modelName())).toList(),
          observations.stream().filter(x -> !left.equals(x.modelName())).toList(), trainer);
      double predicted = others.predictNetwork(whole.spec().plan(), batchSize).latencyMs();
      errorSum += Math.abs(predicted - whole.latencyMs()) / whole.latencyMs();
    }
    return errorSum / wholeModels.size();
  }

  List<DeviceClassConfig> classes() {
    return classes;
  }

  List<DevicePredictor> predictors() {
    return described;
  }

  double slowdown() {
    return slowdown;
  }

  boolean emulated() {
    return slowdown > 1;
  }

  /** The latency model the device class's head is predicted with (EMULATED slowdown applied). */
  String deviceModelName(DeviceClassConfig config) {
    return emulated() ? String.format(Locale.ROOT, "%s-emulated-x%s", config.name(), trim(slowdown)) : config.name();
  }

  static String edgeModelName(DeviceClassConfig config) {
    return "edge-" + config.name();
  }

  LatencyModels models() {
    Map<String, BlockLatencyModel> models = new LinkedHashMap<>();
    for (DeviceClassConfig config : classes) {
      PredictorLatencyModel measured = new PredictorLatencyModel(predictors.get(config.name()), config.batchSize());
      models.put(deviceModelName(config), emulated() ? new EmulatedSlowdownModel(measured, slowdown) : measured);
      models.put(edgeModelName(config), measured);
    }
    return LatencyModels.of(models);
  }

  /** Every device class over every link, named {@code class@link}. */
  List<TargetSpec> targets(List<NetworkLink> links, LatencyGoal goal) {
    List<TargetSpec> out = new ArrayList<>();
    for (DeviceClassConfig config : classes) {
      for (NetworkLink link : links) {
        out.add(new TargetSpec(config.name() + "@" + link.name(), deviceModelName(config), edgeModelName(config),
            link, goal));
      }
    }
    return out;
  }

  DeviceClassConfig classOf(TargetSpec target) {
    return classes.stream().filter(c -> target.name().startsWith(c.name() + "@")).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("target '" + target.name() + "' has no device class of "
            + classes));
  }

  String emulationNote() {
    return emulated() ? String.format(Locale.ROOT, "the device is EMULATED: each device class's own configuration on "
        + "this CPU with its compute stretched x%s (predicted and measured alike); the edge is the same configuration"
        + " on this CPU, not stretched", trim(slowdown)) : "the device is this CPU as it is (no emulation)";
  }

  static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
