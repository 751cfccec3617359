package io.jointcs.pruning;

/**
 * How a candidate width configuration is turned into a measured accuracy: prune with a ranking,
 * recalibrate batch-norm, fine-tune briefly, validate on a fixed subset. Every method of a
 * comparison uses the same recipe, so accuracies are comparable.
 *
 * @param ranking filter ranking that decides which channels stay
 * @param recalibrationBatches batches of 64 training images used to re-estimate batch-norm statistics
 * @param fineTuneImages training images in the fine-tuning subset (0 = no fine-tuning)
 * @param fineTuneEpochs passes over that subset
 * @param fineTuneLearningRate peak learning rate of the (cosine) fine-tuning schedule
 * @param validationImages size of the fixed, stratified validation subset (0 = the whole split)
 * @param seed seeds the subsets, the recalibration batches and the fine-tuning order
 */
public record CompressionRecipe(
    ChannelRanking ranking,
    int recalibrationBatches,
    int fineTuneImages,
    int fineTuneEpochs,
    double fineTuneLearningRate,
    int validationImages,
    long seed) {

  public CompressionRecipe {
    if (ranking == null) {
      throw new IllegalArgumentException("a channel ranking is required");
    }
    if (recalibrationBatches < 0 || fineTuneImages < 0 || fineTuneEpochs < 0 || validationImages < 0) {
      throw new IllegalArgumentException("recipe counts must be >= 0: recalibration batches " + recalibrationBatches
          + ", fine-tune images " + fineTuneImages + ", epochs " + fineTuneEpochs + ", validation images "
          + validationImages);
    }
    if (fineTuneImages > 0 && fineTuneEpochs > 0 && !(fineTuneLearningRate > 0)) {
      throw new IllegalArgumentException("fine-tuning needs a learning rate > 0, got " + fineTuneLearningRate);
    }
  }

  /** The per-candidate budget of a search: cheap enough to evaluate many candidates on a CPU. */
  public static CompressionRecipe searchCandidate(long seed) {
    return new CompressionRecipe(L1NormRanking.gammaScaled(), 20, 2048, 1, 0.01, 1000, seed);
  }

  /** A longer fine-tune for the final models of a series. */
  public static CompressionRecipe finalModel(long seed) {
    return new CompressionRecipe(L1NormRanking.gammaScaled(), 40, 10_000, 3, 0.02, 0, seed);
  }

  /**
   * The validation images accuracies are measured on: the same stratified subset for every
   * candidate and method (it does not depend on the seed), so accuracies compare fairly.
   */
  public io.jointcs.data.LabeledImages validationSubset(io.jointcs.data.LabeledImages validation) {
    return validationImages > 0 ? validation.stratifiedSample(validationImages, "compression-validation") : validation;
  }

  public boolean fineTunes() {
    return fineTuneImages > 0 && fineTuneEpochs > 0;
  }
}
