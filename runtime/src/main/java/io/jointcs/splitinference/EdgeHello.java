package io.jointcs.splitinference;

import io.jointcs.model.ModelSpec;
import io.jointcs.segmentation.CutQuantization;
import java.util.List;

/**
 * What an edge server announces on every new connection: which network it serves the tail of and
 * from which cut point, so that a device with a mismatching head fails at connect time with both
 * sides named, not with a shape error (or wrong scores) later.
 *
 * @param protocolVersion {@link SplitProtocol#VERSION} of the server
 * @param architecture architecture id, e.g. resnet20
 * @param numClasses classifier outputs
 * @param widths channel-group widths
 * @param cutPoint the tail runs blocks cutPoint+1..B
 * @param quantization the cut quantization the tail was paired with (it decodes either)
 * @param source what the server loaded, for messages (artifact file and sha256)
 */
public record EdgeHello(int protocolVersion, String architecture, int numClasses, List<Integer> widths, int cutPoint,
    CutQuantization quantization, String source) {

  public EdgeHello {
    widths = List.copyOf(widths);
  }

  public static EdgeHello of(ModelSpec spec, int cutPoint, CutQuantization quantization, String source) {
    return new EdgeHello(SplitProtocol.VERSION, spec.architecture().id(), spec.numClasses(), spec.widths(), cutPoint,
        quantization, source);
  }

  /** True when the server runs the tail matching a head of {@code spec} cut at {@code cutPoint}. */
  public boolean matches(ModelSpec spec, int cutPoint) {
    return spec.architecture().id().equals(architecture) && spec.numClasses() == numClasses
        && spec.widths().equals(widths) && cutPoint == this.cutPoint;
  }

  public String describe() {
    return architecture + " (" + numClasses + " classes, widths " + widths + ") from cut point " + cutPoint;
  }
}
