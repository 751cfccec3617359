package io.jointcs.search;

/**
 * What a search spent.
 *
 * @param wallTimeMs elapsed time, ms
 * @param steps iterations run
 * @param candidatesEvaluated models whose accuracy was asked of the evaluator (the expensive part)
 * @param predictorQueries latency-model calls; one call predicts the heads (or tails) of all cut points of one model
 * @param finalizations longer final fine-tunes
 */
public record SearchCost(long wallTimeMs, int steps, int candidatesEvaluated, long predictorQueries,
    int finalizations) {}
