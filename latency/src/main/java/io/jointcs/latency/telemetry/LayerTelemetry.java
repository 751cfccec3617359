package io.jointcs.latency.telemetry;

import io.jointcs.events.FusedActivation;
import io.jointcs.events.LatencyMeasurement;
import io.jointcs.events.LayerType;
import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import io.jointcs.latency.prediction.LayerLatencySample;
import io.jointcs.model.Activation;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one mapping between the telemetry events ({@link io.jointcs.events.LayerFeatures} with its {@link LayerType},
 * {@link io.jointcs.events.LayerLatencySample}) and the predictors' {@link LayerFeatures} with its
 * {@link LayerKind}, in both directions.
 *
 * <p>The event carries no operator name, so the predictor side's op name is the event's symbol: what separates
 * activations is RELU versus ACTIVATION. CONV2D (the only convolution symbol of v1 events) is a depthwise
 * convolution when groups = inChannels &gt; 1, else a dense or grouped one. FLATTEN, DROPOUT and OTHER have no
 * predictor: they are an error here, never dropped on the way.
 */
public final class LayerTelemetry {
  /** Event layer types the predictors cannot learn from. */
  public static final Set<LayerType> UNUSABLE = EnumSet.of(LayerType.FLATTEN, LayerType.DROPOUT, LayerType.OTHER);

  private LayerTelemetry() {}

  /** The predictor kind of an event layer; an error naming the usable types for FLATTEN, DROPOUT and OTHER. */
  public static LayerKind kindOf(LayerType type, int groups, int inChannels) {
    return switch (type) {
      case CONV2D -> groups > 1 && groups == inChannels ? LayerKind.DEPTHWISE_CONV : LayerKind.CONV;
      case CONV -> LayerKind.CONV;
      case DEPTHWISE_CONV -> LayerKind.DEPTHWISE_CONV;
      case LINEAR -> LayerKind.LINEAR;
      case BATCH_NORM -> LayerKind.BATCH_NORM;
      case RELU, ACTIVATION -> LayerKind.ACTIVATION;
      case MAX_POOL -> LayerKind.MAX_POOL;
      case AVG_POOL -> LayerKind.AVG_POOL;
      case GLOBAL_AVG_POOL -> LayerKind.GLOBAL_AVG_POOL;
      case ADD -> LayerKind.ADD;
      case MUL -> LayerKind.MUL;
      case CONCAT -> LayerKind.CONCAT;
      case FLATTEN, DROPOUT, OTHER -> throw new IllegalArgumentException("layer type " + type
          + " has no latency predictor; usable layer types: " + usableTypes());
    };
  }

  /** The event type of a predictor kind; OTHER (an operator no converter maps) has none and is an error. */
  public static LayerType typeOf(LayerKind kind, String opName) {
    return switch (kind) {
      case CONV -> LayerType.CONV;
      case DEPTHWISE_CONV -> LayerType.DEPTHWISE_CONV;
      case LINEAR -> LayerType.LINEAR;
      case ADD -> LayerType.ADD;
      case MUL -> LayerType.MUL;
      case MAX_POOL -> LayerType.MAX_POOL;
      case AVG_POOL -> LayerType.AVG_POOL;
      case GLOBAL_AVG_POOL -> LayerType.GLOBAL_AVG_POOL;
      case CONCAT -> LayerType.CONCAT;
      case BATCH_NORM -> LayerType.BATCH_NORM;
      case ACTIVATION -> isRelu(opName) ? LayerType.RELU : LayerType.ACTIVATION;
      case OTHER -> throw new IllegalArgumentException("operator '" + opName + "' of kind OTHER has no layer type "
          + "in the telemetry schema; map it to a known kind in its converter first");
    };
  }

  /** Predictor features of an event layer. */
  public static LayerFeatures toFeatures(io.jointcs.events.LayerFeatures e) {
    LayerType type = e.getLayerType();
    LayerKind kind = kindOf(type, e.getGroups(), e.getInChannels());
    return new LayerFeatures(kind, opNameOf(type, kind), e.getInChannels(), e.getOutChannels(), e.getKernelSize(),
        e.getStride(), e.getPadding(), e.getGroups(), e.getInputHeight(), e.getInputWidth(), e.getOutputHeight(),
        e.getOutputWidth(), e.getBatchSize(), e.getMacs(), e.getParams(), e.getInputBytes(), e.getOutputBytes(),
        activationOf(e.getFusedActivation()));
  }

