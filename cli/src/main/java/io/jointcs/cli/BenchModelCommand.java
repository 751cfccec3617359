package io.jointcs.cli;

import io.jointcs.benchmark.ModelBenchmark;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jointcs bench model}: throughput, MACs and latency per architecture and pruned width. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Training/evaluation images per second, MACs and single-image latency per architecture, "
        + "and latency of 25%%/50%%-pruned variants next to their MAC ratios, on this machine.")
final class BenchModelCommand implements Callable<Integer> {
  @Option(names = "--arch", split = ",", description = "architectures (default: all)")
  List<String> architectures;

  @Option(names = "--pruned", split = ",", defaultValue = "resnet20,resnet56,vgg16_bn,mobilenet_v2",
      description = "architectures whose 25%%/50%%-pruned variants are timed (default: ${DEFAULT-VALUE})")
  List<String> pruned;

  @Option(names = "--train-images", defaultValue = "256", description = "images per timed training epoch")
  int trainImages;

  @Option(names = "--eval-images", defaultValue = "500", description = "images per timed evaluation pass")
  int evalImages;

  @Option(names = "--json", description = "print the report as JSON") boolean json;

  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    engine.apply();
    List<Architecture> chosen = architectures == null ? Arrays.asList(Architecture.values())
        : architectures.stream().map(Architecture::fromId).toList();
    List<Architecture> prunedChosen = pruned.stream().map(Architecture::fromId).toList();
    ModelBenchmark.Report report = new ModelBenchmark(trainImages, evalImages, System.err)
        .run(chosen, prunedChosen, engine.threads);
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(report));
    } else {
      System.out.printf("Model benchmark on this machine, %d intra-op thread(s), batch 32 training, batch 250 "
          + "evaluation, batch-1 latency (median of stable repetitions):%n%n", engine.threads);
      System.out.print(report.toMarkdown());
    }
    return 0;
  }
}
