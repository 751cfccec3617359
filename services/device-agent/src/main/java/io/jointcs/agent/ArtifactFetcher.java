package io.jointcs.agent;

import io.jointcs.artifact.FileArtifactStore;
import io.jointcs.artifact.ModelArtifact;
import io.jointcs.artifact.Sha256;
import io.jointcs.events.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the artifacts a plan names and verifies them before anything loads them: the bytes must hash to the
 * reference's sha256 (and have its size). Sources: compression-execution's {@code GET /artifacts/{sha256}}, a local
 * artifact-store directory, or the reference itself when it is an http(s) URI. Verified artifacts are kept in a
 * local cache (a content-addressed {@link FileArtifactStore}, re-hashed on every read), so a plan that returns to
 * an earlier model downloads nothing.
 */
final class ArtifactFetcher {
  private static final Logger log = LoggerFactory.getLogger(ArtifactFetcher.class);
  /** Larger than any model this project builds (ResNet-56 is ~3.5 MB); bounds what a confused server makes us hold. */
  static final long MAX_ARTIFACT_BYTES = 512L << 20;

  private final URI artifactUrl;
  private final FileArtifactStore sourceStore;
  private final FileArtifactStore cache;
  private final HttpClient http;

  /**
   * @param artifactUrl base URL of the artifact server, or null
   * @param sourceStore a local artifact store to read from, or null
   */
  ArtifactFetcher(URI artifactUrl, Path sourceStore, Path cacheDir) throws IOException {
    this.artifactUrl = artifactUrl;
    this.sourceStore = sourceStore == null ? null : new FileArtifactStore(sourceStore);
    this.cache = new FileArtifactStore(cacheDir);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The verified artifact; from the cache when it is there. */
  ModelArtifact fetch(ArtifactRef ref) throws IOException {
    String sha256 = Sha256.requireValid(ref.getSha256());
    if (cache.contains(sha256)) {
      return cache.get(sha256); // re-hashed: a cache file damaged on disk fails here, not at load
    }
    ModelArtifact artifact;
    if (sourceStore != null && sourceStore.contains(sha256)) {
      artifact = sourceStore.get(sha256); // verified by the store
      log.info("artifact {} ({} bytes) read from the local store {}", sha256, artifact.sizeBytes(),
          sourceStore.root());
    } else {
      URI uri = downloadUri(ref);
      artifact = download(uri, ref);
    }
    if (ref.getSizeBytes() > 0 && artifact.sizeBytes() != ref.getSizeBytes()) {
      throw new IOException("artifact " + sha256 + " has " + artifact.sizeBytes() + " bytes, the plan says "
          + ref.getSizeBytes());
    }
    cache.put(artifact);
    return artifact;
  }

  /** Where the cached copy of a fetched artifact lives (an edge JVM loads it from there). */
  Path cachedFile(String sha256) {
    return cache.pathOf(sha256);
  }

  private URI downloadUri(ArtifactRef ref) throws IOException {
    if (artifactUrl != null) {
      return artifactUrl.resolve("/artifacts/" + ref.getSha256());
    }
    String where = ref.getRef();
    if (where != null && (where.startsWith("http://") || where.startsWith("https://"))) {
      return URI.create(where);
    }
    throw new IOException("artifact " + ref.getSha256() + " (" + where + ") is not in the local store "
        + (sourceStore == null ? "(none given)" : sourceStore.root()) + " and no --artifact-url is set");
  }

  /** Downloads and verifies; a body whose sha256 differs from the reference is rejected, never loaded. */
  ModelArtifact download(URI uri, ArtifactRef ref) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    }
    byte[] bytes;
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("downloading artifact " + ref.getSha256() + " from " + uri + " failed: HTTP "
            + response.statusCode());
      }
      bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_ARTIFACT_BYTES + 1));
    }
    if (bytes.length > MAX_ARTIFACT_BYTES) {
      throw new IOException("artifact " + ref.getSha256() + " from " + uri + " is larger than "
          + MAX_ARTIFACT_BYTES + " bytes");
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(ref.getSha256())) {
      throw new IOException("artifact downloaded from " + uri + " is corrupt: expected sha256 " + ref.getSha256()
          + ", got " + actual + " (" + bytes.length + " bytes); not loading it");
    }
    log.info("artifact {} ({} bytes) downloaded from {} and verified", actual, bytes.length, uri);
    return ModelArtifact.parse(bytes, "artifact " + actual + " from " + uri);
  }
}
