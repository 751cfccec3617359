package io.jointcs.topics;

import io.jointcs.events.LayerFeatures;
import java.util.Locale;
import java.util.Objects;

/** Record keys that are built from several values, written once so every producer builds them alike. */
public final class RecordKeys {
  private RecordKeys() {}

  /** Separates device class and layer signature in a statistics key; device classes must not contain it. */
  public static final char SEPARATOR = '|';

  /**
   * Canonical text of a layer configuration, e.g. {@code CONV2D/in16/out32/k3/s1/p1/g1/32x32->32x32/b1}, with
   * {@code /RELU6} appended when the layer says its fused activation (a layer with and one without its activation are
   * different operations; a sample that does not say keeps the key it always had). Derived features (MACs,
   * parameters, bytes) are left out: they follow from the ones included.
   */
  public static String layerSignature(LayerFeatures layer) {
    Objects.requireNonNull(layer, "layer");
    return String.format(Locale.ROOT, "%s/in%d/out%d/k%d/s%d/p%d/g%d/%dx%d->%dx%d/b%d",
        layer.getLayerType(), layer.getInChannels(), layer.getOutChannels(), layer.getKernelSize(),
        layer.getStride(), layer.getPadding(), layer.getGroups(), layer.getInputHeight(), layer.getInputWidth(),
        layer.getOutputHeight(), layer.getOutputWidth(), layer.getBatchSize())
        + (layer.getFusedActivation() == null ? "" : "/" + layer.getFusedActivation());
  }

  /** Key of {@link Topics#LATENCY_STATISTICS}: {@code <device class>|<layer signature>}. */
  public static String latencyStatisticsKey(String deviceClass, LayerFeatures layer) {
    Objects.requireNonNull(deviceClass, "deviceClass");
    if (deviceClass.isEmpty() || deviceClass.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("device class must be non-empty and free of '" + SEPARATOR + "': "
          + deviceClass);
    }
    return deviceClass + SEPARATOR + layerSignature(layer);
  }
}
