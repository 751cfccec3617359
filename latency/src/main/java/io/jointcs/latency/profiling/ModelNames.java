package io.jointcs.latency.profiling;

import io.jointcs.model.ModelSpec;
import java.util.Locale;

/** Stable model identifiers for samples: predictors are validated on models held out by this name. */
public final class ModelNames {
  private ModelNames() {}

  /** {@code resnet20-base} for the unpruned model, else the architecture and a hash of the widths. */
  public static String of(ModelSpec spec) {
    if (spec.equals(ModelSpec.base(spec.architecture(), spec.numClasses()))) {
      return spec.architecture().id() + "-base";
    }
    long hash = 1125899906842597L;
    for (int w : spec.widths()) {
      hash = 31 * hash + w;
    }
    hash = 31 * hash + spec.numClasses();
    return spec.architecture().id() + "-" + String.format(Locale.ROOT, "%012x", hash & 0xffffffffffffL);
  }
}
