package io.jointcs.executor;

import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.data.DatasetLocator;
import io.jointcs.pruning.ChannelRanking;
import io.jointcs.pruning.CompressionRecipe;
import io.jointcs.pruning.L1NormRanking;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The libraries the service wraps, built once from configuration. */
public class ExecutorBeans {

  @Produces
  @Singleton
  FileArtifactStore artifactStore(ArtifactsConfig config) {
    try {
      return new FileArtifactStore(config.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the artifact store at " + config.root() + ": " + e.getMessage(), e);
    }
  }

  @Produces
  @Singleton
  ArtifactRepository artifactRepository(FileArtifactStore store, ArtifactsConfig config) {
    return new ArtifactRepository(store, config.publicUrl());
  }

  @Produces
  @Singleton
  DatasetCatalog datasetCatalog(DatasetsConfig datasets, ExecutorConfig config) {
    Map<String, Path> locations = new LinkedHashMap<>();
    datasets.locations().forEach((id, dir) -> locations.put(id, Path.of(dir)));
    return new DatasetCatalog(locations, config.synthetic().classes(), config.synthetic().imagesPerClass(),
        DatasetLocator.fromEnvironment().cacheDir());
  }

  @Produces
  @Singleton
  CandidateEvaluator candidateEvaluator(ArtifactRepository artifacts, DatasetCatalog datasets, ExecutorConfig config) {
    ExecutorConfig.Recipe recipe = config.recipe();
    // fine-tune fields 0: the request's budget decides fine-tuning
    CompressionRecipe settings = new CompressionRecipe(ranking(recipe.ranking()), recipe.recalibrationBatches(), 0, 0,
        0, recipe.validationImages(), 0);
    return new CandidateEvaluator(artifacts, datasets, settings, Clock.systemUTC());
  }

  static ChannelRanking ranking(String name) {
    return switch (name) {
      case "l1-gamma" -> L1NormRanking.gammaScaled();
      case "l1" -> L1NormRanking.plain();
      default -> throw new IllegalArgumentException("jointcs.executor.recipe.ranking must be l1-gamma or l1, got '"
          + name + "'");
    };
  }
}
