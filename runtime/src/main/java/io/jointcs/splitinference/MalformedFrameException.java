package io.jointcs.splitinference;

import java.io.IOException;

/** Bytes on a connection that are not a valid request frame; the server closes that connection. */
final class MalformedFrameException extends IOException {
  MalformedFrameException(String message) {
    super(message);
  }
}
