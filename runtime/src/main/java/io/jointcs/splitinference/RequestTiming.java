package io.jointcs.splitinference;

/**
 * Where the time of one request went, as the device measured it.
 *
 * @param headMs blocks 1..c on the device, from the input array to the encoded cut tensor
 * @param transferMs from the start of sending to the reply's arrival (rtt included), minus the
 *     edge compute time: the uplink, the propagation delay and any queueing at the edge
 * @param edgeMs blocks c+1..B on the edge, as the edge reported it
 * @param endToEndMs from the input array to the scores on the device
 * @param cutBytes the cut tensor's bytes as the latency model counts them (0 when nothing is sent)
 * @param frameBytes bytes that crossed the uplink, framing included (0 when nothing is sent)
 */
public record RequestTiming(double headMs, double transferMs, double edgeMs, double endToEndMs, long cutBytes,
    long frameBytes) {}
