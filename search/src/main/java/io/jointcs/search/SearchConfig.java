package io.jointcs.search;

/**
 * How a progressive search runs.
 *
 * @param beamWidth states kept per iteration: 1 is the greedy search of the paper
 * @param schedule the latency reduction asked of each iteration
 * @param widthSearch how the widest width meeting tau is found
 * @param aggregation how several targets combine into the driving latency
 * @param quantizeCutAction whether "send the cut tensor as INT8" is offered as a candidate
 * @param selectionRule which evaluated candidate(s) to keep
 * @param maxSteps iteration budget; the search ends with a statement when it runs out
 * @param seed seeds every candidate's evaluation (through {@link Candidate#seedFor})
 * @param finalizeLast how many of the last models of the series get the longer fine-tune (0: none)
 * @param finalizeEpochs the longer fine-tune's budget, epochs (used when finalizeLast &gt; 0)
 */
public record SearchConfig(int beamWidth, StepSchedule schedule, WidthSearch widthSearch, Aggregation aggregation,
    boolean quantizeCutAction, SelectionRule selectionRule, int maxSteps, long seed, int finalizeLast,
    int finalizeEpochs) {

  public SearchConfig {
    if (beamWidth < 1) {
      throw new IllegalArgumentException("beam width must be >= 1, got " + beamWidth);
    }
    if (schedule == null || widthSearch == null || aggregation == null || selectionRule == null) {
      throw new IllegalArgumentException("search config needs a step schedule, width search, aggregation and "
          + "selection rule");
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("max steps must be >= 1, got " + maxSteps);
    }
    if (finalizeLast < 0) {
      throw new IllegalArgumentException("finalizeLast must be >= 0, got " + finalizeLast);
    }
    if (finalizeLast > 0 && finalizeEpochs < 1) {
      throw new IllegalArgumentException("finalizing " + finalizeLast + " models needs a budget of >= 1 epoch, got "
          + finalizeEpochs);
    }
  }

  /** Greedy, decaying steps from 10% to 2%, exact width search, worst target drives, INT8 cut offered. */
  public static SearchConfig defaults() {
    return new SearchConfig(1, StepSchedule.decaying(0.10, 0.85, 0.02), WidthSearch.LINEAR, Aggregation.MAX, true,
        SelectionRule.maxAccuracy(), 500, 0, 0, 0);
  }

  public SearchConfig withBeamWidth(int width) {
    return new SearchConfig(width, schedule, widthSearch, aggregation, quantizeCutAction, selectionRule, maxSteps,
        seed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withSchedule(StepSchedule newSchedule) {
    return new SearchConfig(beamWidth, newSchedule, widthSearch, aggregation, quantizeCutAction, selectionRule,
        maxSteps, seed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withWidthSearch(WidthSearch search) {
    return new SearchConfig(beamWidth, schedule, search, aggregation, quantizeCutAction, selectionRule, maxSteps,
        seed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withAggregation(Aggregation newAggregation) {
    return new SearchConfig(beamWidth, schedule, widthSearch, newAggregation, quantizeCutAction, selectionRule,
        maxSteps, seed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withQuantizeCutAction(boolean offered) {
    return new SearchConfig(beamWidth, schedule, widthSearch, aggregation, offered, selectionRule, maxSteps, seed,
        finalizeLast, finalizeEpochs);
  }

  public SearchConfig withSelectionRule(SelectionRule rule) {
    return new SearchConfig(beamWidth, schedule, widthSearch, aggregation, quantizeCutAction, rule, maxSteps, seed,
        finalizeLast, finalizeEpochs);
  }

  public SearchConfig withMaxSteps(int steps) {
    return new SearchConfig(beamWidth, schedule, widthSearch, aggregation, quantizeCutAction, selectionRule, steps,
        seed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withSeed(long newSeed) {
    return new SearchConfig(beamWidth, schedule, widthSearch, aggregation, quantizeCutAction, selectionRule, maxSteps,
        newSeed, finalizeLast, finalizeEpochs);
  }

  public SearchConfig withFinalization(int lastModels, int epochs) {
    return new SearchConfig(beamWidth, schedule, widthSearch, aggregation, quantizeCutAction, selectionRule, maxSteps,
        seed, lastModels, epochs);
  }

  /** The serializable record of these settings, as a result carries it. */
  public SearchSettings settings(CutPolicy cutPolicy) {
    return new SearchSettings(beamWidth, schedule, widthSearch, aggregation, cutPolicy, quantizeCutAction,
        selectionRule.name(), maxSteps, seed, finalizeLast, finalizeEpochs);
  }
}
