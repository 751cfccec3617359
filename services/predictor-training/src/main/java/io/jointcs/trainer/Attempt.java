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
 * @param trainingModelSamples whole-model, head and tail measurements of training models the overhead was fitted on
 * @param holdoutModelSamples measurements of held-out models both were judged on end to end
 * @param wholeModelCandidate the candidate (with its overhead) on the held-out models; null when there were none
 * @param wholeModelCurrent the current predictor on the same held-out models; null when none was compared
 * @param overhead the candidate's invocation overhead in words, or why none was fitted
 */
public record Attempt(Instant at, long candidateVersion, int trainingSamples, int holdoutSamples,
    AccuracyMetrics candidate, AccuracyMetrics current, boolean accepted, String reason, long trainingMs,
    int trainingModelSamples, int holdoutModelSamples, AccuracyMetrics wholeModelCandidate,
    AccuracyMetrics wholeModelCurrent, String overhead) {}
