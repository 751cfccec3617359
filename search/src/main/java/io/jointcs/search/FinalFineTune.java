package io.jointcs.search;

/**
 * The longer fine-tune a model of the final series received.
 *
 * @param epochs the budget spent
 * @param accuracy accuracy after it, in [0, 1]
 * @param artifact the evaluator's handle of the final weights
 */
public record FinalFineTune(int epochs, double accuracy, String artifact) {}
