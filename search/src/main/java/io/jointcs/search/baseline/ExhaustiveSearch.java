package io.jointcs.search.baseline;

import io.jointcs.model.ChannelGroup;
import io.jointcs.model.ModelSpec;
import io.jointcs.search.AccuracyEvaluator;
import io.jointcs.search.Assessment;
import io.jointcs.search.Candidate;
import io.jointcs.search.CandidateEvaluation;
import io.jointcs.search.CutPolicy;
import io.jointcs.search.EvaluationBatch;
import io.jointcs.search.SearchAction;
import io.jointcs.search.SearchConfig;
import io.jointcs.search.SearchCost;
import io.jointcs.search.SearchProblem;
import io.jointcs.search.SearchResult;
import io.jointcs.search.SearchResults;
import io.jointcs.search.SeriesEntry;
import io.jointcs.search.SplitObjective;
import io.jointcs.search.WidthSpace;
import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The true optimum of the predicted objective on a small space: every combination of allowed widths (each group's
 * widths up to its initial one; frozen groups keep theirs), times the cut quantizations, each at its best cut.
 * The optimum is the most accurate combination that meets the goal. Only for measuring the optimality gap of the
 * progressive search on tiny spaces: every combination is evaluated.
 */
public final class ExhaustiveSearch {
  public static final String METHOD = "exhaustive";
  public static final long DEFAULT_MAX_COMBINATIONS = 4096;

  private final long maxCombinations;

  public ExhaustiveSearch(long maxCombinations) {
    if (maxCombinations < 1) {
      throw new IllegalArgumentException("the combination cap must be >= 1, got " + maxCombinations);
    }
    this.maxCombinations = maxCombinations;
  }

  public ExhaustiveSearch() {
    this(DEFAULT_MAX_COMBINATIONS);
  }

  /** The widths every group takes in the enumeration, in group order. */
  public static List<List<Integer>> choices(ModelSpec initial, WidthSpace space) {
    space.checkBelongs(initial, "the initial model");
    List<List<Integer>> out = new ArrayList<>();
    for (ChannelGroup group : initial.architecture().channelGroups()) {
      int g = group.index();
      TreeSet<Integer> widths = new TreeSet<>(space.narrowerThan(g, initial.width(g)));
      widths.add(initial.width(g));
      out.add(List.copyOf(widths));
    }
    return out;
  }

  /** Combinations of the space, or a clear error when they exceed the cap (checked before anything runs). */
  public long checkedSize(List<List<Integer>> choices, int quantizations) {
    long size = quantizations;
    for (List<Integer> widths : choices) {
      size *= widths.size();
      if (size > maxCombinations) {
        throw new IllegalArgumentException("the exhaustive space exceeds the cap of " + maxCombinations
            + " combinations (per group: " + choices.stream().map(List::size).toList() + " widths, times "
            + quantizations + " cut quantizations); freeze groups or use a coarser grid (WidthSpace.grid)");
      }
    }
    return size;
  }

  public SearchResult run(SearchProblem problem, SearchConfig config, AccuracyEvaluator evaluator) {
    long startNanos = System.nanoTime();
    List<List<Integer>> choices = choices(problem.initial(), problem.widths());
    List<CutQuantization> quantizations = config.quantizeCutAction()
        ? List.of(CutQuantization.NONE, CutQuantization.INT8) : List.of(CutQuantization.NONE);
    long size = checkedSize(choices, quantizations.size());
    SplitObjective objective = SplitObjective.create(problem.initial(), problem.targets(), CutPolicy.BEST_CUT,
        config.aggregation());

    List<Candidate> candidates = new ArrayList<>((int) size);
    int[] digit = new int[choices.size()];
    boolean more = true;
    while (more) {
      List<Integer> widths = new ArrayList<>(digit.length);
      for (int g = 0; g < digit.length; g++) {
        widths.add(choices.get(g).get(digit[g]));
      }
      ModelSpec spec = new ModelSpec(problem.initial().architecture(), problem.initial().numClasses(), widths);
      for (CutQuantization q : quantizations) {
        String id = "x" + candidates.size();
        Assessment a = objective.assess(spec, q);
        candidates.add(new Candidate(id, "", "", 0, SearchAction.enumerated(), spec, q, a.cuts(),
            a.normalizedLatency(), Candidate.seedFor(config.seed(), id)));
      }
      more = advance(digit, choices);
    }
    Map<String, CandidateEvaluation> evaluations = EvaluationBatch.evaluate(evaluator, candidates);
    List<SeriesEntry> all = candidates.stream()
        .map(c -> SeriesEntry.accepted(c, evaluations.get(c.id()))).toList();

    List<SeriesEntry> front = nonDominated(all);
    SeriesEntry optimum = SearchResults.choose(front);
    List<Double> goals = objective.goalsMs();
    String message = (optimum.meetsGoal()
        ? "optimum of " + size + " combinations: "
        : "latency goal NOT reached by any of the " + size + " combinations; fastest: ")
        + SearchResults.describe(optimum, goals);
    SearchCost cost = new SearchCost((System.nanoTime() - startNanos) / 1_000_000, 0, candidates.size(),
        objective.predictorQueries(), 0);
    return new SearchResult(METHOD, config.settings(CutPolicy.BEST_CUT), problem.initial(), problem.targetSpecs(),
        goals, front, optimum.id(), optimum.meetsGoal(), message, SearchResults.fronts(problem.targetSpecs(), all),
        cost);
  }

  /** Odometer over the width choices, last group fastest; false after the last combination. */
  private static boolean advance(int[] digit, List<List<Integer>> choices) {
    for (int g = digit.length - 1; g >= 0; g--) {
      if (++digit[g] < choices.get(g).size()) {
        return true;
      }
      digit[g] = 0;
    }
    return false;
  }

  /** Entries no other beats on both accuracy and normalized latency, slowest first. */
  private static List<SeriesEntry> nonDominated(List<SeriesEntry> all) {
    List<SeriesEntry> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingDouble(SeriesEntry::normalizedLatency)
        .thenComparing(Comparator.comparingDouble(SeriesEntry::reportedAccuracy).reversed()));
    List<SeriesEntry> front = new ArrayList<>();
    for (SeriesEntry e : sorted) {
      if (front.isEmpty() || e.reportedAccuracy() > front.get(front.size() - 1).reportedAccuracy()) {
        front.add(e);
      }
    }
    Collections.reverse(front);
    return front;
  }
}
