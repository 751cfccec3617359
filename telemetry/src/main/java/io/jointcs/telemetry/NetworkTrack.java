package io.jointcs.telemetry;

import io.jointcs.events.NetworkState;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventDecodingException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What ingestion remembers of one device's network: the smoothed state now, and the reference state the last
 * change was reported against (the first state until a change happens), so that a slow drift that crosses the
 * threshold in many small steps is still reported, once.
 */
public record NetworkTrack(NetworkState current, NetworkState reference) {
  private static final EventCodec<NetworkState> STATES = EventCodec.of(NetworkState.class);

  public NetworkTrack {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(reference, "reference");
  }

  /** Bytes for a state store: both states in the versioned event encoding, length-prefixed. */
  public byte[] toBytes() {
    byte[] a = STATES.encode(current);
    byte[] b = STATES.encode(reference);
    return ByteBuffer.allocate(8 + a.length + b.length).putInt(a.length).put(a).putInt(b.length).put(b).array();
  }

  public static NetworkTrack fromBytes(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      return new NetworkTrack(STATES.decode(next(in)), STATES.decode(next(in)));
    } catch (EventDecodingException | RuntimeException e) {
      throw new IllegalArgumentException("network track state is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] next(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("length " + n + " exceeds the " + in.remaining() + " bytes left");
    }
    byte[] out = new byte[n];
    in.get(out);
    return out;
  }
}
