package io.jointcs.search.evaluation;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.ArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.model.Network;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.Compressor;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetCut;
import io.jointcs.segmentation.CutQuantization;
import io.jointcs.segmentation.SplitModel;
import io.jointcs.training.Evaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The compression executor in this process: each candidate is pruned from its parent's weights
 * with the {@link CompressionRecipe}, recalibrated, fine-tuned and validated; the result is kept
 * in an {@link ArtifactStore} and its content address is the handle children start from. With an
 * INT8 cut tensor, the model is also evaluated split and quantized at each target's cut, and the
 * lowest accuracy counts.
 */
public final class LocalAccuracyEvaluator implements AccuracyEvaluator {
  private final ArtifactStore store;
  private final String baseArtifact;
  private final LabeledImages train;
  private final LabeledImages validation;
  private final CompressionRecipe candidateRecipe;
  private final CompressionRecipe finalRecipe;

  /**
   * @param baseArtifact sha256 of the unpruned model in the store (candidates without a parent start there)
   * @param candidateRecipe budget per candidate (its seed is replaced by the candidate's)
   * @param finalRecipe budget of the final fine-tune (its epochs are replaced by the requested budget)
   */
  public LocalAccuracyEvaluator(ArtifactStore store, String baseArtifact, LabeledImages train,
      LabeledImages validation, CompressionRecipe candidateRecipe, CompressionRecipe finalRecipe) {
    this.store = store;
    this.baseArtifact = baseArtifact;
    this.train = train;
    this.validation = validation;
    this.candidateRecipe = candidateRecipe;
    this.finalRecipe = finalRecipe;
    try {
      if (!store.contains(baseArtifact)) {
        throw new IllegalArgumentException("base artifact " + baseArtifact + " is not in the artifact store");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact store: " + e.getMessage(), e);
    }
  }

  @Override
  public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
    List<CandidateEvaluation> results = new ArrayList<>();
    for (Candidate candidate : candidates) {
      String parent = candidate.parentArtifact().isEmpty() ? baseArtifact : candidate.parentArtifact();
      CompressionRecipe recipe = withSeed(candidateRecipe, candidate.seed());
      results.add(run(candidate.id(), parent, candidate, recipe));
    }
    return results;
  }

  @Override
  public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
    CompressionRecipe recipe = new CompressionRecipe(finalRecipe.ranking(), finalRecipe.recalibrationBatches(),
        finalRecipe.fineTuneImages(), budget.epochs(), finalRecipe.fineTuneLearningRate(),
        finalRecipe.validationImages(), finalRecipe.seed());
    return run(entry.id(), entry.artifact().isEmpty() ? baseArtifact : entry.artifact(), null, recipe);
  }

  private CandidateEvaluation run(String id, String parentArtifact, Candidate candidate, CompressionRecipe recipe) {
    try (NDManager manager = NDManager.newBaseManager();
        Network parent = store.loadNetwork(parentArtifact, manager)) {
      var target = candidate == null ? parent.spec() : candidate.spec();
      Compressor.Outcome outcome = Compressor.compress(parent, target, train, validation, recipe, manager);
      try (Network network = outcome.network()) {
        double accuracy = outcome.accuracy();
        if (candidate != null && candidate.quantization() == CutQuantization.INT8) {
          accuracy = Math.min(accuracy, quantizedAccuracy(network, candidate, recipe, manager));
        }
        String artifact = store.put(ModelArtifact.of(network)).sha256();
        return new CandidateEvaluation(id, accuracy, artifact);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("evaluating candidate " + id + " failed: " + e.getMessage(), e);
    }
  }

  private double quantizedAccuracy(Network network, Candidate candidate, CompressionRecipe recipe,
      NDManager manager) {
    LabeledImages subset = recipe.validationSubset(validation);
    double lowest = 1.0;
    TreeSet<Integer> cuts = new TreeSet<>();
    candidate.cuts().stream().map(TargetCut::cutPoint).forEach(cuts::add);
    for (int cut : cuts) {
      if (cut >= network.plan().blockCount()) {
        continue; // nothing crosses the network
      }
      SplitModel split = SplitModel.split(network, cut, CutQuantization.INT8);
      lowest = Math.min(lowest, Evaluator.evaluate(manager, subset, null, split.scores()).top1());
    }
    return lowest;
  }

  private static CompressionRecipe withSeed(CompressionRecipe recipe, long seed) {
    return new CompressionRecipe(recipe.ranking(), recipe.recalibrationBatches(), recipe.fineTuneImages(),
        recipe.fineTuneEpochs(), recipe.fineTuneLearningRate(), recipe.validationImages(), seed);
  }
}
