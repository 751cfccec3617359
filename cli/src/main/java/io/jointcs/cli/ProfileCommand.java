package io.jointcs.cli;

import io.jointcs.json.Json;
import io.jointcs.latency.profiling.CleanRunTimer;
import io.jointcs.latency.profiling.DeviceClassConfig;
import io.jointcs.latency.profiling.DeviceDescriptor;
import io.jointcs.latency.profiling.EngineThreads;
import io.jointcs.latency.profiling.LayerConfigSampler;
import io.jointcs.latency.profiling.ModelProfileOptions;
import io.jointcs.latency.profiling.ProfileJsonl;
import io.jointcs.latency.profiling.ProfileRecord;
import io.jointcs.latency.profiling.ProfileSummary;
import io.jointcs.latency.profiling.Profiler;
import io.jointcs.latency.profiling.PrunedModelSampler;
import io.jointcs.latency.profiling.SamplerConfig;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.ModelSpec;
import io.jointcs.progress.ProgressBar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jointcs profile}: times sampled layer configurations and random pruned models on this machine under one
 * device class, writing JSON Lines as it goes.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
    description = {
        "Profile layer and model latencies on this machine for one device class (DJL, PyTorch, CPU) and write them "
            + "as JSON Lines: one record per line with the device descriptor; layer lines carry the predictors' "
            + "training sample under 'sample'.",
        "Device classes are real configurations (presets: cpu-1t, cpu-2t, cpu-1t-b8); nothing is emulated.",
        "Pinned to cores: taskset -c 0 ./jointcs profile --device-class cpu-1t-pin0 ... (the affinity is recorded).",
        "With --publish-http URL --token T (profiling-ingestion's POST /telemetry, the device's bearer token) or "
            + "--publish-kafka BOOTSTRAP (jointcs.telemetry.raw), every layer, whole model, head and tail is also "
            + "published as telemetry of --device-id, as a device agent publishes it."})
final class ProfileCommand implements Callable<Integer> {
  @Option(names = "--device-class", defaultValue = "cpu-1t",
      description = "device class the samples are filed under (default: ${DEFAULT-VALUE})")
  String deviceClass;

  @Option(names = "--threads", description = "intra-op threads (default: the preset's, else 1)")
  Integer threads;

  @Option(names = "--interop-threads", description = "inter-op threads (default: the preset's, else 1)")
  Integer interopThreads;

  @Option(names = "--batch-size", description = "images per forward pass (default: the preset's, else 1)")
  Integer batchSize;

  @Option(names = "--layers", defaultValue = "300",
      description = "sampled layer configurations to time, 0 for none (default: ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--models", defaultValue = "5",
      description = "random pruned models to time layer by layer and by block ranges, 0 for none "
          + "(default: ${DEFAULT-VALUE})")
  int models;

  @Option(names = "--arch", split = ",", description = "architectures to sample from (default: all)")
  List<String> architectures;

  @Option(names = "--min-keep", defaultValue = "0.25",
      description = "smallest share of a channel group's width the pruned models keep (default: ${DEFAULT-VALUE})")
  double minKeep;

  @Option(names = "--no-splits", description = "do not time the head and tail of every cut point")
  boolean noSplits;

  @Option(names = "--no-blocks", description = "do not time every block on its own")
  boolean noBlocks;

  @Option(names = "--rounds", defaultValue = "" + CleanRunTimer.LAYER_ROUNDS,
      description = "interleaved rounds each sampled layer is timed in, 5 timed runs each; at least 2 "
          + "(default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--model-rounds", defaultValue = "" + CleanRunTimer.MODEL_ROUNDS,
      description = "interleaved rounds each model's layers, blocks, heads and tails are timed in; at least 5 "
          + "(default: ${DEFAULT-VALUE})")
  int modelRounds;

  @Option(names = "--seed", defaultValue = "1") long seed;

  @Option(names = "--out", required = true, description = "JSON Lines file to write (replaced unless --append)")
  Path out;

  @Option(names = "--append", description = "append to --out instead of replacing it") boolean append;

  @Option(names = "--json", description = "print the summary as JSON") boolean json;

  @Option(names = "--publish-http", paramLabel = "URL",
      description = "also publish the records to profiling-ingestion at URL (POST URL/telemetry, JSON batches)")
  java.net.URI publishHttp;

  @Option(names = "--token", description = "bearer token of --device-id for --publish-http")
  String token;

