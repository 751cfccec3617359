package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses and fits the invocation overhead on training models only. The term set is chosen by leave-one-model-out
 * cross-validation over the training models (every observation of one model - its whole pass, heads, tails - left
 * out together), never by looking at held-out models; the chosen terms are then fitted on all training observations.
 */
public final class OverheadFit {
  private OverheadFit() {}

  /**
   * @param terms the chosen term set
   * @param overhead fitted on all training observations with those terms
   * @param crossValidatedMape leave-one-model-out mean absolute percentage error of (layer sum + overhead) for each
   *     candidate term set, in the order given (NaN where a candidate could not be fitted)
   * @param models distinct training models
   */
  public record Selection(Set<InvocationOverhead.Term> terms, InvocationOverhead overhead,
      Map<String, Double> crossValidatedMape, int models) {}

  /**
   * The candidate with the lowest leave-one-model-out error (ties: the earlier, so list simpler sets first).
   *
   * @throws IllegalArgumentException with fewer than 3 training models
   */
  public static Selection select(List<ModelLatencyObservation> training, List<Set<InvocationOverhead.Term>> candidates) {
    Map<String, List<ModelLatencyObservation>> byModel = byModel(training);
    if (byModel.size() < 3) {
      throw new IllegalArgumentException("choosing the invocation overhead needs at least 3 training models, got "
          + byModel.size());
    }
    Map<String, Double> cv = new LinkedHashMap<>();
    Set<InvocationOverhead.Term> best = null;
    double bestError = Double.POSITIVE_INFINITY;
    for (Set<InvocationOverhead.Term> terms : candidates) {
      double e = crossValidatedMape(byModel, terms);
      cv.put(terms.toString(), e);
      if (e < bestError) {
        bestError = e;
        best = terms;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no overhead term set could be fitted on " + training.size()
          + " observations of " + byModel.size() + " models");
    }
    return new Selection(best, InvocationOverhead.fit(training, best), cv, byModel.size());
  }

  /**
   * Leave-one-model-out error of (measured layer sum + overhead fitted on the other models) against the measured
   * invocation: what the overhead is worth on models it was not fitted on. NaN when a fold cannot be fitted.
   */
  public static double crossValidatedMape(List<ModelLatencyObservation> observations,
      Set<InvocationOverhead.Term> terms) {
    return crossValidatedMape(byModel(observations), terms);
  }

  private static double crossValidatedMape(Map<String, List<ModelLatencyObservation>> byModel,
      Set<InvocationOverhead.Term> terms) {
    double sum = 0;
    int n = 0;
    for (String left : byModel.keySet()) {
      List<ModelLatencyObservation> rest = new ArrayList<>();
      byModel.forEach((m, obs) -> {
        if (!m.equals(left)) {
          rest.addAll(obs);
        }
      });
      InvocationOverhead o;
      try {
        o = InvocationOverhead.fit(rest, terms);
      } catch (IllegalArgumentException tooFew) {
        return Double.NaN;
      }
      for (ModelLatencyObservation x : byModel.get(left)) {
        sum += Math.abs(x.layerSumMs() + o.overheadMs(x) - x.latencyMs()) / x.latencyMs();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static Map<String, List<ModelLatencyObservation>> byModel(List<ModelLatencyObservation> observations) {
    Map<String, List<ModelLatencyObservation>> out = new LinkedHashMap<>();
    for (ModelLatencyObservation o : observations) {
      out.computeIfAbsent(o.modelName(), k -> new ArrayList<>()).add(o);
    }
    return out;
  }

  /** The term sets the CPU benchmark chooses from, simplest first. */
  public static List<Set<InvocationOverhead.Term>> cpuCandidates() {
    List<Set<InvocationOverhead.Term>> out = new ArrayList<>();
    out.add(new LinkedHashSet<>(List.of(InvocationOverhead.Term.CONSTANT, InvocationOverhead.Term.PER_LAYER)));
    out.add(InvocationOverhead.Term.PHONE);
    out.add(InvocationOverhead.Term.CPU);
    return out;
  }
}
