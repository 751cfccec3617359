package io.jointcs.data;

import io.jointcs.progress.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an official CIFAR binary archive (.tar.gz) into the datasets directory: the archive is
 * fetched and checked against its MD5 in a hidden staging directory beside the target, unpacked
 * and validated there, and only then renamed into place, so an interrupted or corrupt download
 * never leaves a half data set where {@link DatasetLocator} would find it. The URL and checksum are
 * configurable to use a mirror; file: URLs take an archive copied onto an offline machine.
 */
public final class CifarDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(CifarDownloader.class);

  /**
   * An archive to fetch.
   *
   * @param url http(s) or file URL of the .tar.gz
   * @param md5 expected MD5 of the archive, 32 hex digits
   * @param format the release it holds; the archive must unpack to {@code format.directoryName}
   */
  public record Source(URI url, String md5, CifarBinary.Format format) {
    public Source {
      if (md5 == null || !md5.matches("[0-9a-fA-F]{32}")) {
        throw new IllegalArgumentException("expected MD5 must be 32 hex digits, got '" + md5 + "'");
      }
      md5 = md5.toLowerCase(Locale.ROOT);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
        throw new IllegalArgumentException("download URL must be http, https or file, got " + url);
      }
    }

    /** The same archive from another place (a mirror), with that copy's checksum. */
    public Source withUrl(URI otherUrl, String otherMd5) {
      return new Source(otherUrl, otherMd5, format);
    }
  }

  /** The official CIFAR-10 binary release and its published MD5. */
  public static final Source CIFAR10 = new Source(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
      "c32a1d4ab5d03f1284b67883e8d87530", CifarBinary.Format.CIFAR10);

  private final Duration timeout;
  private final PrintStream progress;

  /**
   * @param timeout limit on connecting and on waiting for the response headers
   * @param progress where the progress bar goes; null for none
   */
  public CifarDownloader(Duration timeout, PrintStream progress) {
    this.timeout = timeout;
    this.progress = progress;
  }

  /**
   * The release directory {@code <datasetsDir>/<format.directoryName>}, downloaded and unpacked
   * when it is not there yet. An existing directory is used as is if it is a whole release.
   */
  public Path fetch(Source source, Path datasetsDir) throws IOException {
    Path target = datasetsDir.resolve(source.format().directoryName);
    if (Files.exists(target)) {
      return requireWhole(target, source);
    }
    List<Path> created = missingDirectories(datasetsDir);
    Files.createDirectories(datasetsDir);
    Path staging = Files.createTempDirectory(datasetsDir, ".download-");
    boolean placed = false;
    try {
      Path archive = staging.resolve("archive.tar.gz");
      String md5 = download(source, archive, datasetsDir);
      if (!md5.equals(source.md5())) {
        throw new IOException("checksum mismatch for " + source.url() + ": the download has MD5 " + md5 + ", expected "
            + source.md5() + " (" + Files.size(archive) + " bytes received); it was discarded and nothing was "
            + "stored in " + datasetsDir);
      }
      Path unpacked = staging.resolve("unpacked");
      TarExtractor.extractTarGz(archive, unpacked);
      Path release = unpacked.resolve(source.format().directoryName);
      if (!Files.isDirectory(release)) {
        throw new IOException("archive " + source.url() + " does not unpack to " + source.format().directoryName
            + "/ (it holds: " + DatasetLocator.subdirectoryNames(unpacked) + "); not the " + source.format().name()
            + " binary release");
      }
      CifarBinary.validate(release, source.format());
      placed = place(release, target);
      return placed ? target : requireWhole(target, source);
    } finally {
      deleteRecursively(staging);
      if (!placed) {
        created.forEach(CifarDownloader::deleteIfEmpty); // deepest first
      }
    }
  }

  /** The help printed when the archive cannot be fetched: where to put a copy made elsewhere. */
  public static String offlineHelp(Source source, Path datasetsDir) {
    String archiveName = archiveName(source);
    return "If this machine is offline, fetch " + source.url() + " (MD5 " + source.md5() + ") elsewhere, copy it here "
        + "and either unpack it with: tar xzf " + archiveName + " -C " + datasetsDir + "  (giving "
        + datasetsDir.resolve(source.format().directoryName) + "/), or give its local path as the download URL "
        + "(file:///path/to/" + archiveName + ").\n" + DatasetLocator.layoutHelp(datasetsDir);
  }

  private static String archiveName(Source source) {
    String path = source.url().getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "archive.tar.gz" : name;
  }

  private static Path requireWhole(Path target, Source source) throws IOException {
    try {
      CifarBinary.validate(target, source.format());
    } catch (IOException e) {
      throw new IOException(target + " exists but is not a whole " + source.format().name() + " release ("
          + e.getMessage() + "); remove it to download again", e);
    }
    return target;
  }

  /** Renames the validated release into place; false when another process placed one first. */
  private static boolean place(Path release, Path target) throws IOException {
    try {
      Files.move(release, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      LOG.info("{} appeared while downloading; using it", target);
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      // cannot happen inside one directory on a sane file system; a plain move is the best left
      Files.move(release, target);
      return true;
    }
  }

  /** Streams the archive to {@code file}; returns its MD5 in hex. */
  private String download(Source source, Path file, Path datasetsDir) throws IOException {
    MessageDigest md5 = md5();
    try {
      if ("file".equalsIgnoreCase(source.url().getScheme())) {
        Path local = Path.of(source.url());
        try (InputStream in = Files.newInputStream(local)) {
          copy(in, file, Files.size(local), md5, archiveName(source));
        }
      } else {
        fetchHttp(source, file, md5);
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file " + e.getMessage() : reason(e);
      throw new IOException("could not download " + source.url() + ": " + reason + "\n"
          + offlineHelp(source, datasetsDir), e);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private void fetchHttp(Source source, Path file, MessageDigest md5) throws IOException {
    URI url = source.url();
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("download of " + url + " interrupted");
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("the server answered HTTP " + response.statusCode());
      }
      copy(in, file, response.headers().firstValueAsLong("Content-Length").orElse(-1), md5, archiveName(source));
    }
  }

  /** The exception and its causes, as "ConnectException: Connection refused" (HttpClient leaves messages empty). */
  private static String reason(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
      String part = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(part) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(part);
      }
    }
    return text.toString();
  }

  /** Copies {@code in} to {@code file}, hashing it; {@code length} in bytes, -1 when unknown. */
  private void copy(InputStream in, Path file, long length, MessageDigest md5, String label) throws IOException {
    ProgressBar bar = progress == null || length <= 0 ? null : new ProgressBar("download " + label, length, progress);
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    try (InputStream hashed = new DigestInputStream(in, md5); OutputStream out = Files.newOutputStream(file)) {
      for (int n; (n = hashed.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        done += n;
        if (bar != null) {
          bar.update(done, String.format(Locale.ROOT, "%.1f/%.1f MB", done / 1e6, length / 1e6));
        }
      }
    }
    if (length > 0 && done != length) {
      throw new IOException("the connection ended after " + done + " of " + length + " bytes");
    }
    LOG.info("downloaded {} bytes", done);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("could not remove {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("could not clean up {}: {}", dir, e.getMessage());
    }
  }

  /** {@code dir} and its ancestors that do not exist yet, deepest first. */
  private static List<Path> missingDirectories(Path dir) {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    return missing;
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // not empty (something else lives there): leave it
    }
  }
}
