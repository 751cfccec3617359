package io.jointcs.executor;

import io.jointcs.data.DatasetLocator;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.SyntheticImages;
import io.jointcs.data.ValidationSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The datasets requests may name: configured directories (any layout {@link DatasetLocator} recognises) and the
 * built-in {@code synthetic} one. Each is loaded once and split with the platform's fixed validation split
 * ({@link ValidationSplit#DEFAULT_SEED}, {@link ValidationSplit#DEFAULT_FRACTION} of each class), so the executor
 * validates on the same images as every other JointCS tool.
 */
public final class DatasetCatalog {
  public static final String SYNTHETIC = "synthetic";
  /** Seed of the synthetic images: fixed, so every instance sees the same synthetic dataset. */
  static final long SYNTHETIC_SEED = 1;

  private final Map<String, Path> locations;
  private final int syntheticClasses;
  private final int syntheticImagesPerClass;
  private final Path cacheDir;
  private final Map<String, ValidationSplit.Parts> loaded = new ConcurrentHashMap<>();

  /**
   * @param locations dataset id to directory
   * @param cacheDir where decoded ImageFolder images are cached
   */
  public DatasetCatalog(Map<String, Path> locations, int syntheticClasses, int syntheticImagesPerClass,
      Path cacheDir) {
    this.locations = Map.copyOf(locations);
    this.syntheticClasses = syntheticClasses;
    this.syntheticImagesPerClass = syntheticImagesPerClass;
    this.cacheDir = cacheDir;
  }

  /** The training part (minus validation) and the validation part of dataset {@code id}. */
  public ValidationSplit.Parts splits(String id) throws EvaluationException {
    ValidationSplit.Parts parts = loaded.get(id);
    if (parts != null) {
      return parts;
    }
    // loading CIFAR-10 takes seconds and ~150 MB: once per dataset, not once per worker
    synchronized (this) {
      parts = loaded.get(id);
      if (parts == null) {
        parts = ValidationSplit.carve(load(id), ValidationSplit.DEFAULT_FRACTION, ValidationSplit.DEFAULT_SEED);
        loaded.put(id, parts);
      }
      return parts;
    }
  }

  private LabeledImages load(String id) throws EvaluationException {
    if (SYNTHETIC.equals(id) && !locations.containsKey(id)) {
      return SyntheticImages.generate(syntheticClasses, syntheticImagesPerClass, SYNTHETIC_SEED);
    }
    Path dir = locations.get(id);
    if (dir == null) {
      throw new EvaluationException("unknown dataset '" + id + "': this executor knows " + String.join(", ",
          known().keySet()) + " (configure jointcs.datasets." + id + "=<directory>)");
    }
    try {
      DatasetLocator.Dataset dataset = DatasetLocator.detect(dir, "jointcs.datasets." + id);
      return dataset.load("train", cacheDir);
    } catch (IOException e) {
      throw new EvaluationException("dataset '" + id + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /** Every dataset id with its location ("built in" for synthetic), sorted. */
  public Map<String, String> known() {
    Map<String, String> known = new TreeMap<>();
    known.put(SYNTHETIC, "built in: " + syntheticClasses + " classes x " + syntheticImagesPerClass + " images");
    locations.forEach((id, path) -> known.put(id, path.toString()));
    return known;
  }
}
