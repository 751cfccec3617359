package io.jointcs.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks a gzip-compressed tar archive into a directory (tar parsing by Commons Compress). Only
 * regular files and directories are accepted: links, devices and entries whose path is absolute or
 * climbs out with ".." are refused, so a hostile mirror cannot write outside the target.
 */
final class TarExtractor {
  private TarExtractor() {}

  /** Extracts {@code archive} (.tar.gz) into {@code target} (created); returns the regular files written. */
  static List<Path> extractTarGz(Path archive, Path target) throws IOException {
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
      return extract(in, target, archive.toString());
    } catch (ZipException e) {
      throw new IOException("archive " + archive + " is not a valid gzip file: " + e.getMessage(), e);
    }
  }

  /** Extracts the (uncompressed) tar stream {@code in}; {@code source} names it in errors. */
  static List<Path> extract(InputStream in, Path target, String source) throws IOException {
    Files.createDirectories(target);
    Path root = target.toAbsolutePath().normalize();
    List<Path> written = new ArrayList<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    for (TarArchiveEntry entry; (entry = nextEntry(tar, source)) != null; ) {
      String name = entry.getName();
      if (entry.isDirectory()) {
        Files.createDirectories(safeResolve(root, name, source, true));
      } else if (isRegularFile(entry)) {
        Path file = safeResolve(root, name, source, false);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          copy(tar, out, entry.getSize(), source, name);
        }
        written.add(file);
      } else {
        throw new IOException("tar archive " + source + " entry '" + name + "' is a link or special file (type '"
            + (char) entry.getLinkFlag() + "'); only regular files and directories are accepted");
      }
    }
    return written;
  }

  /** Plain file types only: Commons Compress's isFile() is also true for links. */
  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte type = entry.getLinkFlag();
    return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
  }

  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String source) throws IOException {
    TarArchiveEntry entry;
    try {
      entry = tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("tar archive " + source + " has a corrupt header (" + e.getMessage() + "); not a tar file?", e);
    }
    if (entry != null && !entry.isCheckSumOK()) {
      throw new IOException("tar archive " + source + " has a corrupt header for entry '" + entry.getName()
          + "' (checksum mismatch); not a tar file?");
    }
    return entry;
  }

  private static Path safeResolve(Path root, String name, String source, boolean directory) throws IOException {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
      throw new IOException("tar archive " + source + " has an unsafe entry name '" + name + "'");
    }
    Path resolved = root.resolve(name).normalize();
    if (!resolved.startsWith(root) || (!directory && resolved.equals(root))) {
      throw new IOException("tar archive " + source + " entry '" + name + "' points outside the target directory");
    }
    return resolved;
  }

  private static void copy(InputStream in, OutputStream out, long size, String source, String name)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long done = 0;
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        done += n;
      }
    } catch (IOException e) {
      throw truncated(source, name, done, size, e);
    }
    if (done != size) {
      throw truncated(source, name, done, size, null);
    }
  }

  private static IOException truncated(String source, String name, long done, long size, IOException cause) {
    return new IOException("tar archive " + source + " is truncated: entry '" + name + "' has " + done + " of its "
        + size + " bytes" + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
  }
}
