package io.jointcs.executor;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.ValidationSplit;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.ChannelGroupWidth;
import io.jointcs.events.FineTuneBudget;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.BatchNormRecalibration;
import io.jointcs.pruning.ChannelSelection;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.Pruner;
import io.jointcs.pruning.PruningResult;
import io.jointcs.training.Evaluator;
import io.jointcs.training.LearningRateSchedule;
import io.jointcs.training.Trainer;
import io.jointcs.training.TrainingConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidate evaluation, without Kafka: fetch and verify the base artifact, prune it to the requested widths
 * (physically, with the recipe's ranking), recalibrate batch norm, fine-tune for exactly the requested optimizer
 * steps, validate on the fixed validation subset, store the model. Never throws: a failure is a result whose
 * {@code error} says what went wrong.
 */
public final class CandidateEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(CandidateEvaluator.class);
  /** Fine-tuning optimizer settings besides the request's budget: those of the library's fine-tune recipe. */
  private static final double MOMENTUM = 0.9;
  private static final double WEIGHT_DECAY = 5e-4;

  private final ArtifactRepository artifacts;
  private final DatasetCatalog datasets;
  private final CompressionRecipe recipe;
  private final Clock clock;

  /**
   * @param recipe ranking, recalibration batches and validation subset size (its fine-tune fields are unused: the
   *     request's budget decides fine-tuning)
   */
  public CandidateEvaluator(ArtifactRepository artifacts, DatasetCatalog datasets, CompressionRecipe recipe,
      Clock clock) {
    this.artifacts = artifacts;
    this.datasets = datasets;
    this.recipe = recipe;
    this.clock = clock;
  }

  /** Evaluates {@code request} as worker {@code workerId}; the result has either accuracy and artifact, or error. */
  public CandidateEvaluationResult evaluate(CandidateEvaluationRequest request, String workerId) {
    long start = System.nanoTime();
    CandidateEvaluationResult.Builder result = CandidateEvaluationResult.newBuilder()
        .setCandidateId(request.getCandidateId()).setSearchId(request.getSearchId()).setStep(request.getStep())
        .setWorkerId(workerId);
    try {
      Outcome outcome = run(request);
      result.setAccuracy(outcome.accuracy()).setArtifact(outcome.artifact()).setParamCount(outcome.params())
          .setMacs(outcome.macs());
    } catch (EvaluationException e) {
      LOG.warn("candidate {} cannot be evaluated: {}", request.getCandidateId(), e.getMessage());
      result.setError(e.getMessage());
    } catch (IOException | RuntimeException e) {
      // e.g. a full disk or an engine error: reported, not retried, so one candidate never blocks its partition
      LOG.error("evaluating candidate {} failed", request.getCandidateId(), e);
      result.setError("evaluation failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return result.setEvalWallTimeMs((System.nanoTime() - start) / 1_000_000).setCompletedAtEpochMs(clock.millis())
        .build();
  }

  /** What a successful evaluation measured. */
  record Outcome(double accuracy, ArtifactRef artifact, long params, long macs) {}

  private Outcome run(CandidateEvaluationRequest request) throws EvaluationException, IOException {
    FineTuneBudget budget = request.getFineTuneBudget();
    checkBudget(budget);
    ModelArtifact base = artifacts.fetch(request.getBaseArtifact());
    if (base.kind() != ArtifactKind.FULL) {
      throw new EvaluationException("base artifact " + base.sha256() + " is a " + base.kind()
          + " artifact; candidates are pruned from whole models (FULL)");
    }
    ModelSpec target = targetSpec(base.spec(), request.getWidths());
    ValidationSplit.Parts data = datasets.splits(request.getDatasetId());
    if (data.train().numClasses() != target.numClasses()) {
      throw new EvaluationException("dataset '" + request.getDatasetId() + "' has " + data.train().numClasses()
          + " classes, the base model " + target.numClasses());
    }
    long seed = request.getSeed();
    try (NDManager manager = NDManager.newBaseManager();
        Network parent = base.loadNetwork(manager);
        PruningResult pruned = Pruner.prune(parent, target, recipe.ranking(), manager)) {
      Network network = pruned.network();
      if (recipe.recalibrationBatches() > 0) {
        BatchNormRecalibration.recalibrate(network, data.train(), recipe.recalibrationBatches(), seed);
      }
      if (budget.getOptimizerSteps() > 0) {
        fineTune(network, data.train(), budget, seed);
      }
      double accuracy = Evaluator.evaluate(network, recipe.validationSubset(data.validation()), null).top1();
      ArtifactRef stored = artifacts.put(ModelArtifact.of(network));
      LOG.info("candidate {}: {} pruned to {} -> accuracy {} after {} fine-tune steps, artifact {}",
          request.getCandidateId(), base.spec().widths(), target.widths(), accuracy, budget.getOptimizerSteps(),
          stored.getSha256());
      return new Outcome(accuracy, stored, network.plan().params(), network.plan().macs());
    }
  }

  static void checkBudget(FineTuneBudget budget) throws EvaluationException {
    if (budget.getOptimizerSteps() < 0) {
      throw new EvaluationException("fine-tune budget: optimizerSteps must be >= 0, got " + budget.getOptimizerSteps());
    }
    if (budget.getOptimizerSteps() > 0) {
      if (budget.getBatchSize() < 1) {
        throw new EvaluationException("fine-tune budget: batchSize must be >= 1, got " + budget.getBatchSize());
      }
      if (!(budget.getLearningRate() > 0) || !Double.isFinite(budget.getLearningRate())) {
        throw new EvaluationException("fine-tune budget: learningRate must be a finite number > 0, got "
            + budget.getLearningRate());
      }
    }
  }

  /**
   * The spec {@code widths} ask for, pruned from {@code base}: every channel group named exactly once, none wider
   * than in the base.
   */
  static ModelSpec targetSpec(ModelSpec base, List<ChannelGroupWidth> widths) throws EvaluationException {
    List<ChannelGroup> groups = base.architecture().channelGroups();
    Map<String, Integer> asked = new HashMap<>();
    for (ChannelGroupWidth width : widths) {
      if (asked.put(width.getGroup(), width.getWidthChannels()) != null) {
        throw new EvaluationException("widths name channel group '" + width.getGroup() + "' twice");
      }
    }
    List<String> unknown = asked.keySet().stream()
        .filter(name -> groups.stream().noneMatch(g -> g.name().equals(name))).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new EvaluationException("widths name channel group(s) " + unknown + " that " + base.architecture().id()
          + " does not have; its groups: " + names(groups));
    }
    List<String> missing = groups.stream().map(ChannelGroup::name).filter(name -> !asked.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new EvaluationException("widths give no width for channel group(s) " + missing + " of "
          + base.architecture().id());
    }
    List<Integer> values = new ArrayList<>();
    for (ChannelGroup group : groups) {
      values.add(asked.get(group.name()));
    }
    try {
      ModelSpec target = new ModelSpec(base.architecture(), base.numClasses(), values);
      ChannelSelection.checkPrunable(base, target);
      return target;
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("widths do not fit the base model " + base.architecture().id() + " "
          + base.widths() + ": " + e.getMessage(), e);
    }
  }

  private static String names(List<ChannelGroup> groups) {
    return groups.stream().map(ChannelGroup::name).collect(Collectors.joining(", "));
  }

  /**
   * Exactly {@code budget.optimizerSteps} SGD steps of {@code budget.batchSize} images (cosine schedule from the
   * budget's rate, augmentation on), on a seeded stratified sample of the training part.
   */
  static void fineTune(Network network, LabeledImages train, FineTuneBudget budget, long seed) throws IOException {
    FineTunePlan plan = FineTunePlan.of(budget.getOptimizerSteps(), budget.getBatchSize(), train.size());
    LabeledImages subset = train.stratifiedSample(plan.images(), "executor-finetune-" + seed);
    TrainingConfig config = new TrainingConfig(plan.epochs(), plan.batchSize(), budget.getLearningRate(), MOMENTUM,
        WEIGHT_DECAY, 0, LearningRateSchedule.COSINE, true, seed, 0);
    new Trainer(config, null, null, null).train(network, subset, null);
  }

  /**
   * How {@code steps} optimizer steps map onto the trainer's epochs over a subset: epochs x (images / batch) =
   * steps exactly. With enough images it is one epoch over steps x batch images; otherwise the fewest epochs
   * that divide {@code steps} with an epoch that fits the data.
   *
   * @param epochs passes over the subset
   * @param batchSize images per step (the budget's, or all images when there are fewer)
   * @param images size of the subset
   */
  record FineTunePlan(int epochs, int batchSize, int images) {
    static FineTunePlan of(int steps, int requestedBatch, int available) {
      if (steps < 1 || requestedBatch < 1 || available < 1) {
        throw new IllegalArgumentException("need steps, batch size and images >= 1, got " + steps + ", "
            + requestedBatch + ", " + available);
      }
      int batch = Math.min(requestedBatch, available);
      int stepsPerEpochMax = available / batch;
      int epochs = (steps + stepsPerEpochMax - 1) / stepsPerEpochMax;
      while (steps % epochs != 0) {
        epochs++; // terminates: epochs == steps divides steps, with one step per epoch
      }
      return new FineTunePlan(epochs, batch, steps / epochs * batch);
    }

    int steps() {
      return epochs * (images / batchSize);
    }
  }
}
