package io.jointcs.latency.mobilegpu;

import static io.jointcs.latency.mobilegpu.OperatorConverter.bytes;
import static io.jointcs.latency.mobilegpu.OperatorConverter.intField;

import io.jointcs.latency.prediction.LayerFeatures;
import io.jointcs.latency.prediction.LayerKind;
import java.util.Map;

/**
 * PyTorch Mobile operators (Vulkan names). input_shape / output_shape are spatial sides before padding, flops
 * count MACs. Convolution rows without a 'groups' field are the depthwise ones (their flops are
 * out^2 x channels x k^2, checked here), stand-alone activations and batch-norm are their own operators.
 */
final class TorchOperatorConverter implements OperatorConverter {

  @Override
  public LayerKind kindOf(String op, Map<String, String> f) {
    return switch (op) {
      case "vulkan_prepack::run_conv2d_context" -> {
        int cin = intField(f, "input_channel");
        yield groups(f) == cin && cin > 1 ? LayerKind.DEPTHWISE_CONV : LayerKind.CONV;
      }
      case "vulkan_prepack::run_linear_context" -> LayerKind.LINEAR;
      case "aten::max_pool2d" -> LayerKind.MAX_POOL;
      case "aten::avg_pool2d" -> f.containsKey("kernel_size") ? LayerKind.AVG_POOL : LayerKind.GLOBAL_AVG_POOL;
      case "aten::adaptive_avg_pool2d" -> LayerKind.GLOBAL_AVG_POOL;
      case "aten::add" -> LayerKind.ADD;
      case "aten::mul" -> LayerKind.MUL;
      case "aten::relu", "aten::hardswish", "aten::sigmoid", "aten::clamp" -> LayerKind.ACTIVATION;
      case "vulkan_prepack::run_batchnorm_context" -> LayerKind.BATCH_NORM;
      default -> LayerKind.OTHER;
    };
  }

  @Override
  public LayerFeatures convert(String op, Map<String, String> f) {
    LayerKind kind = kindOf(op, f);
    return switch (kind) {
      case CONV, DEPTHWISE_CONV -> conv(kind, op, f);
      case LINEAR -> {
        int in = intField(f, "input_shape");
        int out = intField(f, "output_shape");
        yield new LayerFeatures(kind, op, in, out, 1, 1, 0, 1, 1, 1, 1, 1, 1, (long) in * out, (long) in * out + out,
            bytes(in, 1), bytes(out, 1));
      }
      case MAX_POOL, AVG_POOL -> {
        int c = intField(f, "input_channel");
        int in = intField(f, "input_shape");
        int out = intField(f, "output_shape");
        yield new LayerFeatures(kind, op, c, c, intField(f, "kernel_size"), intField(f, "stride"),
            intField(f, "padding"), 1, in, in, out, out, 1, 0, 0, bytes(c, in), bytes(c, out));
      }
      case GLOBAL_AVG_POOL -> {
        int c = intField(f, "input_channel");
        int in = intField(f, "input_shape");
        yield new LayerFeatures(kind, op, c, c, in, 1, 0, 1, in, in, 1, 1, 1, 0, 0, bytes(c, in), bytes(c, 1));
      }
      default -> {
        // element-wise: add, mul, activations, batch-norm, and unmapped operators with a channel x side tensor
        int c = intField(f, "input_channel");
        int side = intField(f, "input_shape");
        yield new LayerFeatures(kind, op, c, c, 1, 1, 0, 1, side, side, side, side, 1, 0,
            kind == LayerKind.BATCH_NORM ? 2L * c : 0, bytes(c, side), bytes(c, side));
      }
    };
  }

  private static LayerFeatures conv(LayerKind kind, String op, Map<String, String> f) {
    int cin = intField(f, "input_channel");
    int cout = intField(f, "output_channel");
    int k = intField(f, "kernel_size");
    int in = intField(f, "input_shape");
    int out = intField(f, "output_shape");
    int groups = groups(f);
    if (cin % groups != 0) {
      throw new IllegalArgumentException("groups " + groups + " do not divide the " + cin + " input channels");
    }
    long weights = (long) cout * (cin / groups) * k * k;
    return new LayerFeatures(kind, op, cin, cout, k, intField(f, "stride"), intField(f, "padding"), groups, in, in,
        out, out, 1, (long) out * out * weights, weights + cout, bytes(cin, in), bytes(cout, out));
  }

  /** The groups field, or for the rows that lack it the depthwise grouping that their flops prove. */
  private static int groups(Map<String, String> f) {
    if (f.containsKey("groups")) {
      return intField(f, "groups");
    }
    int cin = intField(f, "input_channel");
    int cout = intField(f, "output_channel");
    int k = intField(f, "kernel_size");
    int out = intField(f, "output_shape");
    long flops;
    try {
      flops = Long.parseLong(f.getOrDefault("flops", "-1").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("feature field 'flops' is '" + f.get("flops") + "', expected an integer");
    }
    if (cin == cout && flops == (long) out * out * cout * k * k) {
      return cin;
    }
    throw new IllegalArgumentException("feature field 'groups' is missing and flops " + flops
        + " are not those of a depthwise convolution (" + ((long) out * out * cout * k * k) + ")");
  }
}
