package io.jointcs.latency.profiling;

import io.jointcs.model.Activation;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;

/** Everything about a layer that can change its latency; two layers with one signature are timed once. */
public record LayerSignature(LayerType type, Activation activation, int inChannels, int outChannels, int kernel,
    int stride, int padding, int groups, int inHeight, int inWidth) {

  public static LayerSignature of(LayerDescriptor l) {
    return new LayerSignature(l.type(), l.activation(), l.inChannels(), l.outChannels(), l.kernel(), l.stride(),
        l.padding(), l.groups(), l.inHeight(), l.inWidth());
  }
}
