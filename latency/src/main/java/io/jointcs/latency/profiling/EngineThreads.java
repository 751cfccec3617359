package io.jointcs.latency.profiling;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fixes the PyTorch engine's thread counts and reads back what it actually uses. DJL reads the system properties
 * once, when the engine starts; the intra-op count can still be changed later (torch.set_num_threads), the
 * inter-op count cannot, so a JVM that started the engine with another inter-op count is refused.
 */
public final class EngineThreads {
  public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
  public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
  public static final String ENGINE = "PyTorch";

  private EngineThreads() {}

  /** Applies the settings (before the engine starts where possible) and returns the engine's own counts. */
  public static synchronized ThreadSettings apply(int intraOp, int interOp) {
    if (intraOp < 1 || interOp < 1) {
      throw new IllegalArgumentException("thread counts must be >= 1, got intra-op " + intraOp + ", inter-op "
          + interOp);
    }
    // only effective if the engine has not started yet in this JVM; harmless otherwise
    System.setProperty(NUM_THREADS, Integer.toString(intraOp));
    System.setProperty(NUM_INTEROP_THREADS, Integer.toString(interOp));
    Engine.getEngine(ENGINE);
    if (JniUtils.getNumThreads() != intraOp) {
      JniUtils.setNumThreads(intraOp);
    }
    if (JniUtils.getNumInteropThreads() != interOp) {
      try {
        JniUtils.setNumInteropThreads(interOp);
      } catch (RuntimeException e) {
        throw new IllegalStateException("the PyTorch engine of this JVM already runs " + JniUtils.getNumInteropThreads()
            + " inter-op thread(s) and torch cannot change that after it started; profile " + interOp
            + " inter-op thread(s) in a fresh JVM", e);
      }
    }
    ThreadSettings actual = current();
    if (actual.intraOp() != intraOp || actual.interOp() != interOp) {
      throw new IllegalStateException("asked PyTorch for " + intraOp + " intra-op / " + interOp
          + " inter-op thread(s) but it runs " + actual.intraOp() + " / " + actual.interOp());
    }
    return actual;
  }

  /** The counts the running engine uses (starts the engine if needed). */
  public static ThreadSettings current() {
    Engine.getEngine(ENGINE);
    return new ThreadSettings(JniUtils.getNumThreads(), JniUtils.getNumInteropThreads());
  }
}
