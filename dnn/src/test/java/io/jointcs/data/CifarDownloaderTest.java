package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a local HTTP server serving a tiny archive in the official layout; never the real URL. */
class CifarDownloaderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private byte[] archive;

  @BeforeEach
  void serveTinyRelease() throws IOException {
    // two tiny batch files (one training batch, the test batch) in the official directory name
    Path release = CifarFixtures.writeCifar10(tmp.resolve("src/cifar-10-batches-bin"), 1, 5, 3);
    archive = CifarFixtures.tarGz(release);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestURI().getPath().equals("/cifar-10-binary.tar.gz") ? archive
          : "not here".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == archive ? 200 : 404, body.length);
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

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private CifarDownloader.Source mirror(String md5) {
    return CifarDownloader.CIFAR10.withUrl(url("/cifar-10-binary.tar.gz"), md5);
  }

  @Test
  void downloadsVerifiesAndPlacesTheReleaseWhereTheLocatorFindsIt() throws Exception {
    Path cache = tmp.resolve("cache");
    Path datasets = cache.resolve("datasets");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    CifarDownloader downloader = new CifarDownloader(TIMEOUT, new PrintStream(progress, true, StandardCharsets.UTF_8));

    Path placed = downloader.fetch(mirror(CifarFixtures.md5(archive)), datasets);
    assertThat(placed).isEqualTo(datasets.resolve("cifar-10-batches-bin"));
    assertThat(children(datasets)).containsExactly("cifar-10-batches-bin"); // no staging left behind
    assertThat(children(placed)).containsExactlyInAnyOrder("batches.meta.txt", "data_batch_1.bin", "test_batch.bin");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("download cifar-10-binary.tar.gz").contains("100.0%");

    DatasetLocator locator = new DatasetLocator(Map.of("JOINTCS_CACHE", cache.toString()), tmp);
    LabeledImages train = locator.locate(null).load("train", cache);
    assertThat(train.size()).isEqualTo(5);
    assertThat(train.ids().get(4)).isEqualTo("data_batch_1.bin#4");

    // a second fetch finds the release and does not download again
    assertThat(downloader.fetch(mirror(CifarFixtures.md5(archive)), datasets)).isEqualTo(placed);
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void checksumMismatchIsRejectedAndLeavesNothingInTheCache() throws Exception {
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    String wrong = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> new CifarDownloader(TIMEOUT, null).fetch(mirror(wrong), cache.resolve("datasets")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining(CifarFixtures.md5(archive))
        .hasMessageContaining(wrong)
        .hasMessageContaining("nothing was stored");
    assertThat(requests.get()).isEqualTo(1);
    assertThat(everythingUnder(cache)).isEmpty();
  }

  @Test
  void unreachableServerSaysWhereToPutTheData() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path cache = tmp.resolve("cache");
    Path datasets = cache.resolve("datasets");
    CifarDownloader.Source offline = CifarDownloader.CIFAR10.withUrl(
        URI.create("http://127.0.0.1:" + closedPort + "/cifar-10-binary.tar.gz"), CifarDownloader.CIFAR10.md5());
    assertThatThrownBy(() -> new CifarDownloader(TIMEOUT, null).fetch(offline, datasets))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("could not download http://127.0.0.1:" + closedPort)
        .hasMessageContaining("If this machine is offline")
        .hasMessageContaining("tar xzf cifar-10-binary.tar.gz -C " + datasets)
        .hasMessageContaining(datasets.resolve("cifar-10-batches-bin") + "/{data_batch_1..5.bin")
        .hasMessageContaining("ConnectException")
        .hasMessageContaining("file:///");
    assertThat(cache).doesNotExist(); // the directories made for the download are gone again
  }

  @Test
  void httpErrorIsReported() throws Exception {
    CifarDownloader.Source missing = CifarDownloader.CIFAR10.withUrl(url("/gone.tar.gz"), CifarDownloader.CIFAR10.md5());
    assertThatThrownBy(() -> new CifarDownloader(TIMEOUT, null).fetch(missing, tmp.resolve("datasets")))
        .hasMessageContaining("HTTP 404");
    assertThat(tmp.resolve("datasets")).doesNotExist();
  }

  @Test
  void localArchiveCanBeGivenAsFileUrl() throws Exception {
    Path copy = Files.write(tmp.resolve("cifar-10-binary.tar.gz"), archive);
    CifarDownloader.Source local = CifarDownloader.CIFAR10.withUrl(copy.toUri(), CifarFixtures.md5(archive));
    Path placed = new CifarDownloader(TIMEOUT, null).fetch(local, tmp.resolve("datasets"));
    assertThat(CifarBinary.readCifar10(placed, "test").size()).isEqualTo(3);
    assertThat(requests.get()).isZero();
  }

  @Test
  void archiveOfAnotherLayoutIsNotPlaced() throws Exception {
    Path other = CifarFixtures.writeCifar10(tmp.resolve("src2/some-other-name"), 1, 1, 1);
    byte[] wrongLayout = CifarFixtures.tarGz(other);
    archive = wrongLayout;
    Path datasets = tmp.resolve("datasets");
    assertThatThrownBy(() -> new CifarDownloader(TIMEOUT, null).fetch(mirror(CifarFixtures.md5(wrongLayout)), datasets))
        .hasMessageContaining("does not unpack to cifar-10-batches-bin/").hasMessageContaining("some-other-name");
    assertThat(datasets).doesNotExist();
  }

  @Test
  void existingIncompleteReleaseIsNotOverwritten() throws Exception {
    Path datasets = tmp.resolve("datasets");
    Path release = CifarFixtures.writeCifar10(datasets.resolve("cifar-10-batches-bin"), 1, 1, 1);
    Files.delete(release.resolve("test_batch.bin"));
    assertThatThrownBy(() -> new CifarDownloader(TIMEOUT, null).fetch(mirror(CifarFixtures.md5(archive)), datasets))
        .hasMessageContaining(release + " exists but is not a whole CIFAR10 release")
        .hasMessageContaining("remove it to download again");
    assertThat(requests.get()).isZero();
  }

  @Test
  void officialSourceIsThePublishedArchive() {
    assertThat(CifarDownloader.CIFAR10.url().toString()).isEqualTo("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    assertThat(CifarDownloader.CIFAR10.md5()).isEqualTo("c32a1d4ab5d03f1284b67883e8d87530");
    assertThatThrownBy(() -> CifarDownloader.CIFAR10.withUrl(URI.create("ftp://x/y"), "c32a1d4ab5d03f1284b67883e8d87530"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CifarDownloader.CIFAR10.withUrl(URI.create("https://x/y"), "abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<String> children(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static List<Path> everythingUnder(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.equals(dir)).toList();
    }
  }
}
