package io.jointcs.latency.network;

import io.jointcs.segmentation.NetworkCondition;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Calibrates a {@link NetworkCondition} by timing real transfers over a loopback TCP socket: a receiver thread
 * reads each length-prefixed payload in full and answers one byte; the sender times from its first byte to that
 * answer, for payloads of several sizes, and fits elapsed = overhead + bytes / bandwidth. With a shaping limit the
 * sender paces its writes to that rate, which emulates a slower link over the same real socket (the result says
 * so). Loops are bounded by the payload list and every socket has a timeout.
 */
public final class LoopbackBandwidthCalibrator {
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int SOCKET_TIMEOUT_MS = 30_000;

  private final List<Integer> payloadSizes;
  private final int repetitions;
  private final int warmupTransfers;
  private final double shapeBytesPerSec;

  /**
   * @param payloadSizes sizes to send, bytes (at least two distinct ones, to separate overhead from bandwidth)
   * @param repetitions transfers per size
   * @param warmupTransfers untimed transfers first (connection and JIT warm-up)
   * @param shapeBytesPerSec sender pacing limit for an emulated link, or 0 for the socket's own speed
   */
  public LoopbackBandwidthCalibrator(List<Integer> payloadSizes, int repetitions, int warmupTransfers,
      double shapeBytesPerSec) {
    if (payloadSizes.stream().distinct().count() < 2 || payloadSizes.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("need at least two distinct positive payload sizes, got " + payloadSizes);
    }
    if (repetitions < 1 || warmupTransfers < 0) {
      throw new IllegalArgumentException("repetitions must be >= 1 and warm-up >= 0");
    }
    if (!(shapeBytesPerSec >= 0) || Double.isInfinite(shapeBytesPerSec)) {
      throw new IllegalArgumentException("shaping limit must be finite and >= 0, got " + shapeBytesPerSec);
    }
    this.payloadSizes = List.copyOf(payloadSizes);
    this.repetitions = repetitions;
    this.warmupTransfers = warmupTransfers;
    this.shapeBytesPerSec = shapeBytesPerSec;
  }

  public CalibrationResult calibrate() {
    int transfers = warmupTransfers + payloadSizes.size() * repetitions;
    ExecutorService receiverThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "loopback-calibration-receiver");
      t.setDaemon(true);
      return t;
    });
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(SOCKET_TIMEOUT_MS);
      Future<?> receiver = receiverThread.submit(() -> receive(server, transfers));
      List<TransferTiming> timings = send(server.getLocalPort());
      receiver.get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return fit(timings);
    } catch (IOException e) {
      throw new UncheckedIOException("loopback calibration failed", e);
    } catch (Exception e) {
      throw new IllegalStateException("loopback calibration failed: " + e.getMessage(), e);
    } finally {
      receiverThread.shutdownNow();
    }
  }

  private List<TransferTiming> send(int port) throws IOException {
    List<TransferTiming> timings = new ArrayList<>();
    byte[] chunk = new byte[CHUNK_BYTES];
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      InputStream in = socket.getInputStream();
      for (int i = 0; i < warmupTransfers; i++) {
        transfer(out, in, payloadSizes.get(i % payloadSizes.size()), chunk);
      }
      for (int r = 0; r < repetitions; r++) {
        for (int size : payloadSizes) {
          timings.add(new TransferTiming(size, transfer(out, in, size, chunk)));
        }
      }
    }
    return timings;
  }

  /** Sends one payload and waits for the acknowledgement; returns the elapsed ms. */
  private double transfer(DataOutputStream out, InputStream in, int size, byte[] chunk) throws IOException {
    long start = System.nanoTime();
    out.writeInt(size);
    long sent = 0;
    while (sent < size) {
      int n = (int) Math.min(chunk.length, size - sent);
      out.write(chunk, 0, n);
      sent += n;
      pace(start, sent);
    }
    out.flush();
    if (in.read() < 0) {
      throw new IOException("receiver closed the connection before acknowledging a " + size + "-byte payload");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /** Sleeps until {@code sent} bytes are due at the shaping rate. */
  private void pace(long startNanos, long sent) throws IOException {
    if (shapeBytesPerSec <= 0) {
      return;
    }
    long dueNanos = startNanos + (long) (sent / shapeBytesPerSec * 1e9);
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while pacing the calibration transfer", e);
      }
    }
  }

  private static Void receive(ServerSocket server, int transfers) throws IOException {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[CHUNK_BYTES];
      for (int t = 0; t < transfers; t++) {
        int size = in.readInt();
        int left = size;
        while (left > 0) {
          int n = in.read(buffer, 0, Math.min(buffer.length, left));
          if (n < 0) {
            throw new IOException("sender closed the connection with " + left + " payload bytes outstanding");
          }
          left -= n;
        }
        out.write(1);
        out.flush();
      }
    }
    return null;
  }

  private CalibrationResult fit(List<TransferTiming> timings) {
    int n = timings.size();
    double mx = 0;
    double my = 0;
    for (TransferTiming t : timings) {
      mx += t.bytes();
      my += t.elapsedMs();
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    for (TransferTiming t : timings) {
      sxy += (t.bytes() - mx) * (t.elapsedMs() - my);
      sxx += (t.bytes() - mx) * (t.bytes() - mx);
    }
    double msPerByte = sxy / sxx;
    if (!(msPerByte > 0)) {
      throw new IllegalStateException("calibration timings do not grow with payload size (slope " + msPerByte
          + " ms/byte); the measurements are too noisy to fit a bandwidth: " + timings);
    }
    double overheadMs = my - msPerByte * mx;
    NetworkCondition condition = new NetworkCondition(1000.0 / msPerByte, Math.max(0, overheadMs));
    return new CalibrationResult(condition, overheadMs, shapeBytesPerSec, timings);
  }
}
