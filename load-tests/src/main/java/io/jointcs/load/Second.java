package io.jointcs.load;

import java.util.Map;

/**
 * One second of a run's timeline.
 *
 * @param t seconds since the schedule started
 * @param scheduledPerSec records due on the schedule in this second
 * @param ackedPerSec records the platform acknowledged in this second
 * @param samplesPerSec profiling samples of this run that appeared
 * @param rejectionsPerSec rejections of this run's records that appeared
 * @param p50Ms median end-to-end latency of the good records that came out in this second (NaN: none)
 * @param p99Ms 99th percentile of the same
 * @param maxMs largest of the same
 * @param rssBytes resident memory of each watched process at the end of the second
 * @param load1m the machine's 1-minute load average
 */
public record Second(double t, long scheduledPerSec, long ackedPerSec, long samplesPerSec, long rejectionsPerSec,
    double p50Ms, double p99Ms, double maxMs, Map<String, Long> rssBytes, double load1m) {}
