package io.jointcs.model;

/**
 * Channels that must be pruned together: a plain convolution's outputs, or every output tied by
 * residual additions.
 *
 * @param index position in the architecture's group list (and in {@link ModelSpec#widths()})
 * @param name stable name, e.g. {@code stage2} or {@code s2b0.mid}
 * @param baseWidth the width of the unpruned architecture
 */
public record ChannelGroup(int index, String name, int baseWidth) {}
