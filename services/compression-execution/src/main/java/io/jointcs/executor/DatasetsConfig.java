package io.jointcs.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.Map;

/**
 * {@code jointcs.datasets.<id>=<directory>}: the datasets requests may name, e.g. {@code jointcs.datasets.cifar10}
 * (env {@code JOINTCS_DATASETS_CIFAR10}). The directory is any layout {@link io.jointcs.data.DatasetLocator}
 * recognises. The id {@code synthetic} is built in.
 */
@ConfigMapping(prefix = "jointcs.datasets")
public interface DatasetsConfig {

  @WithParentName
  Map<String, String> locations();
}
