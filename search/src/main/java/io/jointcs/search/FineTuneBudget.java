package io.jointcs.search;

/**
 * A fine-tuning budget in training epochs (the unit of the trainer's fine-tune recipe).
 *
 * @param epochs full passes over the training split, &gt;= 1
 */
public record FineTuneBudget(int epochs) {

  public FineTuneBudget {
    if (epochs < 1) {
      throw new IllegalArgumentException("a fine-tune budget needs at least 1 epoch, got " + epochs);
    }
  }
}
