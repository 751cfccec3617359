package io.jointcs.artifact;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;

/**
 * The JSON header of an artifact file. The architecture is kept as text so that an unknown one is
 * reported as such rather than as a JSON error. Property order is fixed: the header is part of
 * the content address.
 */
@JsonPropertyOrder({"kind", "architecture", "numClasses", "widths", "cutPoint", "quantization"})
record ArtifactHeader(ArtifactKind kind, String architecture, int numClasses, List<Integer> widths, int cutPoint,
    CutQuantization quantization) {}
