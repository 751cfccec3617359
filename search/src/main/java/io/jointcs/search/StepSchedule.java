package io.jointcs.search;

/**
 * The latency reduction asked of step k: tau = T_prev (1 - step_k), with step_k = max(minimumStep, initialStep *
 * decay^k). Large early steps move fast while accuracy is cheap; small late steps keep the last models close to
 * the goal (NetAdapt's decaying schedule). decay = 1 is a constant step.
 *
 * @param initialStep step of the first iteration, in (0, 1)
 * @param decay factor per iteration, in (0, 1]
 * @param minimumStep floor of the step, in (0, initialStep]
 */
public record StepSchedule(double initialStep, double decay, double minimumStep) {

  public StepSchedule {
    if (!(initialStep > 0 && initialStep < 1)) {
      throw new IllegalArgumentException("initial step must be in (0, 1), got " + initialStep);
    }
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("step decay must be in (0, 1], got " + decay);
    }
    if (!(minimumStep > 0 && minimumStep <= initialStep)) {
      throw new IllegalArgumentException("minimum step must be in (0, initial step " + initialStep + "], got "
          + minimumStep);
    }
  }

  public static StepSchedule constant(double step) {
    return new StepSchedule(step, 1, step);
  }

  public static StepSchedule decaying(double initialStep, double decay, double minimumStep) {
    return new StepSchedule(initialStep, decay, minimumStep);
  }

  /** The step of iteration {@code k} (0-based). */
  public double step(int k) {
    return Math.max(minimumStep, initialStep * Math.pow(decay, k));
  }
}
