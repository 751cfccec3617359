package io.jointcs.cli;

import io.jointcs.data.CifarDownloader;
import io.jointcs.data.DatasetLocator;
import io.jointcs.data.LabeledImages;
import io.jointcs.data.NoDatasetFoundException;
import io.jointcs.data.ValidationSplit;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the images come from and which part of them a command uses. */
final class DataOptions {
  /** Seed of the --limit subset; fixed so that limited runs are comparable. */
  static final String LIMIT_SEED = "jointcs-limit-v1";

  @Option(names = "--data", description = "data set: an ImageFolder root (<split>/<class>/*.jpg|png), a CIFAR-10 or "
      + "CIFAR-100 binary directory, or a directory holding one (default: $JOINTCS_DATA, else "
      + "$JOINTCS_CACHE/datasets or ~/.cache/jointcs/datasets)")
  Path data;

  @Option(names = "--split", defaultValue = "train",
      description = "split: train or test (ImageFolder: any split directory) (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--val-fraction", defaultValue = "0.1",
      description = "share of each class carved out of the split as validation (default: ${DEFAULT-VALUE})")
  double validationFraction;

  @Option(names = "--val-seed", defaultValue = ValidationSplit.DEFAULT_SEED,
      description = "seed of the validation split (default: ${DEFAULT-VALUE})")
  String validationSeed;

  @Option(names = "--limit", defaultValue = "0",
      description = "use a seeded subset of N images of each part, classes in their proportions (0 = all)")
  int limit;

  @Option(names = "--download", description = "when no data set is found, download the CIFAR-10 binary release "
      + "(about 163 MB, MD5-checked) into the datasets directory")
  boolean download;

  @Option(names = "--download-url", description = "where --download fetches the archive: a mirror, or file:///path "
      + "for a copy on this machine (default: the official URL)")
  URI downloadUrl;

  @Option(names = "--download-md5", description = "expected MD5 of the archive at --download-url "
      + "(default: the published one)")
  String downloadMd5;

  /** The data set --data, $JOINTCS_DATA or the datasets directory holds (downloaded there with --download). */
  DatasetLocator.Dataset dataset(DatasetLocator locator) throws IOException {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
    }
    try {
      return locator.locate(data);
    } catch (NoDatasetFoundException e) {
      if (!download) {
        throw new NoDatasetFoundException(e.getMessage() + "\nOr pass --download to fetch CIFAR-10 from "
            + source().url() + " into " + e.datasetsDir() + ".", e.datasetsDir());
      }
      new CifarDownloader(Duration.ofSeconds(30), System.err).fetch(source(), e.datasetsDir());
      return locator.locate(null);
    }
  }

  CifarDownloader.Source source() {
    if (downloadUrl == null && downloadMd5 == null) {
      return CifarDownloader.CIFAR10;
    }
    // a mirror of the official archive has the official checksum unless told otherwise
    return CifarDownloader.CIFAR10.withUrl(downloadUrl != null ? downloadUrl : CifarDownloader.CIFAR10.url(),
        downloadMd5 != null ? downloadMd5 : CifarDownloader.CIFAR10.md5());
  }

  /** The located data set's root directory (for reports). */
  java.nio.file.Path root() throws IOException {
    return dataset(DatasetLocator.fromEnvironment()).root();
  }

  LabeledImages loadSplit() throws IOException {
    DatasetLocator locator = DatasetLocator.fromEnvironment();
    return dataset(locator).load(split, locator.cacheDir());
  }

  /** The split, minus the seeded validation share, and that share; each limited to --limit images. */
  ValidationSplit.Parts loadTrainAndValidation() throws IOException {
    ValidationSplit.Parts parts = ValidationSplit.carve(loadSplit(), validationFraction, validationSeed);
    if (limit <= 0) {
      return parts;
    }
    return new ValidationSplit.Parts(parts.train().stratifiedSample(limit, LIMIT_SEED),
        parts.validation().stratifiedSample(limit, LIMIT_SEED));
  }
}
