package io.jointcs.splitinference;

/**
 * Distribution of one latency over the measured requests.
 *
 * @param p50Ms median
 * @param p90Ms 90th percentile
 * @param p99Ms 99th percentile
 * @param meanMs mean
 * @param maxMs largest
 * @param count measured requests
 */
public record LatencySummary(double p50Ms, double p90Ms, double p99Ms, double meanMs, double maxMs, long count) {}
