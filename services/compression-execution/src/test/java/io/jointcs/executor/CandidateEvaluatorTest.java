package io.jointcs.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.events.ArtifactRef;
import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.CandidateEvaluationResult;
import io.jointcs.events.ChannelGroupWidth;
import io.jointcs.events.FineTuneBudget;
import io.jointcs.model.Architecture;
import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.L1NormRanking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation logic without Kafka or Quarkus: real pruning, fine-tuning and validation of a tiny ResNet-20. */
class CandidateEvaluatorTest {
  /** ResNet-20 at a quarter width (4/8/16 channels per stage): seconds per evaluation on one thread. */
  static final ModelSpec BASE = ModelSpec.uniformlyScaled(Architecture.RESNET20, 10, 0.25);
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir
  static Path dir;
  static FileArtifactStore store;
  static ModelArtifact base;
  static CandidateEvaluator evaluator;

  @BeforeAll
  static void setUp() throws IOException {
    store = new FileArtifactStore(dir.resolve("artifacts"));
    try (NDManager manager = NDManager.newBaseManager(); Network network = Network.initialize(BASE, manager, 7)) {
      base = ModelArtifact.of(network);
    }
    store.put(base);
    DatasetCatalog datasets = new DatasetCatalog(Map.of(), 10, 6, dir.resolve("cache"));
    evaluator = new CandidateEvaluator(new ArtifactRepository(store, Optional.of("http://executor:8083")), datasets,
        new CompressionRecipe(L1NormRanking.gammaScaled(), 1, 0, 0, 0, 0, 0), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Every group at half its base width (at least one channel). */
  static List<ChannelGroupWidth> halfWidths() {
    return Architecture.RESNET20.channelGroups().stream()
        .map(g -> new ChannelGroupWidth(g.name(), Math.max(1, BASE.width(g.index()) / 2))).toList();
  }

  static CandidateEvaluationRequest request(String candidateId, ArtifactRef baseRef, String dataset,
      List<ChannelGroupWidth> widths, int steps) {
    return CandidateEvaluationRequest.newBuilder().setCandidateId(candidateId).setSearchId("s-1").setStep(2)
        .setBaseArtifact(baseRef).setDatasetId(dataset).setWidths(widths)
        .setFineTuneBudget(new FineTuneBudget(steps, 8, 0.01)).setSeed(11).setRequestedAtEpochMs(1).build();
  }

  static ArtifactRef baseRef() {
    return ArtifactRef.newBuilder().setRef("artifacts/sha256/" + base.sha256() + ".jcsm").setSha256(base.sha256())
        .setSizeBytes(base.sizeBytes()).build();
  }

  @Test
  void prunesFineTunesValidatesAndStoresTheCandidate() throws IOException {
    // Given a stored base model and a request for half its widths with two fine-tune steps
    CandidateEvaluationRequest request = request("c-1", baseRef(), DatasetCatalog.SYNTHETIC, halfWidths(), 2);

    // When it is evaluated
    CandidateEvaluationResult result = evaluator.evaluate(request, "w-0");

    // Then the result carries the measured accuracy and a stored artifact of exactly the asked widths
    assertThat(result.getError()).isNull();
    assertThat(result.getCandidateId()).isEqualTo("c-1");
    assertThat(result.getSearchId()).isEqualTo("s-1");
    assertThat(result.getStep()).isEqualTo(2);
    assertThat(result.getWorkerId()).isEqualTo("w-0");
    assertThat(result.getCompletedAtEpochMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(result.getAccuracy()).isBetween(0.0, 1.0);
    String sha = result.getArtifact().getSha256();
    assertThat(result.getArtifact().getRef()).isEqualTo("http://executor:8083/artifacts/" + sha);
    assertThat(store.contains(sha)).isTrue();
    ModelArtifact stored = store.get(sha);
    assertThat(result.getArtifact().getSizeBytes()).isEqualTo(stored.sizeBytes());
    List<Integer> asked = halfWidths().stream().map(ChannelGroupWidth::getWidthChannels).toList();
    assertThat(stored.spec().widths()).isEqualTo(asked);
    assertThat(result.getParamCount()).isEqualTo(stored.spec().plan().params()).isLessThan(BASE.plan().params());
    assertThat(result.getMacs()).isEqualTo(stored.spec().plan().macs()).isLessThan(BASE.plan().macs());
    try (NDManager manager = NDManager.newBaseManager(); Network loaded = stored.loadNetwork(manager)) {
      assertThat(loaded.spec().widths()).isEqualTo(asked);
    }
  }

  @Test
  void theSameRequestGivesTheSameModel() {
    // Given one request (its seed fixes data order and augmentation)
    CandidateEvaluationRequest request = request("c-2", baseRef(), DatasetCatalog.SYNTHETIC, halfWidths(), 1);

    // When it is evaluated twice
    CandidateEvaluationResult first = evaluator.evaluate(request, "w-0");
    CandidateEvaluationResult second = evaluator.evaluate(request, "w-1");

    // Then both give the same weights and accuracy (a redelivery could not publish a different model)
    assertThat(second.getArtifact().getSha256()).isEqualTo(first.getArtifact().getSha256());
    assertThat(second.getAccuracy()).isEqualTo(first.getAccuracy());
  }

  @Test
  void anUnknownDatasetIsAnErrorResult() {
    CandidateEvaluationResult result =
        evaluator.evaluate(request("c-3", baseRef(), "imagenet", halfWidths(), 0), "w-0");

    assertThat(result.getError()).contains("unknown dataset 'imagenet'").contains("synthetic");
    assertThat(result.getAccuracy()).isNull();
    assertThat(result.getArtifact()).isNull();
  }

  @Test
  void widthsWiderThanTheBaseAreAnErrorResult() {
    List<ChannelGroupWidth> wider = Architecture.RESNET20.channelGroups().stream()
        .map(g -> new ChannelGroupWidth(g.name(), BASE.width(g.index()) + (g.index() == 0 ? 1 : 0))).toList();

    CandidateEvaluationResult result = evaluator.evaluate(request("c-4", baseRef(), "synthetic", wider, 0), "w-0");

    assertThat(result.getError()).contains("widths do not fit").contains("wider");
  }

  @Test
  void aCorruptStoredBaseIsAnErrorResult(@TempDir Path other) throws IOException {
    // Given a store whose file for the base's sha256 holds other bytes
    FileArtifactStore corrupt = new FileArtifactStore(other);
    byte[] bytes = base.toBytes();
    bytes[bytes.length - 1] ^= 1;
    Files.write(corrupt.pathOf(base.sha256()), bytes);
    CandidateEvaluator onCorrupt = new CandidateEvaluator(new ArtifactRepository(corrupt, Optional.empty()),
        new DatasetCatalog(Map.of(), 10, 6, other), new CompressionRecipe(L1NormRanking.plain(), 0, 0, 0, 0, 0, 0),
        Clock.systemUTC());

    // When a candidate is evaluated from it
    CandidateEvaluationResult result =
        onCorrupt.evaluate(request("c-5", baseRef(), "synthetic", halfWidths(), 0), "w-0");

    // Then the sha256 check refuses it
    assertThat(result.getError()).contains("is corrupt").contains("expected sha256 " + base.sha256());
  }

  @Test
  void aBaseMissingFromTheStoreWithoutUrlIsAnErrorResult() {
    ArtifactRef missing = ArtifactRef.newBuilder().setRef("artifacts/sha256/x.jcsm").setSha256("ab".repeat(32))
        .setSizeBytes(10).build();

    CandidateEvaluationResult result = evaluator.evaluate(request("c-6", missing, "synthetic", halfWidths(), 0), "w");

    assertThat(result.getError()).contains("is not in the artifact store").contains("not an http(s) URL");
  }

  @Test
  void widthsMustNameEveryGroupOnce() {
    List<ChannelGroupWidth> widths = halfWidths();
    assertThatThrownBy(() -> CandidateEvaluator.targetSpec(BASE, widths.subList(1, widths.size())))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("no width for channel group(s) [stage1]");
    List<ChannelGroupWidth> unknown = new java.util.ArrayList<>(widths);
    unknown.add(new ChannelGroupWidth("stage9", 3));
    assertThatThrownBy(() -> CandidateEvaluator.targetSpec(BASE, unknown))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("[stage9]");
    List<ChannelGroupWidth> twice = new java.util.ArrayList<>(widths);
    twice.add(widths.get(0));
    assertThatThrownBy(() -> CandidateEvaluator.targetSpec(BASE, twice))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("twice");
  }

  @Test
  void aBudgetWithoutLearningRateIsRefused() {
    assertThatThrownBy(() -> CandidateEvaluator.checkBudget(new FineTuneBudget(3, 8, 0.0)))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> CandidateEvaluator.checkBudget(new FineTuneBudget(-1, 8, 0.1)))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("optimizerSteps");
  }

  @Test
  void fineTunePlansRunExactlyTheRequestedSteps() {
    // enough images: one epoch of steps x batch
    assertThat(CandidateEvaluator.FineTunePlan.of(10, 8, 1000))
        .isEqualTo(new CandidateEvaluator.FineTunePlan(1, 8, 80));
    // 54 images hold 6 batches of 8: 9 steps = 3 epochs of 3 steps
    assertThat(CandidateEvaluator.FineTunePlan.of(9, 8, 54))
        .isEqualTo(new CandidateEvaluator.FineTunePlan(3, 8, 24));
    // a prime step count beyond one epoch: one step per epoch
    assertThat(CandidateEvaluator.FineTunePlan.of(7, 8, 40).steps()).isEqualTo(7);
    // fewer images than a batch: the batch shrinks to the data
    assertThat(CandidateEvaluator.FineTunePlan.of(2, 64, 10)).isEqualTo(new CandidateEvaluator.FineTunePlan(2, 10, 10));
    for (int steps = 1; steps < 40; steps++) {
      for (int available : new int[] {5, 17, 54, 300}) {
        CandidateEvaluator.FineTunePlan plan = CandidateEvaluator.FineTunePlan.of(steps, 8, available);
        assertThat(plan.steps()).as("steps %d of %d images", steps, available).isEqualTo(steps);
        assertThat(plan.images()).isLessThanOrEqualTo(available);
      }
    }
  }

  @Test
  void groupsAreNamedAsTheLibraryNamesThem() {
    assertThat(Architecture.RESNET20.channelGroups()).extracting(ChannelGroup::name).contains("stage1", "s1b0.mid");
  }
}
