package io.jointcs.training;

import io.jointcs.model.ModelSpec;
import java.util.List;

/**
 * Everything a resumed run needs besides the weights and momentum: where it stopped and what it
 * measured so far. Stored as {@code state.json} in the checkpoint directory.
 *
 * @param spec network trained
 * @param config hyper-parameters (a resumed run must use the same)
 * @param trainImages size of the training set
 * @param stepsPerEpoch optimizer steps per epoch
 * @param globalStep steps completed
 * @param epochLossSum running loss sum of the current epoch
 * @param epochCorrect correctly classified training images in the current epoch
 * @param epochSeen training images seen in the current epoch
 * @param trainingMillis wall time spent training, over all runs
 * @param weightsFile weights of this step (DJL parameter format), relative to the directory
 * @param optimizerFile momentum buffers of this step, relative to the directory
 * @param history one record per completed epoch
 */
public record TrainingState(
    ModelSpec spec,
    TrainingConfig config,
    int trainImages,
    long stepsPerEpoch,
    long globalStep,
    double epochLossSum,
    long epochCorrect,
    long epochSeen,
    long trainingMillis,
    String weightsFile,
    String optimizerFile,
    List<EpochRecord> history) {

  public TrainingState {
    history = List.copyOf(history);
  }

  public long totalSteps() {
    return stepsPerEpoch * config.epochs();
  }

  public boolean finished() {
    return globalStep >= totalSteps();
  }

  /**
   * @param epoch 1-based epoch
   * @param trainLoss mean training loss
   * @param trainAccuracy training top-1 (on augmented images)
   * @param validationAccuracy validation top-1, null when no validation set was given
   * @param imagesPerSecond training throughput of the epoch (of its resumed part, after a resume)
   * @param learningRate learning rate at the end of the epoch
   */
  public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, Double validationAccuracy,
      double imagesPerSecond, double learningRate) {}
}
