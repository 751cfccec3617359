package io.jointcs.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated devices and their bearer tokens. Ingestion knows a token only by its SHA-256 ({@code <device id>
 * <sha256 hex>} lines in {@code jointcs.ingestion.device-tokens-file}, a mounted secret); the load generator keeps
 * the tokens themselves in a {@code <device id> <token>} file of its own.
 */
public record DeviceFleet(Map<String, String> tokens) {
  public DeviceFleet {
    tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
  }

  public List<String> deviceIds() {
    return List.copyOf(tokens.keySet());
  }

  /** {@code count} devices {@code <prefix>0001...}, each with a fresh random token. */
  public static DeviceFleet generate(String prefix, int count) {
    SecureRandom random = new SecureRandom();
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 1; i <= count; i++) {
      byte[] secret = new byte[24];
      random.nextBytes(secret);
      tokens.put(String.format(Locale.ROOT, "%s%04d", prefix, i), HexFormat.of().formatHex(secret));
    }
    return new DeviceFleet(tokens);
  }

  /** Devices without tokens (Kafka only). */
  public static DeviceFleet ids(String prefix, int count) {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 1; i <= count; i++) {
      tokens.put(String.format(Locale.ROOT, "%s%04d", prefix, i), "");
    }
    return new DeviceFleet(tokens);
  }

  /** Reads {@code <device id> <token>} lines ({@code #} comments and blank lines skipped). */
  public static DeviceFleet read(Path tokensFile) throws IOException {
    Map<String, String> tokens = new LinkedHashMap<>();
    int n = 0;
    for (String line : Files.readAllLines(tokensFile, StandardCharsets.UTF_8)) {
      n++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      String[] parts = text.split("\\s+");
      if (parts.length != 2) {
        throw new IOException(tokensFile + " line " + n + ": expected '<device id> <token>'");
      }
      tokens.put(parts[0], parts[1]);
    }
    if (tokens.isEmpty()) {
      throw new IOException(tokensFile + " holds no device tokens");
    }
    return new DeviceFleet(tokens);
  }

  /** Writes the tokens ({@code <device id> <token>}) for the load generator. */
  public void writeTokens(Path file) throws IOException {
    StringBuilder s = new StringBuilder("# JointCS load test devices: <device id> <bearer token>\n");
    tokens.forEach((d, t) -> s.append(d).append(' ').append(t).append('\n'));
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  /** Writes what ingestion is configured with ({@code <device id> <sha256 hex of the token>}). */
  public void writeHashes(Path file) throws IOException {
    StringBuilder s = new StringBuilder("# JointCS load test devices: <device id> <sha256 hex of the token>\n");
    tokens.forEach((d, t) -> s.append(d).append(' ').append(sha256Hex(t)).append('\n'));
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  static String sha256Hex(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> prefixed(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(String.format(Locale.ROOT, "%s%04d", prefix, i));
    }
    return ids;
  }
}
