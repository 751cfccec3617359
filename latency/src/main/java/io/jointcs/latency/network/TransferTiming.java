package io.jointcs.latency.network;

/** One timed transfer: payload size and the time from its first byte sent to the receiver's acknowledgement. */
public record TransferTiming(long bytes, double elapsedMs) {}
