package io.jointcs.plans;

import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;

/**
 * A model a device can be given: one state of a search series, or the unpruned base model.
 *
 * @param modelId the series state it is (candidate id), or {@code base}
 * @param searchId the search that produced it; null for a model deployed without a search
 * @param spec its channel widths, which the latency models need to place the cut
 * @param quantization how its cut tensor travels
 * @param accuracy measured validation accuracy, in [0, 1]
 * @param artifactSha256 content address of its FULL artifact in the artifact store
 */
public record DeployableModel(String modelId, String searchId, ModelSpec spec, CutQuantization quantization,
    double accuracy, String artifactSha256) {

  public DeployableModel {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("a deployable model needs an id");
    }
    if (spec == null || quantization == null) {
      throw new IllegalArgumentException("deployable model '" + modelId + "' needs a spec and a cut quantization");
    }
    if (!(accuracy >= 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("accuracy of model '" + modelId + "' must be in [0, 1], got " + accuracy);
    }
    if (artifactSha256 == null || !artifactSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("model '" + modelId + "' needs the sha256 of its artifact (64 lower-case hex"
          + " digits), got '" + artifactSha256 + "'");
    }
  }
}
