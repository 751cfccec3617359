package io.jointcs.training;

import java.util.Locale;

/** Learning rate as a function of the optimizer step. */
public enum LearningRateSchedule {
  /** linear warm-up over the first epoch, then cosine decay to zero */
  COSINE,
  /** one-cycle: linear rise to the peak over 30% of training from peak/25, then cosine decay to peak/1e4 */
  ONE_CYCLE;

  public double rate(double peak, long step, long totalSteps, long stepsPerEpoch) {
    double t = Math.min(1.0, (double) step / Math.max(1, totalSteps));
    return switch (this) {
      case COSINE -> {
        long warmup = Math.min(stepsPerEpoch, totalSteps / 10);
        if (step < warmup) {
          yield peak * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, totalSteps - warmup);
        yield 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
      }
      case ONE_CYCLE -> {
        double rise = 0.3;
        double start = peak / 25;
        double end = peak / 1e4;
        if (t < rise) {
          yield start + (peak - start) * t / rise;
        }
        double progress = (t - rise) / (1 - rise);
        yield end + 0.5 * (peak - end) * (1 + Math.cos(Math.PI * progress));
      }
    };
  }

  public static LearningRateSchedule fromId(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "cosine" -> COSINE;
      case "one-cycle", "onecycle" -> ONE_CYCLE;
      default -> throw new IllegalArgumentException("unknown schedule '" + text + "'; known: cosine, one-cycle");
    };
  }
}