  /**
   * The DNN library's activation of an event's fused activation: null (not said) stays null; OTHER, what a reader
   * reads an activation it does not know as, is an error rather than a guess.
   */
  public static Activation activationOf(FusedActivation fused) {
    if (fused == null) {
      return null;
    }
    return switch (fused) {
      case NONE -> Activation.NONE;
      case RELU -> Activation.RELU;
      case RELU6 -> Activation.RELU6;
      case OTHER -> throw new IllegalArgumentException("fused activation OTHER (written by a newer producer) has no "
          + "latency predictor here; known: NONE, RELU, RELU6, or leave the field null when it is not known");
    };
  }

  /** The event's fused activation of the DNN library's activation (null stays null: not said). */
  public static FusedActivation fusedActivationOf(Activation activation) {
    return activation == null ? null : FusedActivation.valueOf(activation.name());
  }

  /** Event layer of predictor features (the op name survives only as RELU versus ACTIVATION). */
  public static io.jointcs.events.LayerFeatures toEvent(LayerFeatures f) {
    return io.jointcs.events.LayerFeatures.newBuilder()
        .setLayerType(typeOf(f.kind(), f.opName()))
        .setInChannels(f.inChannels()).setOutChannels(f.outChannels()).setKernelSize(f.kernelSize())
        .setStride(f.stride()).setPadding(f.padding()).setGroups(f.groups())
        .setInputHeight(f.inputHeight()).setInputWidth(f.inputWidth())
        .setOutputHeight(f.outputHeight()).setOutputWidth(f.outputWidth()).setBatchSize(f.batchSize())
        .setMacs(f.macs()).setParams(f.params()).setInputBytes(f.inputBytes()).setOutputBytes(f.outputBytes())
        .setFusedActivation(fusedActivationOf(f.fusedActivation()))
        .build();
  }

  /**
   * The training sample of an event, filed under {@code deviceClass} (the event itself does not name it); the
   * latency is the measurement's median.
   */
  public static LayerLatencySample toSample(io.jointcs.events.LayerLatencySample e, String deviceClass) {
    return new LayerLatencySample(deviceClass, toFeatures(e.getLayer()), e.getLatency().getMedianMs(),
        e.getModelName(), e.getLayerName());
  }

  /** The event of a training sample measured as {@code latency} (whose median must be the sample's latency). */
  public static io.jointcs.events.LayerLatencySample toEvent(LayerLatencySample s, LatencyMeasurement latency) {
    if (latency.getMedianMs() != s.latencyMs()) {
      throw new IllegalArgumentException("measurement median " + latency.getMedianMs() + " ms differs from the "
          + "sample's latency " + s.latencyMs() + " ms");
    }
    return io.jointcs.events.LayerLatencySample.newBuilder()
        .setLayer(toEvent(s.features())).setLatency(latency).setLayerName(s.layerName()).setModelName(s.modelName())
        .build();
  }

  /** The event of a training sample known only by one published number (no spread, repetitions unknown). */
  public static io.jointcs.events.LayerLatencySample toEvent(LayerLatencySample s) {
    return toEvent(s, singleValue(s.latencyMs()));
  }

  /**
   * A measurement of which only one number is known (a published median or mean, as in most benchmark tables):
   * p10 = p90 = median, standard deviation 0, counted as 1 repetition and 0 warm-up runs.
   */
  public static LatencyMeasurement singleValue(double latencyMs) {
    return LatencyMeasurement.newBuilder().setMedianMs(latencyMs).setP10Ms(latencyMs).setP90Ms(latencyMs)
        .setStddevMs(0).setRepetitions(1).setWarmupRuns(0).build();
  }

  /** Kinds whose op name matters keep the symbol; the others use the kind's name, as the DNN library does. */
  private static String opNameOf(LayerType type, LayerKind kind) {
    return kind == LayerKind.ACTIVATION ? type.name() : kind.name();
  }

  /** {@code relu}, {@code RELU}, {@code aten::relu}, {@code aten::relu_}: a plain ReLU, not ReLU6 or leaky. */
  private static boolean isRelu(String opName) {
    String name = opName.toLowerCase(Locale.ROOT);
    name = name.substring(name.lastIndexOf(':') + 1);
    return name.equals("relu") || name.equals("relu_");
  }

  private static String usableTypes() {
    return Arrays.stream(LayerType.values()).filter(t -> !UNUSABLE.contains(t)).map(Enum::name)
        .collect(Collectors.joining(", "));
  }
}
