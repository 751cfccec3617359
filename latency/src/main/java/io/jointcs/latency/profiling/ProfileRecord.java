package io.jointcs.latency.profiling;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of a profiling file: a layer measurement or a measurement of a range of blocks (block, head, tail,
 * whole model). The {@code record} field tells which.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "record")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerProfile.class, name = "layer"),
    @JsonSubTypes.Type(value = RangeProfile.class, name = "range")})
public sealed interface ProfileRecord permits LayerProfile, RangeProfile {
  DeviceDescriptor device();

  TimingStats timing();

  /** The median latency, milliseconds per forward pass of the whole batch. */
  double latencyMs();

  /** ISO-8601 instant the measurement finished (drift shows up over time). */
  String measuredAt();
}
