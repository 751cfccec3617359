package io.jointcs.latency.prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The feature extractions this build implements. */
public enum FeatureSets implements FeatureSet {
  /** The two costs of the MACs-linear baseline: MACs and bytes moved (input + output). */
  MACS_BYTES("macs-bytes", 1, List.of("macs", "bytes"),
      f -> new double[] {f.macs(), f.inputBytes() + f.outputBytes()}),

  /** Raw configuration, as the lookup table keys it. */
  LAYER_CONFIG("layer-config", 1,
      List.of("inChannels", "outChannels", "kernelSize", "stride", "padding", "groups", "inputHeight",
          "inputWidth", "outputHeight", "outputWidth", "batchSize"),
      f -> new double[] {f.inChannels(), f.outChannels(), f.kernelSize(), f.stride(), f.padding(), f.groups(),
          f.inputHeight(), f.inputWidth(), f.outputHeight(), f.outputWidth(), f.batchSize()}),

  /**
   * Logarithms of the architecture features plus a one-hot of the kind (the pooled model of the learned predictor
   * sees all kinds at once). Latency spans five orders of magnitude, so the learned models work in log space.
   */
  LAYER_LOG("layer-log", 1, withKinds(basicNames()), f -> withKinds(basic(f), f)),

  /**
   * {@link #LAYER_LOG} plus what mobile GPUs are sensitive to: channels are processed in slices of 4, so the
   * padding of channel counts to a multiple of 4 and the MACs after that padding, and the arithmetic intensity
   * (MACs per byte moved) that decides between compute- and memory-bound.
   */
  LAYER_LOG_GPU("layer-log-gpu", 1, withKinds(gpuNames()), f -> withKinds(gpu(f), f));

  private final String featureSetName;
  private final int featureSetVersion;
  private final List<String> names;
  private final Function<LayerFeatures, double[]> extractor;

  FeatureSets(String name, int version, List<String> names, Function<LayerFeatures, double[]> extractor) {
    this.featureSetName = name;
    this.featureSetVersion = version;
    this.names = List.copyOf(names);
    this.extractor = extractor;
  }

  @Override
  public String featureSetName() {
    return featureSetName;
  }

  @Override
  public int version() {
    return featureSetVersion;
  }

  @Override
  public List<String> featureNames() {
    return names;
  }

  @Override
  public double[] extract(LayerFeatures layer) {
    return extractor.apply(layer);
  }

  /** The implementation of {@code id}, if this build has it. */
  public static Optional<FeatureSets> find(FeatureSetId id) {
    return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
  }

  /** The implementation of {@code id}; an error naming the implemented ones otherwise. */
  public static FeatureSets require(FeatureSetId id) {
    return find(id).orElseThrow(() -> new IncompatiblePredictorException("feature set " + id
        + " is not implemented by this build; implemented: "
        + Arrays.stream(values()).map(s -> s.id().toString()).collect(Collectors.joining(", "))));
  }

  private static List<String> basicNames() {
    return List.of("lnMacs", "lnInputBytes", "lnOutputBytes", "lnParams", "lnInChannels", "lnOutChannels",
        "kernelSize", "stride", "lnGroups", "lnInputPixels", "lnOutputPixels", "lnBatch");
  }

  private static double[] basic(LayerFeatures f) {
    return new double[] {
        Math.log1p(f.macs()), Math.log(f.inputBytes()), Math.log(f.outputBytes()), Math.log1p(f.params()),
        Math.log(f.inChannels()), Math.log(f.outChannels()), f.kernelSize(), f.stride(), Math.log(f.groups()),
        Math.log((double) f.inputHeight() * f.inputWidth()), Math.log((double) f.outputHeight() * f.outputWidth()),
        Math.log(f.batchSize())};
  }

  private static List<String> gpuNames() {
    List<String> names = new ArrayList<>(basicNames());
    names.addAll(List.of("inChannelPadding", "outChannelPadding", "lnPaddedMacs", "lnMacsPerByte"));
    return names;
  }

  private static double[] gpu(LayerFeatures f) {
    double[] base = basic(f);
    double inPad = slicePadding(f.inChannels());
    double outPad = slicePadding(f.outChannels());
    // a depthwise layer reads one input channel per output channel: only the output padding costs
    double paddedMacs = f.macs() * outPad * (f.depthwise() ? 1 : inPad);
    double bytesMoved = f.inputBytes() + f.outputBytes() + (double) LayerFeatures.ELEMENT_BYTES * f.params();
    double[] out = Arrays.copyOf(base, base.length + 4);
    out[base.length] = inPad;
    out[base.length + 1] = outPad;
    out[base.length + 2] = Math.log1p(paddedMacs);
    out[base.length + 3] = Math.log1p(f.macs() / bytesMoved);
    return out;
  }

  /** ceil(c / 4) * 4 / c: 1 when the channels fill whole 4-channel slices. */
  private static double slicePadding(int channels) {
    return Math.ceil(channels / 4.0) * 4.0 / channels;
  }

  private static List<String> withKinds(List<String> names) {
    List<String> all = new ArrayList<>(names);
    for (LayerKind kind : LayerKind.values()) {
      all.add("is" + kind.name());
    }
    return all;
  }

  private static double[] withKinds(double[] values, LayerFeatures f) {
    double[] all = Arrays.copyOf(values, values.length + LayerKind.values().length);
    all[values.length + f.kind().ordinal()] = 1;
    return all;
  }
}
