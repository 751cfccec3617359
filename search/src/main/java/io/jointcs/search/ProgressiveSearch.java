package io.jointcs.search;

import io.jointcs.segmentation.CutQuantization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The progressive joint search of DESIGN section 2:
 *
 * <pre>
 *   state_0 = (M_0, c*(M_0))
 *   repeat until the goal is met or no candidate remains:
 *     tau = max(T_prev (1 - step_k), goal)           per beam state, on the normalized latency
 *     for each channel group: the widest w' &lt; w_g meeting tau   -&gt; candidate  (predictor only)
 *     optionally: the INT8 cut tensor, if it meets tau          -&gt; candidate
 *     evaluate every candidate of every beam state in one batch
 *     keep the best K by the selection rule (K = 1: greedy); emit each
 * </pre>
 *
 * tau is clamped at the goal so the last step does not prune more than needed. Every accepted state is strictly
 * faster than its parent, so the search ends. With several targets the driving latency is the aggregate (by
 * default the worst) of T_t / goal_t, see {@link Aggregation}.
 *
 * <p>Deterministic: candidates are generated in beam-rank, group-index order; ties in the selection keep that order.
 */
public final class ProgressiveSearch {
  private record Key(List<Integer> widths, CutQuantization quantization) {}

  private record Scored(Candidate candidate, CandidateEvaluation evaluation, double score, int order) {}

  private final SearchConfig config;
  private final AccuracyEvaluator evaluator;

  public ProgressiveSearch(SearchConfig config, AccuracyEvaluator evaluator) {
    if (config == null || evaluator == null) {
      throw new IllegalArgumentException("a search needs a config and an accuracy evaluator");
    }
    this.config = config;
    this.evaluator = evaluator;
  }

  /** {@code jointcs-greedy} or {@code jointcs-beamK}. */
  public String methodName() {
    return config.beamWidth() == 1 ? "jointcs-greedy" : "jointcs-beam" + config.beamWidth();
  }

  public SearchResult run(SearchProblem problem) {
    return run(problem, SearchListener.NONE);
  }

  public SearchResult run(SearchProblem problem, SearchListener listener) {
    return run(problem, listener, CutPolicy.BEST_CUT, methodName());
  }

  /** The same progression under another cut policy (the compression-only baseline uses c = B). */
  public SearchResult run(SearchProblem problem, SearchListener listener, CutPolicy policy, String method) {
    long startNanos = System.nanoTime();
    SplitObjective objective = SplitObjective.create(problem.initial(), problem.targets(), policy,
        config.aggregation());
    // an INT8 cut cannot speed up c = B, where nothing is sent
    boolean quantize = config.quantizeCutAction() && policy == CutPolicy.BEST_CUT;
    CandidateGenerator generator = new CandidateGenerator(objective, problem.widths(), config.widthSearch(),
        quantize, config.seed());

    Assessment initial = objective.assess(problem.initial(), CutQuantization.NONE);
    Candidate root = new Candidate("s0", "", "", 0, SearchAction.initial(), problem.initial(), CutQuantization.NONE,
        initial.cuts(), initial.normalizedLatency(), Candidate.seedFor(config.seed(), "s0"));
    SeriesEntry rootEntry = SeriesEntry.accepted(root, EvaluationBatch.evaluate(evaluator, List.of(root)).get("s0"));
    int evaluated = 1;
    listener.accepted(rootEntry, 0);

    List<SeriesEntry> accepted = new ArrayList<>(List.of(rootEntry));
    Map<String, SeriesEntry> byId = new HashMap<>(Map.of(rootEntry.id(), rootEntry));
    List<SeriesEntry> beam = rootEntry.meetsGoal() ? List.of() : List.of(rootEntry);
    int step = 0;
    boolean outOfSteps = false;
    while (!beam.isEmpty()) {
      if (step >= config.maxSteps()) {
        outOfSteps = true;
        break;
      }
      step++;
      double stepFraction = config.schedule().step(step - 1);
      listener.stepStarted(step, stepFraction, beam.size());
      List<Candidate> candidates = generate(generator, beam, step, stepFraction);
      if (candidates.isEmpty()) {
        break;
      }
      listener.candidatesGenerated(step, candidates.size());
      Map<String, CandidateEvaluation> evaluations = EvaluationBatch.evaluate(evaluator, candidates);
      evaluated += candidates.size();
      List<SeriesEntry> next = new ArrayList<>();
      for (Scored s : rank(candidates, evaluations, byId)) {
        if (next.size() == config.beamWidth()) {
          break;
        }
        SeriesEntry entry = SeriesEntry.accepted(s.candidate(), s.evaluation());
        listener.accepted(entry, next.size());
        next.add(entry);
        accepted.add(entry);
        byId.put(entry.id(), entry);
      }
      beam = next.stream().filter(e -> !e.meetsGoal()).toList();
    }

    SeriesEntry chosen = SearchResults.choose(accepted);
    List<SeriesEntry> series = fineTuneFinalModels(SearchResults.lineage(chosen, accepted));
    List<Double> goals = objective.goalsMs();
    String message = message(rootEntry, chosen, step, outOfSteps, goals);
    SearchCost cost = new SearchCost((System.nanoTime() - startNanos) / 1_000_000, step, evaluated,
        objective.predictorQueries(), Math.min(config.finalizeLast(), series.size()));
    SearchResult result = new SearchResult(method, config.settings(policy), problem.initial(), problem.targetSpecs(),
        goals, series, chosen.id(), chosen.meetsGoal(), message, SearchResults.fronts(problem.targetSpecs(), series),
        cost);
    listener.finished(result);
    return result;
  }

