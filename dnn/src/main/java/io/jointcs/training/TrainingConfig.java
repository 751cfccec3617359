package io.jointcs.training;

/**
 * Hyper-parameters of one training (or fine-tuning) run.
 *
 * @param epochs epochs of the whole run (a resumed run continues towards the same number)
 * @param batchSize images per step
 * @param peakLearningRate learning rate at the top of the schedule
 * @param momentum Nesterov momentum
 * @param weightDecay L2 penalty on all parameters but batch-norm and biases
 * @param labelSmoothing share of the target mass spread uniformly over classes (0 = none)
 * @param schedule learning-rate schedule
 * @param augment pad-4 random crop and horizontal flip
 * @param seed seeds initialization, shuffling and augmentation
 * @param checkpointEverySteps steps between checkpoints (0 = only at the end of each epoch)
 */
public record TrainingConfig(
    int epochs,
    int batchSize,
    double peakLearningRate,
    double momentum,
    double weightDecay,
    double labelSmoothing,
    LearningRateSchedule schedule,
    boolean augment,
    long seed,
    int checkpointEverySteps) {

  public TrainingConfig {
    require(epochs >= 1, "epochs must be >= 1, got " + epochs);
    require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
    require(peakLearningRate > 0 && Double.isFinite(peakLearningRate), "learning rate must be > 0, got " + peakLearningRate);
    require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
    require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
    require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing must be in [0, 1), got " + labelSmoothing);
    require(checkpointEverySteps >= 0, "checkpoint interval must be >= 0, got " + checkpointEverySteps);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The recipe used for the pretrained base models. */
  public static TrainingConfig baseRecipe(int epochs, long seed) {
    return new TrainingConfig(epochs, 128, 0.1, 0.9, 5e-4, 0.0, LearningRateSchedule.COSINE, true, seed, 50);
  }

  /** A short fine-tune after pruning. */
  public static TrainingConfig fineTune(int epochs, long seed) {
    return new TrainingConfig(epochs, 128, 0.01, 0.9, 5e-4, 0.0, LearningRateSchedule.COSINE, true, seed, 0);
  }
}