  @Option(names = "--publish-kafka", paramLabel = "BOOTSTRAP",
      description = "also publish the records to jointcs.telemetry.raw on these brokers (Avro binary)")
  String publishKafka;

  @Option(names = "--device-id", description = "device id the telemetry is published as (default: profile-<host>)")
  String deviceId;

  @Override
  public Integer call() throws Exception {
    DeviceClassConfig config = DeviceClassConfig.resolve(deviceClass, threads, interopThreads, batchSize);
    if (layers < 0 || models < 0 || layers + models == 0) {
      throw new IllegalArgumentException("--layers and --models must be >= 0 and not both 0");
    }
    List<Architecture> chosen = architectures == null ? Arrays.asList(Architecture.values())
        : architectures.stream().map(Architecture::fromId).toList();
    // sampled first: a bad budget or architecture fails before the warm-up and before --out is touched
    List<LayerDescriptor> sampled = layers == 0 ? List.of()
        : new LayerConfigSampler(new SamplerConfig(chosen, 10, 16, layers, 0.25, seed)).sample().layers();
    List<ModelSpec> specs = new PrunedModelSampler(minKeep, 10).sample(chosen, models, seed);
    // the publishing options are checked before any profiling too
    CleanRunTimer layerTimer = timer("--rounds", rounds, 2, CleanRunTimer::layerProfiling);
    CleanRunTimer modelTimer = timer("--model-rounds", modelRounds, 5, CleanRunTimer::modelProfiling);
    ProfilePublishing publishing = ProfilePublishing.open(publishHttp, token, publishKafka, deviceId,
        layerTimer.warmupRuns());
    ModelProfileOptions options = new ModelProfileOptions(!noBlocks, !noSplits);
    // the first use of the engine in this JVM, so DJL starts it with these thread counts
    EngineThreads.apply(config.intraOpThreads(), config.interOpThreads());
    Profiler profiler = new Profiler(layerTimer, seed);
    DeviceDescriptor device = profiler.prepare(config);
    if (device.contended()) {
      System.err.printf(Locale.ROOT, "warning: load average %.2f on %d CPU(s) leaves fewer idle CPUs than the %d "
          + "profiled thread(s): other processes compete with them, latencies will be inflated and noisy (see each "
          + "record's timing.relativeSpread)%n", device.loadAverage(), device.availableCpus(), device.intraOpThreads());
    }
    List<ProfileRecord> records = new ArrayList<>();
    long start = System.nanoTime();
    try (ProfilePublishing publish = publishing;
        ProfileJsonl.Appender sink = append ? ProfileJsonl.Appender.append(out) : ProfileJsonl.Appender.create(out)) {
      if (!sampled.isEmpty()) {
        profiler.profileLayers(sampled, config, new ProgressBar("profile layers", sampled.size(), System.err), r -> {
          sink.append(r);
          records.add(r);
          publish.publish(r);
        });
      }
      if (!specs.isEmpty()) {
        new Profiler(modelTimer, seed).profileModels(specs, config, options,
            new ProgressBar("profile models", Profiler.modelUnits(specs, options), System.err), r -> {
              sink.append(r);
              records.add(r);
              publish.publish(r);
            });
      }
      publish.finish(System.err);
    }
    ProfileSummary summary = ProfileSummary.of(records, out.toString(), (System.nanoTime() - start) / 1e9);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(summary));
    } else {
      System.out.printf(Locale.ROOT, "profiled %d layer and %d range measurement(s) as %s on %s in %.0f s -> %s%n",
          summary.layerRecords(), summary.rangeRecords(), config, summary.device().cpuModel(),
          summary.elapsedSeconds(), out);
      System.out.printf(Locale.ROOT, "relative spread (p90-p10)/median: median %.1f%%, p90 %.1f%%; %d unstable; "
          + "%.1f%% of runs rejected as outliers; emulated: %s%n", 100 * summary.medianRelativeSpread(),
          100 * summary.p90RelativeSpread(), summary.unstableRecords(), 100 * summary.rejectedRunShare(),
          summary.device().emulated());
    }
    return publishing.failed() > 0 ? 3 : 0;
  }

  /** The profiling timer with {@code value} interleaved rounds; an error naming the option below {@code min}. */
  private static CleanRunTimer timer(String option, int value, int min,
      java.util.function.IntFunction<CleanRunTimer> withRounds) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + " (10 timed runs per measurement), got "
          + value);
    }
    return withRounds.apply(value);
  }
}
