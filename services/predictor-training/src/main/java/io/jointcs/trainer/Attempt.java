package io.jointcs.trainer;

import io.jointcs.latency.prediction.AccuracyMetrics;
import java.time.Instant;

/**
 * The last retraining attempt of a class, as the HTTP API shows it.
 *
 * @param candidateVersion version the candidate would have (or got)
 * @param candidate the candidate on the hold-out; null when training failed
 * @param current the current predictor on the same hold-out; null when there was none or it could not be used
 * @param accepted whether the candidate was published
 * @param reason the verdict or the failure
 * @param trainingMs wall time of training and judging. Unit: ms.
 */
public record Attempt(Instant at, long candidateVersion, int trainingSamples, int holdoutSamples,
    AccuracyMetrics candidate, AccuracyMetrics current, boolean accepted, String reason, long trainingMs) {}