  private static List<Candidate> generate(CandidateGenerator generator, List<SeriesEntry> beam, int step,
      double stepFraction) {
    List<Candidate> out = new ArrayList<>();
    Set<Key> seen = new HashSet<>();
    for (int rank = 0; rank < beam.size(); rank++) {
      SeriesEntry parent = beam.get(rank);
      double tau = Math.max(parent.normalizedLatency() * (1 - stepFraction), 1.0);
      for (Candidate c : generator.candidates(parent, rank, step, tau)) {
        // two beam states can reach the same model: evaluate it once, as the child of the better-ranked one
        if (seen.add(new Key(c.spec().widths(), c.quantization()))) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private List<Scored> rank(List<Candidate> candidates, Map<String, CandidateEvaluation> evaluations,
      Map<String, SeriesEntry> byId) {
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      CandidateEvaluation e = evaluations.get(c.id());
      double score = config.selectionRule().score(c, e.accuracy(), byId.get(c.parentId()));
      if (Double.isNaN(score)) {
        throw new IllegalStateException("selection rule " + config.selectionRule().name() + " scored candidate '"
            + c.id() + "' NaN");
      }
      scored.add(new Scored(c, e, score, i));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(Scored::order));
    return scored;
  }

  /** The longer fine-tune for the last models of the series. */
  private List<SeriesEntry> fineTuneFinalModels(List<SeriesEntry> series) {
    int count = Math.min(config.finalizeLast(), series.size());
    if (count == 0) {
      return series;
    }
    List<SeriesEntry> out = new ArrayList<>(series);
    FineTuneBudget budget = new FineTuneBudget(config.finalizeEpochs());
    for (int i = series.size() - count; i < series.size(); i++) {
      out.set(i, Finalization.apply(evaluator, series.get(i), budget));
    }
    return out;
  }

  private String message(SeriesEntry root, SeriesEntry chosen, int steps, boolean outOfSteps, List<Double> goals) {
    if (chosen == root && root.meetsGoal()) {
      return "the initial model already meets the latency goal: " + SearchResults.describe(root, goals);
    }
    if (chosen.meetsGoal()) {
      return "latency goal reached after " + steps + " steps: " + SearchResults.describe(chosen, goals);
    }
    String why = outOfSteps
        ? "stopped after the step budget of " + config.maxSteps() + " steps"
        : "in step " + steps + " no candidate meets tau (no channel group can be narrowed far enough within the"
            + " width space" + (config.quantizeCutAction() ? ", and the INT8 cut does not help" : "") + ")";
    return "latency goal NOT reached: " + why + "; best found: " + SearchResults.describe(chosen, goals);
  }
}
