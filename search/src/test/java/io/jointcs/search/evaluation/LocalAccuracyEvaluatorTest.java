package io.jointcs.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.data.ValidationSplit;
import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.L1NormRanking;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.SearchAction;
import io.jointcs.search.TargetCut;
import io.jointcs.segmentation.CutQuantization;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAccuracyEvaluatorTest {
  private static final ModelSpec BASE = ModelSpec.uniformlyScaled(Architecture.RESNET20, 4, 0.25);
  private static final CompressionRecipe RECIPE =
      new CompressionRecipe(L1NormRanking.gammaScaled(), 1, 32, 1, 0.01, 16, 0);

  @Test
  void candidatesArePrunedFromTheirParentAndKeptAsArtifacts(@TempDir Path dir) throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir);
    ValidationSplit.Parts parts = ValidationSplit.carve(SyntheticImages.generate(4, 20, 1), 0.25, "t");
    String base;
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(BASE, manager, 1)) {
      base = store.put(ModelArtifact.of(network)).sha256();
    }
    LocalAccuracyEvaluator evaluator =
        new LocalAccuracyEvaluator(store, base, parts.train(), parts.validation(), RECIPE, RECIPE);
    ModelSpec narrower = BASE.withWidth(0, 2);
    Candidate first = candidate("c1", "", narrower, CutQuantization.NONE, 11);
    CandidateEvaluation result = evaluator.evaluate(List.of(first)).get(0);

    assertThat(result.candidateId()).isEqualTo("c1");
    assertThat(result.accuracy()).isBetween(0.0, 1.0);
    try (NDManager manager = NDManager.newBaseManager();
        Network pruned = store.loadNetwork(result.artifact(), manager)) {
      assertThat(pruned.spec()).isEqualTo(narrower);
    }

    // a child starts from the parent's fine-tuned weights, and an INT8 cut is measured split
    Candidate child = candidate("c2", result.artifact(), narrower.withWidth(3, 2), CutQuantization.INT8, 4);
    CandidateEvaluation childResult = evaluator.evaluate(List.of(child)).get(0);
    assertThat(childResult.artifact()).isNotEqualTo(result.artifact());
    assertThat(store.contains(childResult.artifact())).isTrue();
  }

  @Test
  void anUnknownBaseArtifactIsRefused(@TempDir Path dir) throws Exception {
    FileArtifactStore store = new FileArtifactStore(dir);
    LabeledImages images = SyntheticImages.generate(4, 4, 1);
    assertThatThrownBy(() -> new LocalAccuracyEvaluator(store, "ab".repeat(32), images, images, RECIPE, RECIPE))
        .hasMessageContaining("not in the artifact store");
  }

  private static Candidate candidate(String id, String parent, ModelSpec spec, CutQuantization quantization, int cut) {
    TargetCut placement = new TargetCut("device@link", cut, 1, 1, 1, 100, 3);
    return new Candidate(id, parent.isEmpty() ? "" : "c1", parent, 1, SearchAction.prune(0, "stage1", 4, 2), spec,
        quantization, List.of(placement), 1.0, 7);
  }
}
