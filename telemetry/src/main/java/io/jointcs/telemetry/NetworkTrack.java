package io.jointcs.telemetry;

import io.jointcs.events.NetworkState;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.events.codec.EventDecodingException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What ingestion remembers of one device's network: the smoothed state now, the reference state the last
 * change was reported against (the first state until a change happens), so that a slow drift that crosses the
 * threshold in many small steps is still reported, once; and the run of recent samples that depart from the
 * smoothed state (their mean and count, null when the last sample did not depart), which step detection of
 * {@link NetworkSmoothing} needs.
 */
public record NetworkTrack(NetworkState current, NetworkState reference, NetworkState pending) {
  private static final EventCodec<NetworkState> STATES = EventCodec.of(NetworkState.class);

  public NetworkTrack {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(reference, "reference");
  }

  public NetworkTrack(NetworkState current, NetworkState reference) {
    this(current, reference, null);
  }

  /**
   * Bytes for a state store: the states in the versioned event encoding, length-prefixed; the pending run, when
   * there is one, after the two (so tracks written before it existed read back unchanged).
   */
  public byte[] toBytes() {
    byte[] a = STATES.encode(current);
    byte[] b = STATES.encode(reference);
    byte[] c = pending == null ? new byte[0] : STATES.encode(pending);
    ByteBuffer out = ByteBuffer.allocate(8 + a.length + b.length + (pending == null ? 0 : 4 + c.length))
        .putInt(a.length).put(a).putInt(b.length).put(b);
    if (pending != null) {
      out.putInt(c.length).put(c);
    }
    return out.array();
  }

  public static NetworkTrack fromBytes(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      NetworkState current = STATES.decode(next(in));
      NetworkState reference = STATES.decode(next(in));
      return new NetworkTrack(current, reference, in.hasRemaining() ? STATES.decode(next(in)) : null);
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
