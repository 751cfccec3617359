package io.jointcs.splitinference;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One device connection to the edge: greeting, then request frames until the device hangs up. */
final class EdgeConnection implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(EdgeConnection.class);

  private final EdgeServer server;
  private final Socket socket;
  private final int maxPayloadBytes;

  EdgeConnection(EdgeServer server, Socket socket, int maxPayloadBytes) {
    this.server = server;
    this.socket = socket;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public void run() {
    SocketAddress peer = socket.getRemoteSocketAddress();
    long served = 0;
    try {
      socket.setTcpNoDelay(true); // replies are small; Nagle would hold them back
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 13));
      SplitProtocol.writeHello(out, server.hello());
      log.info("connection from {} opened", peer);
      while (true) {
        SplitProtocol.Request request = SplitProtocol.readRequest(in, maxPayloadBytes);
        if (request == null) {
          log.info("connection from {} closed by the device after {} requests", peer, served);
          return;
        }
        server.serve(request, out);
        served++;
      }
    } catch (MalformedFrameException e) {
      log.warn("closing the connection from {} after {} requests: malformed request frame: {}", peer, served,
          e.getMessage());
    } catch (IOException e) {
      if (!server.isClosed()) {
        log.warn("connection from {} failed after {} requests: {}", peer, served, e.getMessage());
      }
    } catch (RuntimeException e) {
      log.error("connection from {} failed after {} requests", peer, served, e);
    } finally {
      EdgeServer.closeQuietly(socket);
      server.connectionClosed(socket);
    }
  }
}
