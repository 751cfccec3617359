package io.jointcs.latency.profiling;

import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import java.util.Comparator;

/**
 * A layer geometry that pruning never changes: type, kernel, stride and input size. Every cell present in the
 * supported architectures gets at least one sampled configuration.
 */
public record CoverageCell(LayerType type, int kernel, int stride, int inHeight, int inWidth) {
  public static final Comparator<CoverageCell> ORDER = Comparator.comparing(CoverageCell::type)
      .thenComparingInt(CoverageCell::kernel).thenComparingInt(CoverageCell::stride)
      .thenComparingInt(CoverageCell::inHeight).thenComparingInt(CoverageCell::inWidth);

  public static CoverageCell of(LayerDescriptor l) {
    return new CoverageCell(l.type(), l.kernel(), l.stride(), l.inHeight(), l.inWidth());
  }
}
