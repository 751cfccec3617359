package io.jointcs.splitinference;

import java.io.IOException;

/** The edge received a well-formed request it cannot run (e.g. a cut tensor of the wrong shape). */
public final class EdgeRejectedException extends IOException {
  private final long requestId;

  public EdgeRejectedException(long requestId, String reason) {
    super("the edge rejected request " + requestId + ": " + reason);
    this.requestId = requestId;
  }

  public long requestId() {
    return requestId;
  }
}
