package io.jointcs.cli;

import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import java.io.IOException;
import ai.djl.ndarray.NDManager;
import io.jointcs.data.ValidationSplit;
import io.jointcs.json.Json;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import io.jointcs.training.TrainingState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jointcs train}: trains a network from scratch, checkpointing and resuming. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a CIFAR network (resumes from --checkpoint when it holds a checkpoint).")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--arch", defaultValue = "resnet20", description = "architecture (default: ${DEFAULT-VALUE})")
  String architecture;

  @Option(names = "--epochs", defaultValue = "40") int epochs;
  @Option(names = "--batch-size", defaultValue = "128") int batchSize;
  @Option(names = "--lr", defaultValue = "0.1", description = "peak learning rate") double learningRate;
  @Option(names = "--momentum", defaultValue = "0.9") double momentum;
  @Option(names = "--weight-decay", defaultValue = "5e-4") double weightDecay;
  @Option(names = "--label-smoothing", defaultValue = "0") double labelSmoothing;
  @Option(names = "--schedule", defaultValue = "cosine", description = "cosine or one-cycle") String schedule;
  @Option(names = "--no-augment", description = "disable random crop and flip") boolean noAugment;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--checkpoint-every", defaultValue = "50", description = "steps between checkpoints") int checkpointEvery;
  @Option(names = "--checkpoint", required = true, description = "checkpoint directory (created; resumed when present)")
  Path checkpoint;
  @Option(names = "--max-minutes", defaultValue = "0", description = "stop after a checkpoint once this many minutes passed (0 = no limit)")
  double maxMinutes;
  @Option(names = "--out", description = "when training finishes, write the FULL model artifact here (file or directory)")
  Path out;
  @Option(names = "--json", description = "print the final training state as JSON") boolean json;
  @Option(names = "--init-from", description = "start from the weights of this FULL model artifact (warm restart) "
      + "instead of a random initialization; ignored once --checkpoint holds a checkpoint")
  Path initFrom;

  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Override
  public Integer call() throws Exception {
    engine.apply();
    TrainingConfig config = new TrainingConfig(epochs, batchSize, learningRate, momentum, weightDecay, labelSmoothing,
        LearningRateSchedule.fromId(schedule), !noAugment, seed, checkpointEvery);
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    ModelSpec spec = ModelSpec.base(Architecture.fromId(architecture), parts.train().numClasses());
    Duration limit = maxMinutes > 0 ? Duration.ofSeconds(Math.round(maxMinutes * 60)) : null;
    try (NDManager manager = NDManager.newBaseManager();
        Network network = initialNetwork(spec, manager)) {
      TrainingState state = new Trainer(config, checkpoint, System.err, limit)
          .train(network, parts.train(), parts.validation());
      if (out != null && state.finished()) {
        Path file = ModelArtifact.of(network).writeFile(out);
        System.err.println("model artifact written to " + file);
      }
      if (json) {
        System.out.println(Json.mapper().writeValueAsString(state));
      } else {
        System.out.printf("trained %s: step %d/%d, %d epochs recorded, checkpoint %s%n", spec.architecture().id(),
            state.globalStep(), state.totalSteps(), state.history().size(), checkpoint);
        if (!state.history().isEmpty()) {
          var last = state.history().get(state.history().size() - 1);
          System.out.printf("last epoch %d: train loss %.4f, train acc %.4f, val acc %s%n", last.epoch(),
              last.trainLoss(), last.trainAccuracy(), last.validationAccuracy());
        }
      }
    }
    return 0;
  }

  private Network initialNetwork(ModelSpec spec, NDManager manager) throws IOException {
    if (initFrom == null) {
      return Network.initialize(spec, manager, seed);
    }
    ModelArtifact artifact = ModelArtifact.readFile(initFrom);
    if (artifact.kind() != ArtifactKind.FULL || !artifact.spec().equals(spec)) {
      throw new IllegalArgumentException("--init-from " + initFrom + " holds a " + artifact.kind() + " model of "
          + artifact.spec() + ", but training needs the FULL model of " + spec);
    }
    return artifact.loadNetwork(manager);
  }
}
