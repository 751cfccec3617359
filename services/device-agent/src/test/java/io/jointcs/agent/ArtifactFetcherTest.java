package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jointcs.artifact.ArtifactKind;
import io.jointcs.artifact.ModelArtifact;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads over HTTP from a local JDK server serving a real small artifact, intact or corrupted. */
class ArtifactFetcherTest {
  private static ModelArtifact head;
  private HttpServer server;
  private volatile byte[] served;
  private final AtomicInteger requests = new AtomicInteger();

  @TempDir
  Path cache;

  @BeforeAll
  static void artifact() {
    head = TestArtifacts.head(3);
  }

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/artifacts/", exchange -> {
      requests.incrementAndGet();
      byte[] body = served;
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void anIntactDownloadIsVerifiedCachedAndLoadable() throws IOException {
    // Given the server serves the artifact's exact bytes
    served = head.toBytes();
    ArtifactFetcher fetcher = new ArtifactFetcher(base(), null, cache);
    // When the agent fetches it twice
    ModelArtifact first = fetcher.fetch(TestArtifacts.ref(head));
    ModelArtifact second = fetcher.fetch(TestArtifacts.ref(head));
    // Then it is the head up to cut 3, kept in the cache, downloaded once
    assertThat(first.sha256()).isEqualTo(head.sha256());
    assertThat(first.kind()).isEqualTo(ArtifactKind.HEAD);
    assertThat(first.cutPoint()).isEqualTo(3);
    assertThat(second.sha256()).isEqualTo(head.sha256());
    assertThat(Files.isRegularFile(fetcher.cachedFile(head.sha256()))).isTrue();
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aCorruptedBodyIsRejectedAndNeverCached() throws IOException {
    // Given the server flips one byte of the weights
    byte[] corrupted = head.toBytes();
    corrupted[corrupted.length - 10] ^= 0x5a;
    served = corrupted;
    ArtifactFetcher fetcher = new ArtifactFetcher(base(), null, cache);
    // When the agent fetches it, Then the sha256 check refuses it, naming both digests
    assertThatThrownBy(() -> fetcher.fetch(TestArtifacts.ref(head)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt")
        .hasMessageContaining(head.sha256());
    assertThat(Files.exists(fetcher.cachedFile(head.sha256()))).isFalse();
  }

  @Test
  void aLocalStoreServesWithoutHttp(@TempDir Path store) throws IOException {
    // Given the artifact only in a local store and no artifact URL
    TestArtifacts.store(store, head);
    ArtifactFetcher fetcher = new ArtifactFetcher(null, store, cache);
    // When fetched, Then it comes from the store, verified, and no HTTP request was made
    assertThat(fetcher.fetch(TestArtifacts.ref(head)).sha256()).isEqualTo(head.sha256());
    assertThat(requests.get()).isZero();
  }
}
