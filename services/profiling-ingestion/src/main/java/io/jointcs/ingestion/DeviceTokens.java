package io.jointcs.ingestion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Per-device bearer tokens, known only by their SHA-256: the configuration and secret files never hold a token,
 * and nothing here logs one. A token authenticates exactly one device.
 */
public final class DeviceTokens {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Device id by the digest of its token. */
  private final Map<String, byte[]> digestByDevice;

  private DeviceTokens(Map<String, byte[]> digestByDevice) {
    this.digestByDevice = Map.copyOf(digestByDevice);
  }

  /**
   * @param hashes device id to SHA-256 hex of its token
   * @param file optional file of {@code <device id> <sha256 hex>} lines; blank lines and {@code #} comments skipped
   * @throws IllegalArgumentException for a malformed digest or line (the message names the device, never a token)
   */
  public static DeviceTokens of(Map<String, String> hashes, Optional<Path> file) {
    Map<String, byte[]> digests = new LinkedHashMap<>();
    hashes.forEach((device, hex) -> digests.put(device, digest(device, hex, "configuration")));
    if (file.isPresent()) {
      try {
        int lineNo = 0;
        for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
          lineNo++;
          String text = line.strip();
          if (text.isEmpty() || text.startsWith("#")) {
            continue;
          }
          String[] parts = text.split("\\s+");
          if (parts.length != 2) {
            throw new IllegalArgumentException(file.get() + " line " + lineNo + ": expected '<device id> <sha256 hex>'");
          }
          digests.put(parts[0], digest(parts[0], parts[1], file.get() + " line " + lineNo));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the device token file " + file.get(), e);
      }
    }
    return new DeviceTokens(digests);
  }

  /** SHA-256 hex of a token: what an operator puts in the configuration ({@code printf %s TOKEN | sha256sum}). */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** The device a bearer token belongs to, or empty. Compares digests in constant time. */
  public Optional<String> deviceOf(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = sha256(token);
    String match = null;
    for (Map.Entry<String, byte[]> e : digestByDevice.entrySet()) {
      // no early exit: the time taken does not tell how many devices were tried
      if (MessageDigest.isEqual(presented, e.getValue()) && match == null) {
        match = e.getKey();
      }
    }
    return Optional.ofNullable(match);
  }

  public int size() {
    return digestByDevice.size();
  }

  private static byte[] digest(String device, String hex, String where) {
    String h = hex == null ? "" : hex.strip().toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(h).matches()) {
      throw new IllegalArgumentException("token digest of device " + device + " in " + where
          + " is not 64 hex characters (configure the SHA-256 of the token, not the token)");
    }
    return HexFormat.of().parseHex(h);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
