package io.jointcs.latency.mobilegpu;

import static io.jointcs.latency.mobilegpu.OperatorConverter.bytes;
import static io.jointcs.latency.mobilegpu.OperatorConverter.impliedPadding;
import static io.jointcs.latency.mobilegpu.OperatorConverter.intField;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import java.util.Map;

/**
 * TFLite operators. Input_shape / Output_shape are spatial sides (the input already padded by a separate PAD op
 * where there is one), Filter is the output channels (the depth multiplier for DEPTHWISE_CONV_2D), Group the
 * groups; FLOPS counts 2 per MAC, and MACs are recomputed from the shapes (they agree on every row).
 */
final class TfliteOperatorConverter implements OperatorConverter {

  @Override
  public LayerKind kindOf(String operation, Map<String, String> feature) {
    return switch (operation) {
      case "CONV_2D", "CONV_2D_GROUP" -> LayerKind.CONV;
      case "DEPTHWISE_CONV_2D" -> LayerKind.DEPTHWISE_CONV;
      case "FULLY_CONNECTED" -> LayerKind.LINEAR;
      case "MAX_POOL_2D" -> LayerKind.MAX_POOL;
      case "AVERAGE_POOL_2D" -> LayerKind.AVG_POOL;
      case "MEAN" -> LayerKind.GLOBAL_AVG_POOL;
      case "CONCATENATION" -> LayerKind.CONCAT;
      case "ADD" -> LayerKind.ADD;
      case "MUL" -> LayerKind.MUL;
      default -> LayerKind.OTHER;
    };
  }

  @Override
  public LayerFeatures convert(String op, Map<String, String> f) {
    LayerKind kind = kindOf(op, f);
    return switch (kind) {
      case CONV -> conv(op, f, intField(f, "Group"), intField(f, "Filter"));
      case DEPTHWISE_CONV -> {
        int in = intField(f, "Input_channel");
        yield conv(op, f, in, in * intField(f, "Filter"));
      }
      case LINEAR -> {
        int in = intField(f, "Input_channel");
        int out = intField(f, "Filter");
        yield new LayerFeatures(kind, op, in, out, 1, 1, 0, 1, 1, 1, 1, 1, 1, (long) in * out,
            (long) in * out + out, bytes(in, 1), bytes(out, 1));
      }
      case MAX_POOL, AVG_POOL -> {
        int c = intField(f, "Input_channel");
        int in = intField(f, "Input_shape");
        int out = intField(f, "Output_shape");
        int k = intField(f, "Kernel");
        int s = intField(f, "Stride");
        yield new LayerFeatures(kind, op, c, c, k, s, impliedPadding(in, out, k, s), 1, in, in, out, out, 1, 0, 0,
            bytes(c, in), bytes(c, out));
      }
      case GLOBAL_AVG_POOL -> {
        int c = intField(f, "Input_channel");
        int in = intField(f, "Input_shape");
        yield new LayerFeatures(kind, op, c, c, in, 1, 0, 1, in, in, 1, 1, 1, 0, 0, bytes(c, in), bytes(c, 1));
      }
      case CONCAT -> {
        // Filter is the concatenated output channels; Input_channel (first input only) and Kernel (the number of
        // inputs) have no slot in LayerFeatures: the inputs together hold as many channels as the output
        int c = intField(f, "Filter");
        int side = intField(f, "Input_shape");
        yield new LayerFeatures(kind, op, c, c, 1, 1, 0, 1, side, side, side, side, 1, 0, 0, bytes(c, side),
            bytes(c, side));
      }
      default -> elementwise(kind, op, f);
    };
  }

  private static LayerFeatures conv(String op, Map<String, String> f, int groups, int outChannels) {
    int cin = intField(f, "Input_channel");
    int in = intField(f, "Input_shape");
    int out = intField(f, "Output_shape");
    int k = intField(f, "Kernel");
    int s = intField(f, "Stride");
    if (groups < 1 || cin % groups != 0) {
      throw new IllegalArgumentException("groups " + groups + " do not divide the " + cin + " input channels");
    }
    LayerKind kind = op.equals("DEPTHWISE_CONV_2D") ? LayerKind.DEPTHWISE_CONV : LayerKind.CONV;
    long weights = (long) outChannels * (cin / groups) * k * k;
    long macs = (long) out * out * weights;
    return new LayerFeatures(kind, op, cin, outChannels, k, s, impliedPadding(in, out, k, s), groups, in, in, out,
        out, 1, macs, weights + outChannels, bytes(cin, in), bytes(outChannels, out));
  }

  /** ADD, MUL and unmapped operators: a tensor of Input_channel x Input_shape^2 in and out. */
  private static LayerFeatures elementwise(LayerKind kind, String op, Map<String, String> f) {
    int c = intField(f, "Input_channel");
    int side = intField(f, "Input_shape");
    return new LayerFeatures(kind, op, c, c, 1, 1, 0, 1, side, side, side, side, 1, 0, 0, bytes(c, side),
        bytes(c, side));
  }
}
