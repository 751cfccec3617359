package io.jointcs.timing;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Fixes the C library's heap thresholds in every process that runs or times inference (the profiler, the device
 * agent, the edge server, the CLI's engine commands, compression-execution), so no forward pass pays for page faults
 * the allocator's bookkeeping causes. glibc adapts its mmap and trim thresholds to the sizes freed so far and returns
 * memory at the top of a heap to the kernel; the next pass then faults its tensors in again, page by page.
 * <ul>
 *   <li>Profiling: which layers paid depended on what ran before them, so the same layer measured twice came out
 *       0.56, 1.02 and 1.74 ms (batch 8, 48 layers interleaved, 67,000-149,000 minor faults per chunk); with the
 *       thresholds fixed (32 MiB, 1 GiB) 0.41-0.50 ms with almost no faults.
 *   <li>Inference: a whole ResNet-20 pass at batch 8 faulted its 17 MiB of activations back in every time, 16.3 ms
 *       against 8.5 ms with the thresholds fixed (docs/latency-model.md).
 * </ul>
 * The price is memory: up to 1 GiB freed at the top of a heap stays with the process.
 *
 * <p>On a C library without {@code mallopt} (musl, macOS) nothing changes and {@link #state()} says so.
 */
public final class NativeAllocator {
  /** glibc's M_TRIM_THRESHOLD. */
  private static final int M_TRIM_THRESHOLD = -1;
  /** glibc's M_MMAP_THRESHOLD. */
  private static final int M_MMAP_THRESHOLD = -3;
  /** Allocations below this come from the heap; glibc's largest allowed value on 64-bit. */
  static final int MMAP_THRESHOLD_BYTES = 32 << 20;
  /** Free memory at the top of a heap is kept up to this. */
  static final int TRIM_THRESHOLD_BYTES = 1 << 30;

  private static String state;

  private NativeAllocator() {}

  /** Fixes the thresholds once per process; returns {@link #state()}. */
  public static synchronized String fixThresholds() {
    if (state != null) {
      return state;
    }
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      boolean mmap = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES}) == 1;
      boolean trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES}) == 1;
      state = mmap && trim ? "glibc thresholds fixed (mmap 32 MiB, trim 1 GiB)"
          : "mallopt refused (mmap " + mmap + ", trim " + trim + "): allocator thresholds adaptive";
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      state = "no mallopt in this C library (" + e.getClass().getSimpleName() + "): allocator thresholds adaptive";
    }
    return state;
  }

  /** What {@link #fixThresholds()} did; null before it ran. */
  public static synchronized String state() {
    return state;
  }
}
