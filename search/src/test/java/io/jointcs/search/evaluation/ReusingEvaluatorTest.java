package io.jointcs.search.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.jointcs.model.Architecture;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.FineTuneBudget;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.TargetCut;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReusingEvaluatorTest {
  private static final ModelSpec BASE = ModelSpec.base(Architecture.RESNET20, 10);

  /** Answers with a number that changes with every call, so a reused answer is visible. */
  private static final class Counting implements AccuracyEvaluator {
    final List<String> asked = new ArrayList<>();

    @Override
    public List<CandidateEvaluation> evaluate(List<Candidate> candidates) {
      return candidates.stream().map(c -> {
        asked.add(c.id());
        return new CandidateEvaluation(c.id(), asked.size() / 100.0, "w" + asked.size());
      }).toList();
    }

    @Override
    public CandidateEvaluation finalizeModel(SeriesEntry entry, FineTuneBudget budget) {
      throw new UnsupportedOperationException();
    }
  }

  private static Candidate candidate(String id, ModelSpec spec, CutQuantization q, int cut, long seed) {
    return new Candidate(id, "", "", 1, SearchAction.initial(), spec, q, List.of(TargetCut.of("t", cut, 1, 0, 0, 0)),
        1, seed);
  }

  @Test
  void theSameModelIsEvaluatedOnceAndAnythingElseAgain() {
    Counting counting = new Counting();
    ReusingEvaluator reusing = new ReusingEvaluator(counting);
    ModelSpec narrow = BASE.withWidth(0, 8);
    CandidateEvaluation first = reusing.evaluate(List.of(candidate("a", narrow, CutQuantization.NONE, 3, 7))).get(0);
    // another search asks for the same model at another float cut: reused, under its own id
    CandidateEvaluation again = reusing.evaluate(List.of(candidate("b", narrow, CutQuantization.NONE, 5, 7))).get(0);
    assertThat(again.candidateId()).isEqualTo("b");
    assertThat(again.accuracy()).isEqualTo(first.accuracy());
    assertThat(again.artifact()).isEqualTo(first.artifact());
    assertThat(reusing.reused()).isEqualTo(1);
    // another seed, other widths, or an INT8 cut elsewhere are other evaluations
    reusing.evaluate(List.of(candidate("c", narrow, CutQuantization.NONE, 3, 8), candidate("d", BASE,
        CutQuantization.NONE, 3, 7), candidate("e", narrow, CutQuantization.INT8, 3, 7), candidate("f", narrow,
        CutQuantization.INT8, 5, 7)));
    assertThat(counting.asked).containsExactly("a", "c", "d", "e", "f");
    assertThat(reusing.reused()).isEqualTo(1);
  }
}
