package io.jointcs.cli;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.json.Json;
import io.jointcs.model.Network;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.Head;
import io.jointcs.segmentation.SplitModel;
import io.jointcs.segmentation.Tail;
import io.jointcs.training.Evaluator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jointcs eval}: top-1 accuracy of any model artifact (or head + tail pair) on any dataset split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Top-1 accuracy of a model artifact, or of a head + tail pair run as split inference, on a dataset split.")
final class EvalCommand implements Callable<Integer> {

  static final class Models {
    @Option(names = "--model", description = "FULL model artifact (.jcsm)") Path model;
    @ArgGroup(exclusive = false) HeadAndTail split;
  }

  static final class HeadAndTail {
    @Option(names = "--head", required = true, description = "HEAD artifact") Path head;
    @Option(names = "--tail", required = true, description = "TAIL artifact") Path tail;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Models models;

  @Option(names = "--quantize-cut", paramLabel = "C",
      description = "with --model: evaluate it split at cut point C with the cut tensor quantized to int8")
  Integer quantizeCut;

  @Option(names = "--part", description = "validation (seeded held-out share of the split), train (the rest) or all; "
      + "default: validation for the train split, all otherwise")
  String part;

  @Option(names = "--json", description = "print the result as JSON") boolean json;

  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  record Result(String model, String kind, String architecture, java.util.List<Integer> widths, int cutPoint,
      String quantization, String dataset, String split, String part, long images, long correct, double top1,
      double imagesPerSecond) {}

  @Override
  public Integer call() throws Exception {
    engine.apply();
    EvaluationData which = EvaluationData.parse(part, data.split);
    LabeledImages images = which.select(data);
    Result result;
    try (NDManager manager = NDManager.newBaseManager()) {
      result = models.model != null ? evaluateFull(manager, images, which) : evaluateSplit(manager, images, which);
    }
    if (json) {
      System.out.println(Json.mapper().writeValueAsString(result));
    } else {
      System.out.printf("%s %s (cut %d, %s) on %s/%s [%s]: top-1 %.4f (%d/%d), %.0f images/s%n", result.kind(),
          result.architecture(), result.cutPoint(), result.quantization(), result.dataset(), result.split(),
          result.part(), result.top1(), result.correct(), result.images(), result.imagesPerSecond());
    }
    return 0;
  }

  private Result evaluateFull(NDManager manager, LabeledImages images, EvaluationData which) throws Exception {
    ModelArtifact artifact = ModelArtifact.readFile(models.model);
    try (Network network = artifact.loadNetwork(manager)) {
      if (quantizeCut == null) {
        Evaluator.Accuracy accuracy = Evaluator.evaluate(network, images, System.err);
        return result(artifact.sha256(), "FULL", network, network.plan().blockCount(), CutQuantization.NONE, which,
            accuracy);
      }
      if (quantizeCut >= network.plan().blockCount()) {
        throw new IllegalArgumentException("--quantize-cut " + quantizeCut + " must be below the last block ("
            + network.plan().blockCount() + "): quantizing the class scores saves nothing");
      }
      SplitModel split = SplitModel.split(network, quantizeCut, CutQuantization.INT8);
      Evaluator.Accuracy accuracy = Evaluator.evaluate(manager, images, System.err, split.scores());
      return result(artifact.sha256(), "FULL split", network, quantizeCut, CutQuantization.INT8, which, accuracy);
    }
  }

  private Result evaluateSplit(NDManager manager, LabeledImages images, EvaluationData which) throws Exception {
    if (quantizeCut != null) {
      throw new IllegalArgumentException("--quantize-cut applies to --model; a head artifact carries its own quantization");
    }
    ModelArtifact headArtifact = ModelArtifact.readFile(models.split.head);
    ModelArtifact tailArtifact = ModelArtifact.readFile(models.split.tail);
    try (Head head = headArtifact.loadHead(manager); Tail tail = tailArtifact.loadTail(manager)) {
      SplitModel split = new SplitModel(head, tail);
      Evaluator.Accuracy accuracy = Evaluator.evaluate(manager, images, System.err, split.scores());
      return new Result(headArtifact.sha256() + "+" + tailArtifact.sha256(), "HEAD+TAIL",
          head.spec().architecture().id(), head.spec().widths(), head.cutPoint(), head.quantization().name(),
          data.root().toString(), data.split, which.name().toLowerCase(java.util.Locale.ROOT), accuracy.total(),
          accuracy.correct(), accuracy.top1(), accuracy.imagesPerSecond());
    }
  }

  private Result result(String sha, String kind, Network network, int cut, CutQuantization quantization,
      EvaluationData which, Evaluator.Accuracy accuracy) throws java.io.IOException {
    return new Result(sha, kind, network.spec().architecture().id(), network.spec().widths(), cut, quantization.name(),
        data.root().toString(), data.split, which.name().toLowerCase(java.util.Locale.ROOT), accuracy.total(),
        accuracy.correct(), accuracy.top1(), accuracy.imagesPerSecond());
  }
}
