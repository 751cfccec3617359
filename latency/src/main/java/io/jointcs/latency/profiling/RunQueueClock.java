package io.jointcs.latency.profiling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long the calling thread has waited on a run queue (runnable, but another task had its CPU), from Linux's
 * {@code /proc/thread-self/schedstat} (second field, ns). A timed run during which this did not grow was not
 * preempted: contention from other processes only ever adds time, and this says which runs it added time to.
 *
 * <p>The file is opened by, and describes, the thread that creates the clock; read it from that thread only. With
 * one intra-op thread PyTorch computes on the calling thread, so the clock sees all of a forward pass; with more,
 * the worker threads' waits are not seen. On systems without schedstat {@link #available()} is false and
 * {@link #waitedNs()} returns 0.
 */
public final class RunQueueClock implements AutoCloseable {
  private static final Path FILE = Path.of("/proc/thread-self/schedstat");

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(128);

  private RunQueueClock(FileChannel channel) {
    this.channel = channel;
  }

  /** A clock for the calling thread (unavailable, reading 0, where the kernel does not provide schedstat). */
  public static RunQueueClock forCurrentThread() {
    try {
      if (Files.isReadable(FILE)) {
        FileChannel ch = FileChannel.open(FILE, StandardOpenOption.READ);
        RunQueueClock clock = new RunQueueClock(ch);
        if (clock.read() >= 0) {
          return clock;
        }
        ch.close();
      }
    } catch (IOException | RuntimeException e) {
      // fall through: unavailable
    }
    return new RunQueueClock(null);
  }

  public boolean available() {
    return channel != null;
  }

  /** Total run-queue wait of the thread so far, ns (0 when unavailable). */
  public long waitedNs() {
    long v = read();
    return v < 0 ? 0 : v;
  }

  private long read() {
    if (channel == null) {
      return -1;
    }
    try {
      buffer.clear();
      int n = channel.read(buffer, 0);
      if (n <= 0) {
        return -1;
      }
      String[] fields = new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).trim().split("\\s+");
      return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }
}
