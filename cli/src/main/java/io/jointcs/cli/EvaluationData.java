package io.jointcs.cli;

import io.jointcs.data.LabeledImages;
import io.jointcs.data.ValidationSplit;
import java.io.IOException;
import java.util.Locale;

/** Which images of a split an evaluation uses: the seeded validation share, the rest, or all of it. */
enum EvaluationData {
  VALIDATION,
  TRAIN,
  ALL;

  static EvaluationData parse(String text, String split) {
    if (text == null) {
      // the training split is only ever evaluated on its held-out share by default
      return split.equals("train") ? VALIDATION : ALL;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --part '" + text + "'; known: validation, train, all");
    }
  }

  LabeledImages select(DataOptions data) throws IOException {
    if (this == ALL) {
      LabeledImages images = data.loadSplit();
      return data.limit > 0 ? images.stratifiedSample(data.limit, DataOptions.LIMIT_SEED) : images;
    }
    ValidationSplit.Parts parts = data.loadTrainAndValidation();
    return this == VALIDATION ? parts.validation() : parts.train();
  }
}
