package io.jointcs.agent;

import io.jointcs.splitinference.LinkEmulation;

/**
 * One measurement of the uplink to the edge.
 *
 * @param uplinkBandwidthBytesPerSec measured uplink rate
 * @param rttMs measured round-trip time of an empty probe
 * @param probeSizeBytes bytes of the large probe frame
 * @param link the emulated link in force while measuring (unshaped, no delay: the real network)
 * @param edge the edge the probes went to, for logs
 */
record UplinkMeasurement(double uplinkBandwidthBytesPerSec, double rttMs, long probeSizeBytes, LinkEmulation link,
    String edge) {}
