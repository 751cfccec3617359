package io.jointcs.cli;

import io.jointcs.timing.NativeAllocator;
import picocli.CommandLine.Option;

/**
 * Options that fix the PyTorch engine's threading; must be applied before the engine starts. Applying them also fixes
 * the C library's allocator thresholds ({@link NativeAllocator}).
 */
final class EngineOptions {
  @Option(names = "--threads", description = "intra-op threads of the PyTorch engine (default: ${DEFAULT-VALUE})",
      defaultValue = "1")
  int threads;

  void apply() {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    NativeAllocator.fixThresholds();
  }
}
