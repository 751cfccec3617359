package io.jointcs.telemetry;

import io.jointcs.events.LatencyStatistics;
import io.jointcs.events.ProfilingSample;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.RecordKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The latencies of one layer configuration on one device class within one time window, folded one sample at a
 * time. Count, mean, min and max are exact; median and p90 are exact while the window holds at most
 * {@link #MAX_KEPT} samples and are taken over the first {@code MAX_KEPT} beyond that (bounded state per key).
 * Immutable.
 *
 * @param first the first sample of the window: device class, emulation flag and layer features of the key
 * @param count samples folded in. Unit: count.
 * @param sumMs sum of their latencies. Unit: ms.
 * @param minMs smallest latency. Unit: ms.
 * @param maxMs largest latency. Unit: ms.
 * @param kept sorted latencies of the first {@link #MAX_KEPT} samples. Unit: ms.
 */
public record LatencyWindow(ProfilingSample first, long count, double sumMs, double minMs, double maxMs,
    double[] kept) {
  /** Latencies kept per window for the percentiles: 4096 doubles, 32 KiB of state per key and window. */
  public static final int MAX_KEPT = 4096;
  private static final int FORMAT = 1;
  private static final EventCodec<ProfilingSample> SAMPLES = EventCodec.of(ProfilingSample.class);

  public LatencyWindow {
    Objects.requireNonNull(first, "first");
    kept = kept.clone();
  }

  /** A window holding one sample. */
  public static LatencyWindow of(ProfilingSample sample) {
    double ms = sample.getLatencyMs();
    return new LatencyWindow(sample, 1, ms, ms, ms, new double[] {ms});
  }

  /** This window with one more sample of the same key. */
  public LatencyWindow plus(ProfilingSample sample) {
    double ms = sample.getLatencyMs();
    double[] next = kept;
    if (kept.length < MAX_KEPT) {
      int at = Arrays.binarySearch(kept, ms);
      int insert = at >= 0 ? at : -at - 1;
      next = new double[kept.length + 1];
      System.arraycopy(kept, 0, next, 0, insert);
      next[insert] = ms;
      System.arraycopy(kept, insert, next, insert + 1, kept.length - insert);
    }
    return new LatencyWindow(first, count + 1, sumMs + ms, Math.min(minMs, ms), Math.max(maxMs, ms), next);
  }

  @Override
  public double[] kept() {
    return kept.clone();
  }

  /** Linear-interpolated quantile of the kept latencies, q in [0, 1]. Unit: ms. */
  public double quantileMs(double q) {
    if (kept.length == 1) {
      return kept[0];
    }
    double pos = q * (kept.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, kept.length - 1);
    return kept[lo] + (pos - lo) * (kept[hi] - kept[lo]);
  }

  /** The statistics event of this window, [start, end). */
  public LatencyStatistics toStatistics(long windowStartEpochMs, long windowEndEpochMs) {
    return LatencyStatistics.newBuilder()
        .setDeviceClass(first.getDeviceClass())
        .setEmulated(first.getEmulated())
        .setLayerSignature(RecordKeys.layerSignature(first.getLayer()))
        .setLayer(first.getLayer())
        .setWindowStartEpochMs(windowStartEpochMs)
        .setWindowEndEpochMs(windowEndEpochMs)
        .setCount(count)
        .setMeanMs(sumMs / count)
        .setMedianMs(quantileMs(0.5))
        .setP90Ms(quantileMs(0.9))
        .setMinMs(minMs)
        .setMaxMs(maxMs)
        .build();
  }

  /**
   * Bytes of this window for a state store: a format version, the first sample in the versioned event
   * encoding, then the numbers.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + 8 * kept.length);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeInt(FORMAT);
      byte[] sample = SAMPLES.encode(first);
      out.writeInt(sample.length);
      out.write(sample);
      out.writeLong(count);
      out.writeDouble(sumMs);
      out.writeDouble(minMs);
      out.writeDouble(maxMs);
      out.writeInt(kept.length);
      for (double ms : kept) {
        out.writeDouble(ms);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Reads {@link #toBytes()}; an {@link IllegalArgumentException} for anything else. */
  public static LatencyWindow fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalArgumentException("latency window state of format " + format + ", this build reads "
            + FORMAT);
      }
      int sampleLength = in.readInt();
      if (sampleLength < 0 || sampleLength > bytes.length) {
        throw new IllegalArgumentException("latency window state is corrupt: sample length " + sampleLength);
      }
      ProfilingSample first = SAMPLES.decode(in.readNBytes(sampleLength));
      long count = in.readLong();
      double sum = in.readDouble();
      double min = in.readDouble();
      double max = in.readDouble();
      int n = in.readInt();
      if (n < 1 || n > MAX_KEPT) {
        throw new IllegalArgumentException("latency window state is corrupt: " + n + " kept latencies");
      }
      double[] kept = new double[n];
      for (int i = 0; i < n; i++) {
        kept[i] = in.readDouble();
      }
      return new LatencyWindow(first, count, sum, min, max, kept);
    } catch (IOException | io.jointcs.events.codec.EventDecodingException e) {
      throw new IllegalArgumentException("latency window state is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyWindow w && first.equals(w.first) && count == w.count && sumMs == w.sumMs
        && minMs == w.minMs && maxMs == w.maxMs && Arrays.equals(kept, w.kept);
  }

  @Override
  public int hashCode() {
    return Objects.hash(first, count, sumMs, minMs, maxMs, Arrays.hashCode(kept));
  }

  @Override
  public String toString() {
    return "LatencyWindow[" + first.getDeviceClass() + " " + RecordKeys.layerSignature(first.getLayer()) + ", n="
        + count + ", mean=" + sumMs / count + " ms]";
  }
}
