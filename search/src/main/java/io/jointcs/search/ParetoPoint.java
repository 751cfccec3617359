package io.jointcs.search;

import io.jointcs.segmentation.CutQuantization;

/**
 * One non-dominated model on one target.
 *
 * @param entryId the series entry
 * @param accuracy its reported accuracy
 * @param latencyMs its end-to-end latency on the target
 * @param cutPoint its cut on the target
 * @param quantization how its cut tensor travels
 */
public record ParetoPoint(String entryId, double accuracy, double latencyMs, int cutPoint,
    CutQuantization quantization) {}
