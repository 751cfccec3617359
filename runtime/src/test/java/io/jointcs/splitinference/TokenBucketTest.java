package io.jointcs.splitinference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Timing properties of our own shaper. Lower bounds are exact (the shaper never sends early);
 * upper bounds are tolerant, as the machine running the tests is busy.
 */
class TokenBucketTest {

  @Test
  void uplinkNeverDeliversFasterThanItsRate() throws Exception {
    int bytes = 1_000_000;
    LinkEmulation link = LinkEmulation.parse("8Mbit", "0ms"); // 1e6 bytes/s: 1 s for 1 MB
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Long> lastByteAt = CompletableFuture.supplyAsync(() -> receive(server, bytes));
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        socket.setTcpNoDelay(true);
        long start = System.nanoTime();
        new EmulatedUplink(link).send(socket.getOutputStream(), new byte[bytes]);
        double seconds = (lastByteAt.get(30, TimeUnit.SECONDS) - start) / 1e9;
        assertThat(seconds).as("1 MB at 8 Mbit/s").isBetween(0.95, 1.5); // never early; late only by scheduling noise
      }
    }
  }

  private static long receive(ServerSocket server, int bytes) {
    try (Socket socket = server.accept(); InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[1 << 16];
      int received = 0;
      while (received < bytes) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("stream ended after " + received + " bytes");
        }
        received += n;
      }
      return System.nanoTime();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aFullBucketPassesItsBurstAndThenMakesTakersWaitForTheirBytes() throws Exception {
    TokenBucket bucket = new TokenBucket(1_000_000, 10_000); // 1 MB/s: 1 ms per 1000 bytes
    long start = System.nanoTime();
    long burstWait = bucket.acquire(10_000);
    bucket.acquire(30_000);
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    assertThat(burstWait / 1e6).as("burst wait ms").isLessThan(500);
    assertThat(elapsedMs).as("the burst, then 30 000 bytes at 1 MB/s, ms").isGreaterThanOrEqualTo(29.99);
  }

  @Test
  void drainedCreditMakesAMessagePayItsFullSerializationTime() throws Exception {
    TokenBucket bucket = new TokenBucket(1_000_000, 50_000);
    Thread.sleep(60); // idle: the bucket is full
    bucket.drainCredit();
    long wait = bucket.acquire(20_000);
    assertThat(wait / 1e6).as("20 000 bytes at 1 MB/s after draining, ms").isGreaterThanOrEqualTo(19.0);
  }

  @Test
  void timeASenderFallsBehindBecomesCreditForItsNextChunks() throws Exception {
    TokenBucket bucket = new TokenBucket(1_000_000, 5_000);
    bucket.drainCredit();
    bucket.acquire(1_000);
    Thread.sleep(3); // a late wake-up (or any stall) of 3 ms after the chunk's deadline
    assertThat(bucket.availableBytes()).as("credit after a 3 ms stall at 1 MB/s").isGreaterThanOrEqualTo(3_000);
    Thread.sleep(10);
    assertThat(bucket.availableBytes()).as("credit is capped at the burst").isEqualTo(5_000);
  }
}
