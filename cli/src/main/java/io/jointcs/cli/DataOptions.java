package io.jointcs.cli;

import io.jointcs.data.ImageFolderDataset;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.ValidationSplit;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the images come from and which part of them a command uses. */
final class DataOptions {
  @Option(names = "--data", description = "dataset root holding <split>/<class>/*.jpg|png "
      + "(default: $JOINTCS_DATA)")
  Path data;

  @Option(names = "--split", defaultValue = "train", description = "split directory under the root (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--val-fraction", defaultValue = "0.1",
      description = "share of each class carved out of the split as validation (default: ${DEFAULT-VALUE})")
  double validationFraction;

  @Option(names = "--val-seed", defaultValue = ValidationSplit.DEFAULT_SEED,
      description = "seed of the validation split (default: ${DEFAULT-VALUE})")
  String validationSeed;

  @Option(names = "--limit", defaultValue = "0", description = "use only the first N images of each part (0 = all)")
  int limit;

  Path root() {
    if (data != null) {
      return data;
    }
    String env = System.getenv("JOINTCS_DATA");
    if (env == null || env.isBlank()) {
      throw new IllegalArgumentException("no dataset given: pass --data DIR or set JOINTCS_DATA "
          + "(an ImageFolder root such as ../shared/datasets/cifar10 with train/<class>/*.jpg)");
    }
    return Path.of(env);
  }

  LabeledImages loadSplit() throws IOException {
    return ImageFolderDataset.load(root().resolve(split), ImageFolderDataset.defaultCacheDir());
  }

  /** The split, minus the seeded validation share, and that share. */
  ValidationSplit.Parts loadTrainAndValidation() throws IOException {
    ValidationSplit.Parts parts = ValidationSplit.carve(loadSplit(), validationFraction, validationSeed);
    if (limit <= 0) {
      return parts;
    }
    return new ValidationSplit.Parts(parts.train().head(limit), parts.validation().head(limit));
  }
}
