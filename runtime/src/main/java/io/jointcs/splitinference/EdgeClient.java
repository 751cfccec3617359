package io.jointcs.splitinference;

import io.jointcs.segmentation.CutTensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A device's connection to an edge server, behind the emulated link: requests go out through the
 * {@link EmulatedUplink}, one at a time, each waiting for its reply (closed loop: the latency of a
 * request never includes another's). Thread-safe; concurrent callers take turns.
 */
public final class EdgeClient implements AutoCloseable {
  /** Upper bound on the scores of one reply: bounds what a confused peer can make us allocate. */
  private static final int MAX_REPLY_SCORES = 1 << 26;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final EmulatedUplink uplink;
  private final EdgeHello hello;
  private final String edgeName;
  private long nextRequestId = 1;

  /**
   * The time of one exchange.
   *
   * @param reply the edge's reply
   * @param frameBytes bytes sent on the uplink
   * @param roundTripNanos from the start of sending to the reply's arrival, both rtt halves included
   */
  public record Exchange(EdgeReply reply, long frameBytes, long roundTripNanos) {}

  private EdgeClient(Socket socket, EmulatedUplink uplink, String edgeName) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    // unbuffered: the uplink decides when bytes leave
    this.out = socket.getOutputStream();
    this.uplink = uplink;
    this.edgeName = edgeName;
    this.hello = SplitProtocol.readHello(in);
  }

  /**
   * Connects and reads the edge's greeting.
   *
   * @param replyTimeout longest wait for any read from the edge
   */
  public static EdgeClient connect(InetSocketAddress edge, LinkEmulation link, Duration connectTimeout,
      Duration replyTimeout) throws IOException {
    String name = edge.getHostString() + ":" + edge.getPort();
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true); // the uplink paces chunks itself; Nagle would regroup them
      socket.connect(edge, (int) connectTimeout.toMillis());
      socket.setSoTimeout((int) replyTimeout.toMillis());
      return new EdgeClient(socket, new EmulatedUplink(link), name);
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new IOException("the edge at " + name + " did not answer within " + connectTimeout.toMillis() + " ms", e);
    } catch (EOFException e) {
      socket.close();
      throw new IOException("the edge at " + name + " closed the connection before greeting", e);
    } catch (IOException e) {
      socket.close();
      throw new IOException("cannot connect to the edge at " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@link #connect(InetSocketAddress, LinkEmulation, Duration, Duration)} with 10 s to connect, 120 s per reply. */
  public static EdgeClient connect(InetSocketAddress edge, LinkEmulation link) throws IOException {
    return connect(edge, link, Duration.ofSeconds(10), Duration.ofSeconds(120));
  }

  public EdgeHello hello() {
    return hello;
  }

  public LinkEmulation link() {
    return uplink.link();
  }

  /** Sends the cut tensor over the emulated link and waits for the scores; callers take turns. */
  public synchronized Exchange exchange(CutTensor cut) throws IOException {
    long requestId = nextRequestId++;
    long start = System.nanoTime();
    return send(requestId, SplitProtocol.encodeRequest(requestId, cut), start);
  }

  /**
   * Sends a probe frame of {@code paddingBytes} (plus a 16-byte header) over the emulated link; the
   * edge answers at once without running the model, so the round trip is link time only: rtt plus
   * the frame's serialization. A device measures its uplink with two probes of different sizes.
   */
  public synchronized Exchange probe(int paddingBytes) throws IOException {
    long requestId = nextRequestId++;
    long start = System.nanoTime();
    return send(requestId, SplitProtocol.encodeProbe(requestId, paddingBytes), start);
  }

  private Exchange send(long requestId, byte[] frame, long start) throws IOException {
    EdgeReply reply;
    try {
      uplink.send(out, frame);
      reply = SplitProtocol.readReply(in, MAX_REPLY_SCORES);
    } catch (EOFException e) {
      throw new IOException("the edge at " + edgeName + " closed the connection during request " + requestId
          + " (see the edge's log)", e);
    } catch (SocketTimeoutException e) {
      throw new IOException("no reply from the edge at " + edgeName + " to request " + requestId + " within "
          + socket.getSoTimeout() + " ms", e);
    }
    if (reply.requestId() != requestId) {
      throw new IOException("the edge at " + edgeName + " answered request " + reply.requestId()
          + " while request " + requestId + " was waiting");
    }
    uplink.receiveDelay();
    return new Exchange(reply, frame.length, System.nanoTime() - start);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
