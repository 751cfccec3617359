package io.jointcs.executor;

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
import java.time.Duration;
import java.util.Optional;

/**
 * The executor's side of artifact handling: base models come from the local content-addressed store, or, when
 * it lacks them and the event's {@code ref} is an http(s) URL (another instance's {@code GET /artifacts/{sha256}}),
 * are downloaded, verified against the requested sha256 and kept; fine-tuned models go into the store and out as
 * event references.
 */
public final class ArtifactRepository {
  /** Larger downloads are refused: no CIFAR model comes near it. Unit: bytes. */
  static final long MAX_DOWNLOAD_BYTES = 1L << 30;

  private final FileArtifactStore store;
  private final Optional<String> publicUrl;
  private final HttpClient http;

  public ArtifactRepository(FileArtifactStore store, Optional<String> publicUrl) {
    this.store = store;
    this.publicUrl = publicUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public FileArtifactStore store() {
    return store;
  }

  /** The artifact {@code ref} names, its bytes verified against {@code ref.sha256} and {@code ref.sizeBytes}. */
  public ModelArtifact fetch(ArtifactRef ref) throws EvaluationException {
    String sha256 = ref.getSha256();
    try {
      Sha256.requireValid(sha256);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("base artifact sha256 '" + sha256 + "' is not 64 lower-case hex digits");
    }
    ModelArtifact artifact = store.contains(sha256) ? fromStore(sha256) : download(ref);
    if (artifact.sizeBytes() != ref.getSizeBytes()) {
      throw new EvaluationException("base artifact " + sha256 + " has " + artifact.sizeBytes()
          + " bytes, the request says " + ref.getSizeBytes());
    }
    return artifact;
  }

  private ModelArtifact fromStore(String sha256) throws EvaluationException {
    try {
      return store.get(sha256); // re-hashes the file: a corrupt copy is an error, never a silent load
    } catch (IOException e) {
      throw new EvaluationException("base artifact " + sha256 + " in the store is unusable: " + e.getMessage(), e);
    }
  }

  private ModelArtifact download(ArtifactRef ref) throws EvaluationException {
    String sha256 = ref.getSha256();
    String location = ref.getRef();
    if (!(location.startsWith("http://") || location.startsWith("https://"))) {
      throw new EvaluationException("base artifact " + sha256 + " is not in the artifact store at " + store.root()
          + " and its ref '" + location + "' is not an http(s) URL to download it from");
    }
    byte[] bytes;
    try {
      HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(location))
          .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new EvaluationException("downloading base artifact " + sha256 + " from " + location + " failed: HTTP "
              + response.statusCode());
        }
        bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_DOWNLOAD_BYTES + 1));
        if (bytes.length > MAX_DOWNLOAD_BYTES) {
          throw new EvaluationException("base artifact at " + location + " is larger than " + MAX_DOWNLOAD_BYTES
              + " bytes");
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new EvaluationException("downloading base artifact " + sha256 + " from " + location + " failed: "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvaluationException("interrupted while downloading base artifact " + sha256, e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(sha256)) {
      throw new EvaluationException("sha256 mismatch: the base artifact downloaded from " + location + " has sha256 "
          + actual + ", the request names " + sha256);
    }
    try {
      ModelArtifact artifact = ModelArtifact.parse(bytes, location);
      store.put(artifact);
      return artifact;
    } catch (IOException e) {
      throw new EvaluationException("base artifact from " + location + " is not a model artifact: " + e.getMessage(),
          e);
    }
  }

  /** Stores {@code artifact} and returns the reference events carry. */
  public ArtifactRef put(ModelArtifact artifact) throws IOException {
    store.put(artifact);
    return refOf(artifact.sha256(), artifact.sizeBytes());
  }

  /** {@code <public url>/artifacts/<sha256>} when this instance is reachable, else the store-relative name. */
  public ArtifactRef refOf(String sha256, long sizeBytes) {
    String location = publicUrl.map(url -> url + "/artifacts/" + sha256)
        .orElse("artifacts/sha256/" + sha256 + ModelArtifact.FILE_EXTENSION);
    return ArtifactRef.newBuilder().setRef(location).setSha256(sha256).setSizeBytes(sizeBytes).build();
  }
}
